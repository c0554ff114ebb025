/**
 * Finishing a resync once every entity is loaded. A full resync is a complete picture of the
 * shop, so whatever the warehouse holds that the export lacks was deleted in Shopify (deletes
 * never appear in an `updated_at` window): those get tombstones, exactly as a delete topic's
 * webhook would give them. Then, and only if every line is counted as loaded, rejected or
 * duplicate, the cursors advance to the export's upper bound, in the same transaction.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rows, type DeletionRow } from '../domain/rows';
import { BULK_ENTITIES, type BulkEntity } from '../shopify/bulk/queries';
import { log } from '../log';
import type { Warehouse, WarehouseTransaction } from '../warehouse/db';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { dimCollection, dimCustomer, dimDiscount, dimInventoryItem, dimProduct, dimShop, factDraftOrder, factOrder, resync, resyncCursor, resyncStaging } from '../warehouse/schema';
import { failResync } from './advance';
import { operationsOf, resyncById, type Resync } from './requests';

interface Deletable {
  kind: DeletionRow['entity'];
  /** The gid types the record may have in the export (a discount's node is a code or an automatic one). */
  gidTypes: readonly string[];
  table: PgTable;
  id: PgColumn;
  updatedAt: PgColumn;
  extra?: SQL;
}

/**
 * Entities whose full export lists every record. Not abandoned checkouts: Shopify lists a checkout
 * only once it was left incomplete for ten minutes, so one completed sooner is absent without
 * having been deleted (its webhooks still bring it, and checkouts/delete its deletion).
 */
const DELETABLE: Readonly<Partial<Record<BulkEntity, Deletable>>> = {
  orders: { kind: 'order', gidTypes: ['Order'], table: factOrder, id: factOrder.orderId, updatedAt: factOrder.updatedAt },
  products: { kind: 'product', gidTypes: ['Product'], table: dimProduct, id: dimProduct.productId, updatedAt: dimProduct.updatedAt },
  collections: { kind: 'collection', gidTypes: ['Collection'], table: dimCollection, id: dimCollection.collectionId, updatedAt: dimCollection.updatedAt },
  customers: { kind: 'customer', gidTypes: ['Customer'], table: dimCustomer, id: dimCustomer.customerId, updatedAt: dimCustomer.updatedAt, extra: sql`and x.is_current` },
  inventoryItems: {
    kind: 'inventory_item',
    gidTypes: ['InventoryItem'],
    table: dimInventoryItem,
    id: dimInventoryItem.inventoryItemId,
    updatedAt: dimInventoryItem.updatedAt,
  },
  draftOrders: { kind: 'draft_order', gidTypes: ['DraftOrder'], table: factDraftOrder, id: factDraftOrder.draftOrderId, updatedAt: factDraftOrder.updatedAt },
  discounts: {
    kind: 'discount',
    gidTypes: ['DiscountCodeNode', 'DiscountAutomaticNode'],
    table: dimDiscount,
    id: dimDiscount.discountId,
    updatedAt: dimDiscount.updatedAt,
  },
};

/**
 * Rows live in the warehouse but absent from the export. Only rows last updated before the
 * export began: anything newer arrived by webhook while the export ran and is not a deletion.
 */
async function absentFromExport(tx: WarehouseTransaction, current: Resync, entity: BulkEntity, target: Deletable): Promise<string[]> {
  const id = sql.identifier(target.id.name);
  const result = await tx.execute<{ id: string }>(sql`
    select x.${id}::text as id from ${target.table} x
    where x.shop_id = ${current.shopId} and x.deleted_at is null ${target.extra ?? sql``}
      and x.${sql.identifier(target.updatedAt.name)} < ${current.windowTo}
      and not exists (
        select 1 from ${resyncStaging} s
        where s.resync_id = ${current.id} and s.entity = ${entity}
          and s.gid in (${sql.join(target.gidTypes.map((type) => sql`${`gid://shopify/${type}/`} || x.${id}::text`), sql`, `)}))`);
  return result.rows.map((row) => row.id);
}

export async function finishResync(db: Warehouse, resyncId: string): Promise<void> {
  const current = await resyncById(db, resyncId);
  if (!current || current.status !== 'loading') return;
  const operations = await operationsOf(db, resyncId);
  const latest = new Map(operations.map((op) => [op.entity, op]));
  // Nested exports' lines are assembled, counted and cursored with the entity they complete.
  const final = [...latest.values()].filter((op) => (BULK_ENTITIES as readonly string[]).includes(op.entity));
  if (!final.every((op) => op.assembledAt)) return;

  const loaded = final.reduce((sum, op) => sum + op.linesLoaded, 0);
  const rejected = current.linesRejected + final.reduce((sum, op) => sum + op.linesRejected, 0);
  if (current.linesTotal !== loaded + rejected + current.linesDuplicate) {
    return failResync(
      db,
      resyncId,
      `line counts do not add up: ${current.linesTotal} lines in the files, ${loaded} loaded + ${rejected} rejected + ${current.linesDuplicate} duplicates`,
    );
  }

  const [shop] = await db.select({ domain: dimShop.domain }).from(dimShop).where(eq(dimShop.shopId, current.shopId));
  const reconciled = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(resync)
      .set({ status: 'reconciled', linesLoaded: loaded, linesRejected: rejected, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(resync.id, resyncId), eq(resync.status, 'loading')))
      .returning({ id: resync.id });
    if (claimed.length === 0) return false;

    const deletions: DeletionRow[] = [];
    if (current.kind === 'full') {
      for (const op of final) {
        const target = DELETABLE[op.entity as BulkEntity];
        if (!target) continue;
        for (const entityId of await absentFromExport(tx, current, op.entity as BulkEntity, target)) {
          deletions.push({ shopDomain: shop!.domain, entity: target.kind, entityId, deletedAt: current.windowTo, rawKey: op.rawKey! });
        }
      }
      await loadWarehouseRows(tx, rows({ deletions }));
      await tx.update(resync).set({ deletesReconciled: deletions.length }).where(eq(resync.id, resyncId));
    }
    for (const op of final) {
      await tx
        .insert(resyncCursor)
        .values({ shopId: current.shopId, entity: op.entity, loadedThrough: current.windowTo, resyncId })
        .onConflictDoUpdate({
          target: [resyncCursor.shopId, resyncCursor.entity],
          set: { loadedThrough: sql`greatest(${resyncCursor.loadedThrough}, excluded.loaded_through)`, resyncId, updatedAt: sql`now()` },
        });
    }
    return true;
  });
  if (!reconciled) return;
  // The raw files stay in R2; the staged copies have served their purpose.
  await db.delete(resyncStaging).where(eq(resyncStaging.resyncId, resyncId));
  log.info('resync reconciled', { resyncId, kind: current.kind, lines: current.linesTotal, loaded, rejected });
}
