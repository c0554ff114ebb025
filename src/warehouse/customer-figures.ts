/**
 * fact_customer_lifetime and fact_customer_month: each known customer's reported orders, net of
 * their returns, over its history and per month of the shop's calendar, recomputed from the facts
 * (analytics.customer_orders, the one definition of an order's net sales) for every customer a load
 * touches, or, for a resync's pages, once for every customer its pages marked. A recomputation reads
 * whatever is stored, so replays and any arrival order give the same rows.
 */
import { sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import { customerFiguresPending, factCustomerLifetime, factCustomerMonth, factOrder, resync } from './schema';
import { aliased, insertFromArrays, type Tx, tuplesIn } from './upsert';

export type CustomerKey = { shopId: number; customerId: string };

/** The customers of these orders as stored now (before a load changes them, or after). */
export async function customersOfOrders(tx: Tx, orders: readonly { shopId: number; orderId: string }[]): Promise<CustomerKey[]> {
  if (orders.length === 0) return [];
  const result = await tx.execute<CustomerKey>(sql`
    select distinct shop_id as "shopId", customer_id::text as "customerId" from ${factOrder}
    where customer_id is not null and ${tuplesIn(
      [factOrder.shopId, factOrder.orderId],
      orders.map((o) => [o.shopId, o.orderId]),
    )}`);
  return result.rows;
}

/**
 * Locks the (distinct) customers for the rest of the transaction: their lifetime rows, created
 * where new, in key order for every load. A load holds it before it rebuilds a customer's
 * dimension rows or figures: two loads touching one customer at once would otherwise each compute
 * from a snapshot without the other's rows, and the later write would drop them or collide with
 * them. Row locks, unlike advisory locks, take no room in the server's lock table however many
 * customers a load touches; each later statement takes a new snapshot, so it sees every load
 * committed before the lock was granted. Every locked customer's figures must then be refreshed,
 * which removes the rows of customers without orders.
 */
export async function lockCustomers(tx: Tx, customers: readonly CustomerKey[]) {
  if (customers.length === 0) return;
  await tx.execute(sql`
    insert into ${factCustomerLifetime} (shop_id, customer_id)
    select shop_id, customer_id from unnest(${arrayParam(
      customers.map((c) => c.shopId),
      'integer',
    )}, ${arrayParam(
      customers.map((c) => c.customerId),
      'bigint',
    )}) as c(shop_id, customer_id)
    order by shop_id, customer_id
    on conflict (shop_id, customer_id) do update set orders = ${factCustomerLifetime}.orders`);
}

/** Recomputes the figures of customers this transaction has locked (lockCustomers). */
export async function refreshCustomerFigures(tx: Tx, customers: readonly CustomerKey[]) {
  if (customers.length === 0) return;
  const tuples = customers.map((c) => [c.shopId, c.customerId]);
  await tx.delete(factCustomerMonth).where(tuplesIn([factCustomerMonth.shopId, factCustomerMonth.customerId], tuples));
  await tx.execute(sql`
    insert into ${factCustomerMonth} (shop_id, customer_id, month, orders, units, net_sales, first_ordered_at, last_ordered_at, first_date, last_date)
    select shop_id, customer_id, date_trunc('month', date)::date, count(*), sum(units), sum(net_sales), min(ordered_at), max(ordered_at), min(date), max(date)
    from analytics.customer_orders c
    where ${tuplesIn([aliased('c', factCustomerMonth.shopId), aliased('c', factCustomerMonth.customerId)], tuples)}
    group by shop_id, customer_id, date_trunc('month', date)`);

  await tx.execute(sql`
    update ${factCustomerLifetime} l set
      orders = m.orders, units = m.units, net_revenue = m.net_revenue,
      first_order_at = m.first_order_at, last_order_at = m.last_order_at, first_order_date = m.first_order_date, last_order_date = m.last_order_date
    from (
      select shop_id, customer_id, sum(orders)::integer as orders, sum(units) as units, sum(net_sales) as net_revenue,
        min(first_ordered_at) as first_order_at, max(last_ordered_at) as last_order_at, min(first_date) as first_order_date, max(last_date) as last_order_date
      from ${factCustomerMonth} m
      where ${tuplesIn([aliased('m', factCustomerMonth.shopId), aliased('m', factCustomerMonth.customerId)], tuples)}
      group by shop_id, customer_id
    ) m
    where m.shop_id = l.shop_id and m.customer_id = l.customer_id`);
  // A customer left without reported orders (deleted, test, or moved to another customer) has no row.
  await tx.execute(sql`
    delete from ${factCustomerLifetime} l where ${tuplesIn([aliased('l', factCustomerLifetime.shopId), aliased('l', factCustomerLifetime.customerId)], tuples)}
      and not exists (select from ${factCustomerMonth} m where m.shop_id = l.shop_id and m.customer_id = l.customer_id)`);
}

/** Leaves the customers' figures to refreshMarkedCustomerFigures: appends only, so concurrent pages never wait for each other here. */
export async function markCustomerFigures(tx: Tx, customers: readonly CustomerKey[]) {
  if (customers.length === 0) return;
  await tx.execute(insertFromArrays(customerFiguresPending, customers));
}

/**
 * Refreshes the figures of up to `limit` marked customers (of one shop, or of any) in one
 * transaction and drops their marks. It takes only marks it can see, of pages committed before its
 * statement, whose rows the recomputation that follows reads; marks another refresh has taken are
 * skipped, not waited for. Returns the marks taken: 0 when none is left.
 */
export async function refreshMarkedCustomerFigures(db: Warehouse, shopId: number | null, limit = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const taken = await tx.execute<CustomerKey>(sql`
      delete from ${customerFiguresPending} where id = any(array(
        select id from ${customerFiguresPending} ${shopId === null ? sql`` : sql`where shop_id = ${shopId}`}
        order by id limit ${limit} for update skip locked))
      returning shop_id as "shopId", customer_id::text as "customerId"`);
    const customers = [...new Map(taken.rows.map((c) => [`${c.shopId}/${c.customerId}`, c])).values()];
    await lockCustomers(tx, customers);
    await refreshCustomerFigures(tx, customers);
    return taken.rows.length;
  });
}

/** Shops with marked customers and no resync at work: marks a resync left when it failed. */
export async function shopsWithLeftMarks(db: Warehouse): Promise<number[]> {
  const result = await db.execute<{ shopId: number }>(sql`
    select distinct p.shop_id as "shopId" from ${customerFiguresPending} p
    where not exists (select from ${resync} r where r.shop_id = p.shop_id and r.status not in ('reconciled', 'failed'))`);
  return result.rows.map((r) => r.shopId);
}
