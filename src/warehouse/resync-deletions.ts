/**
 * What a full export reveals as deleted: the warehouse rows of an entity that the export does not
 * list. Only entities whose full export lists every record can say so.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type deletedEntity, dimCollection, dimCustomer, dimDiscount, dimInventoryItem, dimProduct, factDraftOrder, factOrder, resyncStaging } from './schema';
import type { Tx } from './upsert';

interface Deletable {
  kind: (typeof deletedEntity.$inferInsert)['entity'];
  /** The gid types the record may have in the export (a discount's node is a code or an automatic one). */
  gidTypes: readonly string[];
  table: PgTable;
  id: PgColumn;
  updatedAt: PgColumn;
  extra?: SQL;
}

/**
 * By bulk entity. Not abandoned checkouts: Shopify lists a checkout only once it was left
 * incomplete for ten minutes, so one completed sooner is absent without having been deleted (its
 * webhooks still bring it, and checkouts/delete its deletion).
 */
const DELETABLE: Readonly<Partial<Record<string, Deletable>>> = {
  orders: { kind: 'order', gidTypes: ['Order'], table: factOrder, id: factOrder.orderId, updatedAt: factOrder.updatedAt },
  products: { kind: 'product', gidTypes: ['Product'], table: dimProduct, id: dimProduct.productId, updatedAt: dimProduct.updatedAt },
  collections: { kind: 'collection', gidTypes: ['Collection'], table: dimCollection, id: dimCollection.collectionId, updatedAt: dimCollection.updatedAt },
  customers: {
    kind: 'customer',
    gidTypes: ['Customer'],
    table: dimCustomer,
    id: dimCustomer.customerId,
    updatedAt: dimCustomer.updatedAt,
    extra: sql`and x.is_current`,
  },
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
 * The ids of the shop's rows of the entity that live in the warehouse but are absent from the
 * resync's export, with the kind of deletion they are; null for an entity whose export cannot
 * reveal deletions. Only rows last updated before the export began (`windowTo`): anything newer
 * arrived by webhook while the export ran and is not a deletion.
 */
export async function absentFromExport(
  tx: Tx,
  resync: { id: string; shopId: number; windowTo: string },
  entity: string,
): Promise<{ kind: Deletable['kind']; ids: string[] } | null> {
  const target = DELETABLE[entity];
  if (!target) return null;
  const id = sql.identifier(target.id.name);
  const result = await tx.execute<{ id: string }>(sql`
    select x.${id}::text as id from ${target.table} x
    where x.shop_id = ${resync.shopId} and x.deleted_at is null ${target.extra ?? sql``}
      and x.${sql.identifier(target.updatedAt.name)} < ${resync.windowTo}
      and not exists (
        select 1 from ${resyncStaging} s
        where s.resync_id = ${resync.id} and s.entity = ${entity}
          and s.gid in (${sql.join(
            target.gidTypes.map((type) => sql`${`gid://shopify/${type}/`} || x.${id}::text`),
            sql`, `,
          )}))`);
  return { kind: target.kind, ids: result.rows.map((row) => row.id) };
}
