/**
 * Loads warehouse rows with multi-row upserts: one statement per table however many deliveries
 * the rows came from. Every versioned entity is last-write-wins on its `updated_at`; tombstones
 * and redactions are applied after the upserts, so that any arrival order converges on the same
 * state, and replays are no-ops.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type CustomerKey, customersOfOrders, lockCustomers, markCustomerFigures, refreshCustomerFigures } from './customer-figures';
import { rebuildCustomers } from './customers-scd';
import { eraseCustomerData } from './erase-customer';
import { setConnectionState } from './installs';
import {
  inventoryItemsOfVariants,
  markProductDays,
  productDaysOfOrders,
  productDaysOfVariants,
  variantsRepricedByCosts,
  variantsWithNewItems,
} from './product-days';
import { upsertReturns } from './returns';
import type { DeletionRow, WarehouseRows } from './rows';
import {
  bulkOperation,
  collectionMembership,
  collectionProduct,
  customerVersion,
  deletedEntity,
  dimChannel,
  dimCollection,
  dimDiscount,
  dimDiscountCode,
  dimInventoryItem,
  dimInventoryItemCostHistory,
  dimLocation,
  dimProduct,
  dimShop,
  dimVariant,
  factCheckout,
  factDiscountAllocation,
  factDraftOrder,
  factDraftOrderLine,
  factFulfillment,
  factFulfillmentOrder,
  factFulfillmentOrderEvent,
  factFulfillmentOrderLine,
  factInventoryLevel,
  factInventoryLevelHistory,
  factOrder,
  factOrderDiscount,
  factOrderEdit,
  factOrderLine,
  factOrderTransaction,
  factRefund,
  factRefundLine,
  factReturnEvent,
  factReturnLine,
  factShippingLine,
  productContent,
  productImage,
  redactedCustomer,
  shopInstall,
  variantMarketPrice,
} from './schema';
import { shopIdsOf } from './shops';
import {
  aliased,
  inKeyOrder,
  insertOnce,
  insertOnceReturning,
  propertyOf,
  removeOlderChildren,
  type Tx,
  tuplesIn,
  upsertChangedRows,
  upsertRows,
  upsertRowsReturning,
} from './upsert';

/** A product's Google Shopping attributes, which only product CSVs carry: a resync's version of its content leaves them as they are. */
const GOOGLE_SHOPPING = [
  productContent.googleProductCategory,
  productContent.googleGender,
  productContent.googleAgeGroup,
  productContent.googleMpn,
  productContent.googleCondition,
  productContent.googleCustomProduct,
  productContent.googleAdwordsGrouping,
  productContent.googleAdwordsLabels,
  productContent.googleCustomLabel0,
  productContent.googleCustomLabel1,
  productContent.googleCustomLabel2,
  productContent.googleCustomLabel3,
  productContent.googleCustomLabel4,
];

export type LoadCounts = Record<keyof WarehouseRows, number>;

/** A discount's terms, which only resyncs carry: a webhook's version of the discount leaves them as they are. */
const DISCOUNT_TERMS = [
  dimDiscount.discountType,
  dimDiscount.summary,
  dimDiscount.startsAt,
  dimDiscount.endsAt,
  dimDiscount.usageCount,
  dimDiscount.codesCount,
];

function allDomains(rows: WarehouseRows): string[] {
  const domains = new Set<string>();
  for (const list of Object.values(rows) as { shopDomain: string }[][]) for (const row of list) domains.add(row.shopDomain);
  return [...domains];
}

export interface LoadOptions {
  /**
   * Leave the figures of customers the load touches only through their orders to one refresh
   * later (markCustomerFigures): a resync's pages each name a shop's frequent customers again.
   */
  deferCustomerFigures?: boolean;
}

export async function loadWarehouseRows(tx: Tx, rows: WarehouseRows, options: LoadOptions = {}): Promise<LoadCounts> {
  const ids = await shopIdsOf(tx, allDomains(rows));
  const withShop = <R extends { shopDomain: string }>(list: readonly R[]) => list.map(({ shopDomain, ...row }) => ({ ...row, shopId: ids.get(shopDomain)! }));

  await updateShops(tx, rows);

  const customers = withShop(rows.customers);
  // Orders carry their customer: most arrive with a version already stored, which changes nothing
  // and is not locked; the customers a load touches are locked later, for their figures (lockCustomers).
  const changedCustomers = await upsertChangedRows<typeof customerVersion, CustomerKey>(tx, customerVersion, customers, {
    lineage: [customerVersion.rawKey, customerVersion.loadedAt],
    returning: sql`shop_id as "shopId", customer_id::text as "customerId"`,
  });

  const orders = withShop(rows.orders);
  // The orders whose customers' months this load may change; an order moved to another customer changes both.
  const ordersTouched = [
    ...orders,
    ...withShop(rows.refunds),
    ...withShop(rows.refundLines),
    ...withShop(rows.deletions).flatMap((d) => (d.entity === 'order' ? [{ shopId: d.shopId, orderId: d.entityId }] : [])),
  ];
  const customersBefore = await customersOfOrders(tx, orders);
  const productDaysBefore = await productDaysOfOrders(tx, orders);
  await upsertFamily(tx, {
    parent: { table: factOrder, rows: orders, id: factOrder.orderId, version: factOrder.updatedAt, keep: [factOrder.deletedAt] },
    children: [
      child({
        table: factOrderLine,
        rows: withShop(rows.orderLines),
        key: [factOrderLine.lineItemId],
        parentId: factOrderLine.orderId,
        version: factOrderLine.orderUpdatedAt,
      }),
      child({
        table: factOrderDiscount,
        rows: withShop(rows.orderDiscounts),
        key: [factOrderDiscount.orderId, factOrderDiscount.applicationIndex],
        parentId: factOrderDiscount.orderId,
        version: factOrderDiscount.orderUpdatedAt,
      }),
      child({
        table: factDiscountAllocation,
        rows: withShop(rows.discountAllocations),
        key: [factDiscountAllocation.targetType, factDiscountAllocation.targetId, factDiscountAllocation.applicationIndex],
        parentId: factDiscountAllocation.orderId,
        version: factDiscountAllocation.orderUpdatedAt,
      }),
      child({
        table: factShippingLine,
        rows: withShop(rows.shippingLines),
        key: [factShippingLine.shippingLineId],
        parentId: factShippingLine.orderId,
        version: factShippingLine.orderUpdatedAt,
      }),
    ],
  });
  // Every order names its channel: a shop's loads all restate the same few rows, which must not serialize them.
  await upsertChangedRows(tx, dimChannel, withShop(rows.channels), { returning: sql`1` });
  await upsertRows(tx, factOrderEdit, withShop(rows.orderEdits), { key: [factOrderEdit.shopId, factOrderEdit.orderEditId] });

  const products = withShop(rows.products);
  const variants = withShop(rows.variants);
  const itemsBefore = await inventoryItemsOfVariants(tx, variants);
  await upsertFamily(tx, {
    parent: { table: dimProduct, rows: products, id: dimProduct.productId, version: dimProduct.updatedAt, keep: [dimProduct.deletedAt] },
    children: [
      child({
        table: dimVariant,
        rows: variants,
        key: [dimVariant.variantId],
        parentId: dimVariant.productId,
        version: dimVariant.productUpdatedAt,
        keep: [dimVariant.deletedAt],
      }),
      child({
        table: productImage,
        rows: withShop(rows.productImages),
        key: [productImage.productId, productImage.position],
        parentId: productImage.productId,
        version: productImage.updatedAt,
      }),
    ],
  });
  // A product's content has its own versions: webhooks carry none of it, so a webhook's newer product leaves it as it is.
  await upsertFamily(tx, {
    parent: {
      table: productContent,
      rows: withShop(rows.productContents),
      id: productContent.productId,
      version: productContent.updatedAt,
      fillOnly: GOOGLE_SHOPPING,
    },
    children: [
      child({
        table: variantMarketPrice,
        rows: withShop(rows.variantMarketPrices),
        key: [variantMarketPrice.variantId, variantMarketPrice.market],
        parentId: variantMarketPrice.productId,
        version: variantMarketPrice.productUpdatedAt,
      }),
    ],
  });
  await upsertRows(tx, dimCollection, withShop(rows.collections), {
    key: [dimCollection.shopId, dimCollection.collectionId],
    version: dimCollection.updatedAt,
    keep: [dimCollection.deletedAt],
  });

  const locations = withShop(rows.locations);
  await upsertFamily(tx, {
    parent: {
      table: collectionMembership,
      rows: withShop(rows.collectionMemberships),
      id: collectionMembership.collectionId,
      version: collectionMembership.updatedAt,
    },
    children: [
      child({
        table: collectionProduct,
        rows: withShop(rows.collectionProducts),
        key: [collectionProduct.collectionId, collectionProduct.productId],
        parentId: collectionProduct.collectionId,
        version: collectionProduct.collectionUpdatedAt,
      }),
    ],
  });
  await insertOnce(tx, dimLocation, withShop(rows.locationRefs));
  await upsertRows(tx, dimLocation, locations, {
    key: [dimLocation.shopId, dimLocation.locationId],
    version: dimLocation.updatedAt,
    keep: [dimLocation.deletedAt, dimLocation.firstSeenAt],
  });
  const items = withShop(rows.inventoryItems);
  await upsertRows(tx, dimInventoryItem, items, {
    key: [dimInventoryItem.shopId, dimInventoryItem.inventoryItemId],
    version: dimInventoryItem.updatedAt,
    keep: [dimInventoryItem.deletedAt],
  });
  const newCosts = await insertOnceReturning<typeof dimInventoryItemCostHistory, { shopId: number; inventoryItemId: string; updatedAt: string }>(
    tx,
    dimInventoryItemCostHistory,
    items.flatMap(({ shopId, inventoryItemId, updatedAt, cost, rawKey }) => (cost == null ? [] : [{ shopId, inventoryItemId, updatedAt, cost, rawKey }])),
    sql`shop_id as "shopId", inventory_item_id::text as "inventoryItemId", updated_at::text as "updatedAt"`,
  );
  const levels = withShop(rows.inventoryLevels);
  await upsertRows(tx, factInventoryLevel, levels, {
    key: [factInventoryLevel.shopId, factInventoryLevel.inventoryItemId, factInventoryLevel.locationId],
    version: factInventoryLevel.updatedAt,
  });
  await insertOnce(tx, factInventoryLevelHistory, levels);
  await disconnectLevels(tx, withShop(rows.inventoryDisconnects));

  await upsertRows(tx, factOrderTransaction, withShop(rows.transactions), {
    key: [factOrderTransaction.shopId, factOrderTransaction.transactionId],
    version: factOrderTransaction.observedAt,
  });
  await upsertRows(tx, factRefund, withShop(rows.refunds), {
    key: [factRefund.shopId, factRefund.refundId],
    fillOnly: [factRefund.shippingRefunded, factRefund.shippingTaxRefunded, factRefund.dutiesRefunded, factRefund.additionalFeesRefunded],
  });
  await upsertRows(tx, factRefundLine, withShop(rows.refundLines), { key: [factRefundLine.shopId, factRefundLine.refundLineItemId] });
  await upsertRows(tx, factFulfillment, withShop(rows.fulfillments), {
    key: [factFulfillment.shopId, factFulfillment.fulfillmentId],
    version: factFulfillment.updatedAt,
  });
  await upsertFamily(tx, {
    parent: {
      table: factFulfillmentOrder,
      rows: withShop(rows.fulfillmentOrders),
      id: factFulfillmentOrder.fulfillmentOrderId,
      version: factFulfillmentOrder.updatedAt,
    },
    children: [
      child({
        table: factFulfillmentOrderLine,
        rows: withShop(rows.fulfillmentOrderLines),
        key: [factFulfillmentOrderLine.fulfillmentOrderLineItemId],
        parentId: factFulfillmentOrderLine.fulfillmentOrderId,
        version: factFulfillmentOrderLine.fulfillmentOrderUpdatedAt,
      }),
    ],
  });
  await insertOnce(tx, factFulfillmentOrderEvent, withShop(rows.fulfillmentOrderEvents));
  const draftOrders = withShop(rows.draftOrders);
  await upsertFamily(tx, {
    parent: { table: factDraftOrder, rows: draftOrders, id: factDraftOrder.draftOrderId, version: factDraftOrder.updatedAt, keep: [factDraftOrder.deletedAt] },
    children: [
      child({
        table: factDraftOrderLine,
        rows: withShop(rows.draftOrderLines),
        key: [factDraftOrderLine.lineItemId],
        parentId: factDraftOrderLine.draftOrderId,
        version: factDraftOrderLine.draftOrderUpdatedAt,
      }),
    ],
  });
  const checkouts = withShop(rows.checkouts);
  await upsertRows(tx, factCheckout, checkouts, {
    key: [factCheckout.shopId, factCheckout.checkoutId],
    version: factCheckout.updatedAt,
    keep: [factCheckout.deletedAt],
  });
  await upsertRows(tx, bulkOperation, withShop(rows.bulkOperations), { key: [bulkOperation.shopId, bulkOperation.adminGraphqlApiId] });
  await upsertReturns(tx, withShop(rows.returns));
  await upsertRows(tx, factReturnLine, withShop(rows.returnLines), {
    key: [factReturnLine.shopId, factReturnLine.returnLineItemId],
    version: factReturnLine.observedAt,
  });
  await removeOlderChildren(tx, factReturnLine, factReturnLine.returnId, factReturnLine.observedAt, withShop(rows.returnLineSets));
  await insertOnce(tx, factReturnEvent, withShop(rows.returnEvents));

  const discounts = withShop(rows.discounts);
  const discountHeaders = withShop(rows.discountHeaders);
  const discountVersion = { key: [dimDiscount.shopId, dimDiscount.discountId], version: dimDiscount.updatedAt };
  await upsertRows(tx, dimDiscount, discounts, { ...discountVersion, keep: [dimDiscount.deletedAt] });
  await upsertRows(tx, dimDiscount, discountHeaders, { ...discountVersion, keep: [dimDiscount.deletedAt, ...DISCOUNT_TERMS] });
  await upsertRows(tx, dimDiscountCode, withShop(rows.discountCodes), {
    key: [dimDiscountCode.shopId, dimDiscountCode.discountCodeId],
    version: dimDiscountCode.observedAt,
  });
  await removeOlderChildren(tx, dimDiscountCode, dimDiscountCode.discountId, dimDiscountCode.observedAt, withShop(rows.discountCodeSets));

  const deletions = withShop(rows.deletions);
  await insertOnce(tx, deletedEntity, deletions);
  const deletedCustomers = deletions.filter((d) => d.entity === 'customer').map((d) => ({ shopId: d.shopId, customerId: d.entityId }));
  const targets = tombstoneTargets({
    orders,
    products,
    inventoryItems: items,
    collections: withShop(rows.collections),
    locations,
    draftOrders,
    checkouts,
    discounts: [...discounts, ...discountHeaders],
  });
  // Draft orders and checkouts name their customer without a version of it: an erased customer's are erased too.
  const named = [...draftOrders, ...checkouts].flatMap(({ shopId, customerId }) => (customerId ? [{ shopId, customerId }] : []));
  const standing = await standingAgainst(tx, distinctCustomers([...customers, ...deletedCustomers, ...named]), targets);
  await applyTombstones(tx, deletions, targets, standing.tombstoned);

  // Customers last: their versions, tombstones and redactions are all in place by now.
  for (const { shopId, customerId } of standing.redacted) await eraseCustomerData(tx, shopId, customerId);
  const rebuilt = distinctCustomers([...changedCustomers, ...deletedCustomers, ...standing.redacted]);
  const touched = distinctCustomers([...rebuilt, ...customersBefore, ...(await customersOfOrders(tx, ordersTouched))]);
  const locked = options.deferCustomerFigures ? rebuilt : touched;
  await lockCustomers(tx, locked);
  await rebuildCustomers(tx, rebuilt);
  await refreshCustomerFigures(tx, locked);
  if (options.deferCustomerFigures) {
    const refreshed = new Set(locked.map((c) => `${c.shopId}/${c.customerId}`));
    await markCustomerFigures(
      tx,
      touched.filter((c) => !refreshed.has(`${c.shopId}/${c.customerId}`)),
    );
  }

  const repriced = [...variantsWithNewItems(itemsBefore, await inventoryItemsOfVariants(tx, variants)), ...(await variantsRepricedByCosts(tx, newCosts))];
  await markProductDays(tx, [...productDaysBefore, ...(await productDaysOfOrders(tx, ordersTouched)), ...(await productDaysOfVariants(tx, repriced))]);

  const counts = {} as LoadCounts;
  for (const key of Object.keys(rows) as (keyof WarehouseRows)[]) counts[key] = rows[key].length;
  return counts;
}

/** Shop attributes (last-write-wins on updated_at) and uninstalls. Rare: one statement each. */
async function updateShops(tx: Tx, rows: WarehouseRows) {
  // One statement per shop, in domain order: two loads updating the same shops wait instead of deadlocking.
  const byDomain = <R extends { shopDomain: string }>(list: readonly R[]) => inKeyOrder(list, (r) => r.shopDomain);
  for (const { shopDomain, ...shop } of byDomain(rows.shops)) {
    await tx
      .update(dimShop)
      .set(shop)
      .where(and(eq(dimShop.domain, shopDomain), sql`(${dimShop.updatedAt} is null or ${dimShop.updatedAt} <= ${shop.updatedAt})`));
  }
  for (const { shopDomain, uninstalledAt } of byDomain(rows.shopUninstalls)) {
    // An uninstall from before the shop's latest install (a late delivery, the app installed again since) changes nothing.
    // Shopify stamps events to the second: one stamped in the second the install happened came after it.
    const installedSince = sql`exists (select from ${shopInstall} i where i.shop_id = ${dimShop.shopId} and date_trunc('second', i.installed_at) > ${uninstalledAt}::timestamptz)`;
    const [shop] = await tx
      .update(dimShop)
      .set({ uninstalledAt: sql`greatest(${dimShop.uninstalledAt}, ${uninstalledAt}::timestamptz)` })
      .where(and(eq(dimShop.domain, shopDomain), sql`not ${installedSince}`))
      .returning({ shopId: dimShop.shopId });
    // Its token is unusable from now on: no resync, check or renewal runs for the shop until it is installed again.
    if (shop) await setConnectionState(tx, shop.shopId, 'uninstalled', 'the app was uninstalled from the shop');
  }
}

type Inserted = { shopId: number; id: string; inserted: boolean };

/** What an upsert of parents returns: each written row's key, and whether it was new (a fresh insert has no xmax). */
const insertedFlag = (id: PgColumn) => sql`shop_id as "shopId", ${sql.identifier(id.name)}::text as "id", (xmax = 0) as "inserted"`;

type Versioned = { shopId: number; id: string; version: string };

/**
 * The parents whose stored children may include some of an older version. A parent this batch
 * inserted for the first time has no children but this batch's, and when the batch carried one
 * version of it they are all of that version: nothing to remove. So a first load (a full resync
 * into an empty warehouse) never runs the delete, whose join would read the whole fact table
 * while its statistics lag behind its growth.
 */
export function parentsToTidy(parents: readonly Versioned[], written: readonly Inserted[], children: readonly Versioned[]): [number, string][] {
  const keyOf = (row: { shopId: number; id: string }) => `${row.shopId}/${row.id}`;
  const versions = new Map<string, Set<number>>();
  for (const row of [...parents, ...children]) {
    const key = keyOf(row);
    const seen = versions.get(key) ?? versions.set(key, new Set()).get(key)!;
    seen.add(Date.parse(row.version));
  }
  const fresh = new Set(written.filter((row) => row.inserted).map(keyOf));
  const tidy = new Map<string, [number, string]>();
  for (const parent of parents) {
    const key = keyOf(parent);
    if (!fresh.has(key) || versions.get(key)!.size > 1) tidy.set(key, [parent.shopId, parent.id]);
  }
  return [...tidy.values()];
}

/** Rows of a table as the shop, id and version `parentsToTidy` compares. */
function versioned<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], id: PgColumn, version: PgColumn): Versioned[] {
  const [idProp, versionProp] = [propertyOf(table, id), propertyOf(table, version)];
  return rows.map((row) => {
    const r = row as Record<string, unknown>;
    return { shopId: r.shopId as number, id: String(r[idProp]), version: String(r[versionProp]) };
  });
}

interface Child<C extends PgTable> {
  table: C;
  rows: readonly C['$inferInsert'][];
  /** The key within the shop (a line's id; an allocation's target and application). */
  key: readonly PgColumn[];
  parentId: PgColumn;
  version: PgColumn;
  keep?: readonly PgColumn[];
}

/** A child table of a family, typed apart from the others. */
const child = <C extends PgTable>(spec: Child<C>): Child<PgTable> => spec as unknown as Child<PgTable>;

interface Family<P extends PgTable> {
  parent: { table: P; rows: readonly P['$inferInsert'][]; id: PgColumn; version: PgColumn; keep?: readonly PgColumn[]; fillOnly?: readonly PgColumn[] };
  children: readonly Child<PgTable>[];
}

const shopOf = (table: PgTable) => getTableColumns(table).shopId as PgColumn;

/**
 * Parents and their children (an order's lines, discounts and shipping lines; a product's
 * variants), all last-write-wins on the parent's version, then the children an edit dropped
 * removed. Every table is keyed by shop first.
 */
async function upsertFamily<P extends PgTable>(tx: Tx, { parent, children }: Family<P>) {
  const written = await upsertRowsReturning<P, Inserted>(
    tx,
    parent.table,
    parent.rows,
    { key: [shopOf(parent.table), parent.id], version: parent.version, keep: parent.keep, fillOnly: parent.fillOnly },
    insertedFlag(parent.id),
  );
  const parents = versioned(parent.table, parent.rows, parent.id, parent.version);
  for (const c of children) {
    await upsertRows(tx, c.table, c.rows, { key: [shopOf(c.table), ...c.key], version: c.version, keep: c.keep });
    const tidy = parentsToTidy(parents, written, versioned(c.table, c.rows, c.parentId, c.version));
    await removeChildrenOfOlderVersions(tx, c.table, c.parentId, c.version, parent.table, parent.id, tidy);
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

/**
 * A disconnect marks the level, unless a newer reading (a reconnect) is already stored. One
 * statement per level, in key order: two loads disconnecting the same levels wait instead of deadlocking.
 */
async function disconnectLevels(
  tx: Tx,
  disconnects: readonly { shopId: number; inventoryItemId: string; locationId: string; disconnectedAt: string; rawKey: string }[],
) {
  for (const d of inKeyOrder(disconnects, (d) => `${d.shopId}\u0000${d.inventoryItemId}\u0000${d.locationId}`)) {
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
function distinctCustomers(customers: readonly CustomerKey[]): CustomerKey[] {
  return [...new Map(customers.map((c) => [`${c.shopId}/${c.customerId}`, { shopId: c.shopId, customerId: c.customerId }])).values()];
}

/** Tables whose rows carry `deleted_at` from tombstones, with the keys of this batch's rows in each. */
function tombstoneTargets(touched: {
  orders: readonly (Keyed & { orderId: string })[];
  products: readonly (Keyed & { productId: string })[];
  collections: readonly (Keyed & { collectionId: string })[];
  inventoryItems: readonly (Keyed & { inventoryItemId: string })[];
  locations: readonly (Keyed & { locationId: string })[];
  draftOrders: readonly (Keyed & { draftOrderId: string })[];
  checkouts: readonly (Keyed & { checkoutId: string })[];
  discounts: readonly (Keyed & { discountId: string })[];
}) {
  return [
    { entity: 'order', table: factOrder, id: factOrder.orderId, keys: touched.orders.map((r) => [r.shopId, r.orderId]) },
    { entity: 'product', table: dimProduct, id: dimProduct.productId, keys: touched.products.map((r) => [r.shopId, r.productId]) },
    { entity: 'product', table: dimVariant, id: dimVariant.productId, keys: touched.products.map((r) => [r.shopId, r.productId]) },
    { entity: 'collection', table: dimCollection, id: dimCollection.collectionId, keys: touched.collections.map((r) => [r.shopId, r.collectionId]) },
    {
      entity: 'inventory_item',
      table: dimInventoryItem,
      id: dimInventoryItem.inventoryItemId,
      keys: touched.inventoryItems.map((r) => [r.shopId, r.inventoryItemId]),
    },
    { entity: 'location', table: dimLocation, id: dimLocation.locationId, keys: touched.locations.map((r) => [r.shopId, r.locationId]) },
    { entity: 'draft_order', table: factDraftOrder, id: factDraftOrder.draftOrderId, keys: touched.draftOrders.map((r) => [r.shopId, r.draftOrderId]) },
    { entity: 'checkout', table: factCheckout, id: factCheckout.checkoutId, keys: touched.checkouts.map((r) => [r.shopId, r.checkoutId]) },
    { entity: 'discount', table: dimDiscount, id: dimDiscount.discountId, keys: touched.discounts.map((r) => [r.shopId, r.discountId]) },
  ] as const;
}

type TombstoneTarget = ReturnType<typeof tombstoneTargets>[number];

/**
 * Redactions and tombstones already standing against this batch's customers and rows, in one
 * query. Usually there are none, and the statements that would apply them are not sent.
 */
async function standingAgainst(tx: Tx, customers: readonly CustomerKey[], targets: readonly TombstoneTarget[]) {
  const touched = targets.flatMap((target) => target.keys.map(([shopId, id]) => [shopId, target.entity, id]));
  const standing = { redacted: [] as CustomerKey[], tombstoned: new Set<string>() };
  if (customers.length === 0 && touched.length === 0) return standing;
  const found = await tx.execute<{ kind: string; shop_id: number; id: string }>(sql`
    select 'redacted' as kind, s.shop_id, r.customer_id::text as id from ${redactedCustomer} r join ${dimShop} s on s.domain = r.shop_domain
    where ${tuplesIn(
      [aliased('s', dimShop.shopId), aliased('r', redactedCustomer.customerId)],
      customers.map((c) => [c.shopId, c.customerId]),
    )}
    union all
    select t.entity::text, t.shop_id, t.entity_id::text from ${deletedEntity} t
    where ${tuplesIn([aliased('t', deletedEntity.shopId), aliased('t', deletedEntity.entity), aliased('t', deletedEntity.entityId)], touched)}`);
  for (const row of found.rows) {
    if (row.kind === 'redacted') standing.redacted.push({ shopId: row.shop_id, customerId: row.id });
    else standing.tombstoned.add(row.kind);
  }
  return standing;
}

/** Sets `deleted_at` from tombstones on the rows this batch touched or deleted, in the tables where there is one to apply. */
async function applyTombstones(
  tx: Tx,
  deletions: readonly (Omit<DeletionRow, 'shopDomain'> & Keyed)[],
  targets: readonly TombstoneTarget[],
  tombstoned: ReadonlySet<string>,
) {
  for (const target of targets) {
    const deleted = deletions.filter((d) => d.entity === target.entity).map((d) => [d.shopId, d.entityId]);
    if (deleted.length === 0 && !tombstoned.has(target.entity)) continue;
    const keys = [...target.keys, ...deleted];
    const idColumn = sql.identifier(target.id.name);
    await tx.execute(sql`
      update ${target.table} x set deleted_at = t.deleted_at from ${deletedEntity} t
      where t.shop_id = x.shop_id and t.entity = ${target.entity} and t.entity_id = x.${idColumn}
        and x.deleted_at is null and ${tuplesIn([aliased('x', dimShop.shopId), aliased('x', target.id)], keys)}`);
  }
}
