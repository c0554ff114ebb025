/**
 * Loads warehouse rows with multi-row upserts: one statement per table, however many deliveries
 * the rows came from. Every upsert is last-write-wins on the entity's `updated_at`, so replays,
 * duplicates and out-of-order deliveries converge on the newest state.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { WarehouseRows } from '../domain/rows';
import type { Warehouse } from './db';
import { dimCustomer, dimShop, factOrder, factOrderLine } from './schema';
import { insertChunks, newestPerKey, notNewerThanIncoming, takeIncoming } from './upsert';

type Tx = Pick<Warehouse, 'insert' | 'delete' | 'execute'>;

export interface LoadCounts {
  orders: number;
  orderLines: number;
  customers: number;
}

/** Resolves shop domains to `shop_id`s, registering shops seen for the first time. */
async function shopIds(tx: Tx, domains: readonly string[]): Promise<Map<string, number>> {
  if (domains.length === 0) return new Map();
  const rows = await tx
    .insert(dimShop)
    .values(domains.map((domain) => ({ domain })))
    // A no-op update, so that RETURNING also yields shops that already exist.
    .onConflictDoUpdate({ target: dimShop.domain, set: { domain: sql`excluded.domain` } })
    .returning({ shopId: dimShop.shopId, domain: dimShop.domain });
  return new Map(rows.map((row) => [row.domain, row.shopId]));
}

function withShopIds<R extends { shopDomain: string }>(rows: readonly R[], ids: Map<string, number>) {
  return rows.map(({ shopDomain, ...row }) => ({ ...row, shopId: ids.get(shopDomain)! }));
}

export async function loadWarehouseRows(tx: Tx, rows: WarehouseRows): Promise<LoadCounts> {
  const domains = new Set([...rows.orders, ...rows.orderLines, ...rows.customers].map((r) => r.shopDomain));
  const ids = await shopIds(tx, [...domains]);

  const customers = withShopIds(
    newestPerKey(rows.customers, (r) => `${r.shopDomain}/${r.customerId}`, (r) => r.updatedAt),
    ids,
  );
  const orders = withShopIds(
    newestPerKey(rows.orders, (r) => `${r.shopDomain}/${r.orderId}`, (r) => r.updatedAt),
    ids,
  );
  const lines = withShopIds(
    newestPerKey(rows.orderLines, (r) => `${r.shopDomain}/${r.lineItemId}`, (r) => r.orderUpdatedAt),
    ids,
  );

  const customerKey = [dimCustomer.shopId, dimCustomer.customerId];
  for (const chunk of insertChunks(dimCustomer, customers)) {
    await tx
      .insert(dimCustomer)
      .values(chunk)
      .onConflictDoUpdate({
        target: customerKey,
        set: takeIncoming(dimCustomer, customerKey),
        setWhere: notNewerThanIncoming(dimCustomer.updatedAt),
      });
  }

  const orderKey = [factOrder.shopId, factOrder.orderId];
  for (const chunk of insertChunks(factOrder, orders)) {
    await tx
      .insert(factOrder)
      .values(chunk)
      .onConflictDoUpdate({
        target: orderKey,
        set: takeIncoming(factOrder, orderKey),
        setWhere: notNewerThanIncoming(factOrder.updatedAt),
      });
  }

  const lineKey = [factOrderLine.shopId, factOrderLine.lineItemId];
  for (const chunk of insertChunks(factOrderLine, lines)) {
    await tx
      .insert(factOrderLine)
      .values(chunk)
      .onConflictDoUpdate({
        target: lineKey,
        set: takeIncoming(factOrderLine, lineKey),
        setWhere: notNewerThanIncoming(factOrderLine.orderUpdatedAt),
      });
  }
  await removeLinesDroppedByNewerVersions(tx, orders);

  return { orders: orders.length, orderLines: lines.length, customers: customers.length };
}

/**
 * An edited order can lose lines. Lines older than their order's stored version are no longer part
 * of it; deleting them keeps line totals equal to the order's current state in any arrival order.
 */
async function removeLinesDroppedByNewerVersions(tx: Tx, orders: readonly { shopId: number; orderId: string }[]) {
  const byShop = new Map<number, string[]>();
  for (const { shopId, orderId } of orders) {
    const ids = byShop.get(shopId) ?? [];
    ids.push(orderId);
    byShop.set(shopId, ids);
  }
  for (const [shopId, orderIds] of byShop) {
    await tx
      .delete(factOrderLine)
      .where(
        and(
          eq(factOrderLine.shopId, shopId),
          inArray(factOrderLine.orderId, orderIds),
          lt(
            factOrderLine.orderUpdatedAt,
            sql`(select o.updated_at from ${factOrder} o where o.shop_id = ${factOrderLine.shopId} and o.order_id = ${factOrderLine.orderId})`,
          ),
        ),
      );
  }
}
