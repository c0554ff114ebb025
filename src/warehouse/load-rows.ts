/**
 * Loads warehouse rows with multi-row upserts: one statement per table however many deliveries
 * the rows came from. Every versioned entity is last-write-wins on its `updated_at`; tombstones
 * and redactions are applied after the upserts, so that any arrival order converges on the same
 * state, and replays are no-ops.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DeletionRow, WarehouseRows } from '../domain/rows';
import { rebuildCustomers } from './customers-scd';
import { eraseCustomerData } from './erase-customer';
import {
  bulkOperation,
  customerVersion,
  deletedEntity,
  dimChannel,
  dimCollection,
  dimInventoryItem,
  dimLocation,
  dimProduct,
  dimShop,
  dimVariant,
  factFulfillment,
  factInventoryLevel,
  factInventoryLevelHistory,
  factOrder,
  factOrderEdit,
  factOrderLine,
  factRefund,
  factRefundLine,
  redactedCustomer,
} from './schema';
import { shopIdsOf } from './shops';
import { aliased, insertOnce, tuplesIn, upsertRows, type Tx } from './upsert';

export type LoadCounts = Record<keyof WarehouseRows, number>;

function allDomains(rows: WarehouseRows): string[] {
  const domains = new Set<string>();
  for (const list of Object.values(rows) as { shopDomain: string }[][]) for (const row of list) domains.add(row.shopDomain);
  return [...domains];
}

export async function loadWarehouseRows(tx: Tx, rows: WarehouseRows): Promise<LoadCounts> {
  const ids = await shopIdsOf(tx, allDomains(rows));
  const withShop = <R extends { shopDomain: string }>(list: readonly R[]) =>
    list.map(({ shopDomain, ...row }) => ({ ...row, shopId: ids.get(shopDomain)! }));

  await updateShops(tx, rows);

  const customers = withShop(rows.customers);
  await upsertRows(tx, customerVersion, customers, { key: [customerVersion.shopId, customerVersion.customerId, customerVersion.updatedAt] });

  const orders = withShop(rows.orders);
  await upsertRows(tx, factOrder, orders, {
    key: [factOrder.shopId, factOrder.orderId],
    version: factOrder.updatedAt,
    keep: [factOrder.deletedAt],
  });
  await upsertRows(tx, factOrderLine, withShop(rows.orderLines), {
    key: [factOrderLine.shopId, factOrderLine.lineItemId],
    version: factOrderLine.orderUpdatedAt,
  });
  await removeChildrenOfOlderVersions(tx, factOrderLine, factOrderLine.orderId, factOrderLine.orderUpdatedAt, factOrder, factOrder.orderId, orders.map((o) => [o.shopId, o.orderId]));
  await upsertRows(tx, dimChannel, withShop(rows.channels), { key: [dimChannel.shopId, dimChannel.sourceName] });
  await upsertRows(tx, factOrderEdit, withShop(rows.orderEdits), { key: [factOrderEdit.shopId, factOrderEdit.orderEditId] });

  const products = withShop(rows.products);
  await upsertRows(tx, dimProduct, products, { key: [dimProduct.shopId, dimProduct.productId], version: dimProduct.updatedAt, keep: [dimProduct.deletedAt] });
  await upsertRows(tx, dimVariant, withShop(rows.variants), {
    key: [dimVariant.shopId, dimVariant.variantId],
    version: dimVariant.productUpdatedAt,
    keep: [dimVariant.deletedAt],
  });
  await removeChildrenOfOlderVersions(tx, dimVariant, dimVariant.productId, dimVariant.productUpdatedAt, dimProduct, dimProduct.productId, products.map((p) => [p.shopId, p.productId]));
  await upsertRows(tx, dimCollection, withShop(rows.collections), {
    key: [dimCollection.shopId, dimCollection.collectionId],
    version: dimCollection.updatedAt,
    keep: [dimCollection.deletedAt],
  });

  await insertOnce(tx, dimLocation, withShop(rows.locations));
  await upsertRows(tx, dimInventoryItem, withShop(rows.inventoryItems), {
    key: [dimInventoryItem.shopId, dimInventoryItem.inventoryItemId],
    version: dimInventoryItem.updatedAt,
    keep: [dimInventoryItem.deletedAt],
  });
  const levels = withShop(rows.inventoryLevels);
  await upsertRows(tx, factInventoryLevel, levels, {
    key: [factInventoryLevel.shopId, factInventoryLevel.inventoryItemId, factInventoryLevel.locationId],
    version: factInventoryLevel.updatedAt,
  });
  await insertOnce(tx, factInventoryLevelHistory, levels);
  await disconnectLevels(tx, withShop(rows.inventoryDisconnects));

  await upsertRows(tx, factRefund, withShop(rows.refunds), { key: [factRefund.shopId, factRefund.refundId] });
  await upsertRows(tx, factRefundLine, withShop(rows.refundLines), { key: [factRefundLine.shopId, factRefundLine.refundLineItemId] });
  await upsertRows(tx, factFulfillment, withShop(rows.fulfillments), {
    key: [factFulfillment.shopId, factFulfillment.fulfillmentId],
    version: factFulfillment.updatedAt,
  });
  await upsertRows(tx, bulkOperation, withShop(rows.bulkOperations), { key: [bulkOperation.adminGraphqlApiId] });

  const deletions = withShop(rows.deletions);
  await insertOnce(tx, deletedEntity, deletions);
  await applyTombstones(tx, deletions, { orders, products, inventoryItems: withShop(rows.inventoryItems), collections: withShop(rows.collections) });

  // Customers last: their versions, tombstones and redactions are all in place by now.
  const touched = new Map<string, { shopId: number; customerId: string }>();
  for (const c of [...customers, ...deletions.filter((d) => d.entity === 'customer').map((d) => ({ shopId: d.shopId, customerId: d.entityId }))]) {
    touched.set(`${c.shopId}/${c.customerId}`, { shopId: c.shopId, customerId: c.customerId });
  }
  await eraseRedactedCustomers(tx, [...touched.values()]);
  await rebuildCustomers(tx, [...touched.values()]);

  const counts = {} as LoadCounts;
  for (const key of Object.keys(rows) as (keyof WarehouseRows)[]) counts[key] = rows[key].length;
  return counts;
}

/** Shop attributes (last-write-wins on updated_at) and uninstalls. Rare: one statement each. */
async function updateShops(tx: Tx, rows: WarehouseRows) {
  for (const { shopDomain, ...shop } of rows.shops) {
    await tx
      .update(dimShop)
      .set(shop)
      .where(and(eq(dimShop.domain, shopDomain), sql`(${dimShop.updatedAt} is null or ${dimShop.updatedAt} <= ${shop.updatedAt})`));
  }
  for (const { shopDomain, uninstalledAt } of rows.shopUninstalls) {
    await tx
      .update(dimShop)
      .set({ uninstalledAt: sql`greatest(${dimShop.uninstalledAt}, ${uninstalledAt}::timestamptz)` })
      .where(eq(dimShop.domain, shopDomain));
  }
}

/**
 * Children (order lines, variants) that are older than their parent's stored version are no
 * longer part of it: an edit dropped them. Deleting them keeps totals equal to the parent's
 * current state in any arrival order.
 */
async function removeChildrenOfOlderVersions(
  tx: Tx,
  child: PgTable,
  childParentId: PgColumn,
  childVersion: PgColumn,
  parent: PgTable,
  parentId: PgColumn,
  parents: readonly [number, string][],
) {
  if (parents.length === 0) return;
  await tx.execute(sql`
    delete from ${child} c using ${parent} p
    where p.shop_id = c.shop_id and p.${sql.identifier(parentId.name)} = c.${sql.identifier(childParentId.name)}
      and c.${sql.identifier(childVersion.name)} < p.updated_at
      and ${tuplesIn([aliased('p', dimShop.shopId), aliased('p', parentId)], parents)}`);
}

/** A disconnect marks the level, unless a newer reading (a reconnect) is already stored. */
async function disconnectLevels(tx: Tx, disconnects: readonly { shopId: number; inventoryItemId: string; locationId: string; disconnectedAt: string; rawKey: string }[]) {
  for (const d of disconnects) {
    await tx
      .insert(factInventoryLevel)
      .values({ ...d, available: null, updatedAt: d.disconnectedAt })
      .onConflictDoUpdate({
        target: [factInventoryLevel.shopId, factInventoryLevel.inventoryItemId, factInventoryLevel.locationId],
        set: { disconnectedAt: sql`excluded.disconnected_at`, updatedAt: sql`excluded.updated_at`, rawKey: sql`excluded.raw_key` },
        setWhere: sql`${factInventoryLevel.updatedAt} <= excluded.updated_at`,
      });
  }
}

type Keyed = { shopId: number };

/** Sets `deleted_at` from tombstones on every row this batch touched or deleted. */
async function applyTombstones(
  tx: Tx,
  deletions: readonly (Omit<DeletionRow, 'shopDomain'> & Keyed)[],
  touched: {
    orders: readonly (Keyed & { orderId: string })[];
    products: readonly (Keyed & { productId: string })[];
    collections: readonly (Keyed & { collectionId: string })[];
    inventoryItems: readonly (Keyed & { inventoryItemId: string })[];
  },
) {
  const targets = [
    { entity: 'order', table: factOrder, id: factOrder.orderId, rows: touched.orders.map((r) => [r.shopId, r.orderId]) },
    { entity: 'product', table: dimProduct, id: dimProduct.productId, rows: touched.products.map((r) => [r.shopId, r.productId]) },
    { entity: 'product', table: dimVariant, id: dimVariant.productId, rows: touched.products.map((r) => [r.shopId, r.productId]) },
    { entity: 'collection', table: dimCollection, id: dimCollection.collectionId, rows: touched.collections.map((r) => [r.shopId, r.collectionId]) },
    {
      entity: 'inventory_item',
      table: dimInventoryItem,
      id: dimInventoryItem.inventoryItemId,
      rows: touched.inventoryItems.map((r) => [r.shopId, r.inventoryItemId]),
    },
  ] as const;
  for (const target of targets) {
    const keys = [...target.rows, ...deletions.filter((d) => d.entity === target.entity).map((d) => [d.shopId, d.entityId])];
    if (keys.length === 0) continue;
    const idColumn = sql.identifier(target.id.name);
    await tx.execute(sql`
      update ${target.table} x set deleted_at = t.deleted_at from ${deletedEntity} t
      where t.shop_id = x.shop_id and t.entity = ${target.entity} and t.entity_id = x.${idColumn}
        and x.deleted_at is null and ${tuplesIn([aliased('x', dimShop.shopId), aliased('x', target.id)], keys)}`);
  }
}

/** Erases personal data that arrived late about customers whose data was already erased. */
async function eraseRedactedCustomers(tx: Tx, customers: readonly { shopId: number; customerId: string }[]) {
  if (customers.length === 0) return;
  const redacted = await tx.execute<{ shop_id: number; customer_id: string }>(sql`
    select s.shop_id, r.customer_id::text from ${redactedCustomer} r join ${dimShop} s on s.domain = r.shop_domain
    where ${tuplesIn([aliased('s', dimShop.shopId), aliased('r', redactedCustomer.customerId)], customers.map((c) => [c.shopId, c.customerId]))}`);
  for (const { shop_id: shopId, customer_id: customerId } of redacted.rows) await eraseCustomerData(tx, shopId, customerId);
}
