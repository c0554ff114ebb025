/** Products with variants, customers (current SCD row, with history on request) and inventory. */
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Warehouse } from '../db';
import { dimCustomer, dimProduct, dimVariant, factInventoryLevel } from '../schema';
import { inShop, type ShopScope, toPage } from './scope';

const productColumns = {
  id: dimProduct.productId,
  title: dimProduct.title,
  handle: dimProduct.handle,
  vendor: dimProduct.vendor,
  productType: dimProduct.productType,
  status: dimProduct.status,
  tags: dimProduct.tags,
  createdAt: dimProduct.createdAt,
  updatedAt: dimProduct.updatedAt,
  deletedAt: dimProduct.deletedAt,
};

const variantColumns = {
  id: dimVariant.variantId,
  productId: dimVariant.productId,
  title: dimVariant.title,
  sku: dimVariant.sku,
  barcode: dimVariant.barcode,
  price: dimVariant.price,
  compareAtPrice: dimVariant.compareAtPrice,
  position: dimVariant.position,
  inventoryItemId: dimVariant.inventoryItemId,
  deletedAt: dimVariant.deletedAt,
};

export async function listProducts(db: Warehouse, scope: ShopScope, page: { after?: string; limit: number }) {
  const conditions: SQL[] = [inShop(scope, dimProduct.shopId)];
  if (page.after) conditions.push(gt(dimProduct.productId, page.after));
  const rows = await db
    .select(productColumns)
    .from(dimProduct)
    .where(and(...conditions))
    .orderBy(asc(dimProduct.productId))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [row.id]);
}

export async function getProduct(db: Warehouse, scope: ShopScope, productId: string) {
  const [product] = await db
    .select(productColumns)
    .from(dimProduct)
    .where(and(inShop(scope, dimProduct.shopId), eq(dimProduct.productId, productId)));
  if (!product) return null;
  const variants = await db
    .select(variantColumns)
    .from(dimVariant)
    .where(and(inShop(scope, dimVariant.shopId), eq(dimVariant.productId, productId)))
    .orderBy(asc(dimVariant.position), asc(dimVariant.variantId));
  return { ...product, variants };
}

const customerColumns = {
  id: dimCustomer.customerId,
  emailHash: dimCustomer.emailHash,
  email: dimCustomer.email,
  state: dimCustomer.state,
  verifiedEmail: dimCustomer.verifiedEmail,
  tags: dimCustomer.tags,
  currency: dimCustomer.currency,
  country: dimCustomer.country,
  province: dimCustomer.province,
  city: dimCustomer.city,
  createdAt: dimCustomer.createdAt,
  updatedAt: dimCustomer.updatedAt,
  validFrom: dimCustomer.validFrom,
  validTo: dimCustomer.validTo,
  deletedAt: dimCustomer.deletedAt,
  redactedAt: dimCustomer.redactedAt,
};

export async function listCustomers(db: Warehouse, scope: ShopScope, page: { after?: string; limit: number }) {
  const conditions: SQL[] = [inShop(scope, dimCustomer.shopId), eq(dimCustomer.isCurrent, true)];
  if (page.after) conditions.push(gt(dimCustomer.customerId, page.after));
  const rows = await db
    .select(customerColumns)
    .from(dimCustomer)
    .where(and(...conditions))
    .orderBy(asc(dimCustomer.customerId))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [row.id]);
}

/** The customer as they are now, with every earlier version (SCD type 2 history). */
export async function getCustomer(db: Warehouse, scope: ShopScope, customerId: string) {
  const versions = await db
    .select(customerColumns)
    .from(dimCustomer)
    .where(and(inShop(scope, dimCustomer.shopId), eq(dimCustomer.customerId, customerId)))
    .orderBy(asc(dimCustomer.validFrom));
  const current = versions.find((v) => v.validTo === null);
  return current ? { ...current, history: versions } : null;
}

export async function listInventory(
  db: Warehouse,
  scope: ShopScope,
  filters: { inventoryItemId?: string; locationId?: string; after?: [string, string]; limit: number },
) {
  const conditions: SQL[] = [inShop(scope, factInventoryLevel.shopId)];
  if (filters.inventoryItemId) conditions.push(eq(factInventoryLevel.inventoryItemId, filters.inventoryItemId));
  if (filters.locationId) conditions.push(eq(factInventoryLevel.locationId, filters.locationId));
  if (filters.after) {
    const [item, location] = filters.after;
    conditions.push(sql`(${factInventoryLevel.inventoryItemId}, ${factInventoryLevel.locationId}) > (${item}, ${location})`);
  }
  const rows = await db
    .select({
      inventoryItemId: factInventoryLevel.inventoryItemId,
      locationId: factInventoryLevel.locationId,
      available: factInventoryLevel.available,
      updatedAt: factInventoryLevel.updatedAt,
      disconnectedAt: factInventoryLevel.disconnectedAt,
    })
    .from(factInventoryLevel)
    .where(and(...conditions))
    .orderBy(asc(factInventoryLevel.inventoryItemId), asc(factInventoryLevel.locationId))
    .limit(filters.limit + 1);
  return toPage(rows, filters.limit, (row) => [row.inventoryItemId, row.locationId]);
}
