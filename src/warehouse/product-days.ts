/**
 * fact_product_day: each day's sales per product and variant, kept so that product reports read a
 * row per variant and day instead of every order and refund line with its cost period.
 *
 * A load marks the days whose figures it may change (product_day_pending): the days of the orders
 * and refunds it touches, before and after, and every day a variant sold on since a cost version or
 * inventory item that reprices it. Marking only appends, so concurrent loads never wait for each
 * other here. analytics.product_sales_daily computes marked days from the lines, so it is current
 * the moment a load commits; rebuildProductDays then keeps the marked days and drops the marks.
 */
import { sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import { dimInventoryItemCostHistory, dimVariant, factOrder, factOrderLine, factProductDay, factRefund, factRefundLine, productDayPending } from './schema';
import { aliased, insertFromArrays, type Tx, tuplesIn } from './upsert';

export type ShopDay = { shopId: number; date: string };
type OrderKey = { shopId: number; orderId: string };
type VariantKey = { shopId: number; variantId: string };
/** A variant whose sales from `since` on (every sale when null) are priced anew. */
export type RepricedVariant = VariantKey & { since: string | null };

/** Days rebuilt per transaction: the marks of a cost version can name a variant's whole history. */
const DAYS_PER_REBUILD = 31;

/** The days these orders' sales and returns fall on as stored now (before a load changes them, or after). */
export async function productDaysOfOrders(tx: Tx, orders: readonly OrderKey[]): Promise<ShopDay[]> {
  if (orders.length === 0) return [];
  const tuples = orders.map((o) => [o.shopId, o.orderId]);
  const result = await tx.execute<ShopDay>(sql`
    select o.shop_id as "shopId", d.date::text as date from ${factOrder} o join dim_date d on d.date_key = o.processed_date_key
    where ${tuplesIn([aliased('o', factOrder.shopId), aliased('o', factOrder.orderId)], tuples)}
    union
    select r.shop_id, d.date::text from ${factRefund} r join dim_date d on d.date_key = r.processed_date_key
    where ${tuplesIn([aliased('r', factRefund.shopId), aliased('r', factRefund.orderId)], tuples)}`);
  return result.rows;
}

/** Each variant's inventory item as stored now: a variant whose item changes (or first arrives) reprices its sales. */
export async function inventoryItemsOfVariants(tx: Tx, variants: readonly VariantKey[]): Promise<Map<string, string | null>> {
  if (variants.length === 0) return new Map();
  const result = await tx.execute<{ shopId: number; variantId: string; itemId: string | null }>(sql`
    select shop_id as "shopId", variant_id::text as "variantId", inventory_item_id::text as "itemId" from ${dimVariant}
    where ${tuplesIn(
      [dimVariant.shopId, dimVariant.variantId],
      variants.map((v) => [v.shopId, v.variantId]),
    )}`);
  return new Map(result.rows.map((r) => [`${r.shopId}/${r.variantId}`, r.itemId]));
}

/** The variants whose inventory item differs between two readings of inventoryItemsOfVariants. */
export function variantsWithNewItems(before: ReadonlyMap<string, string | null>, after: ReadonlyMap<string, string | null>): RepricedVariant[] {
  return [...after]
    .filter(([key, item]) => item !== null && before.get(key) !== item)
    .map(([key]) => {
      const [shopId, variantId] = key.split('/');
      return { shopId: Number(shopId), variantId: variantId!, since: null };
    });
}

/**
 * The variants repriced by cost versions a load has just stored: each version holds from its own
 * time until the next, and the first also back to the start (analytics.product_movements), so a
 * version reprices sales from its time on, or all of them when it is its item's first.
 */
export async function variantsRepricedByCosts(
  tx: Tx,
  versions: readonly { shopId: number; inventoryItemId: string; updatedAt: string }[],
): Promise<RepricedVariant[]> {
  if (versions.length === 0) return [];
  const result = await tx.execute<RepricedVariant>(sql`
    with added as (
      select shop_id, inventory_item_id, at from unnest(
        ${arrayParam(
          versions.map((v) => v.shopId),
          'integer',
        )}, ${arrayParam(
          versions.map((v) => v.inventoryItemId),
          'bigint',
        )}, ${arrayParam(
          versions.map((v) => v.updatedAt),
          'timestamptz',
        )}) as a(shop_id, inventory_item_id, at)
    ), since as (
      select a.shop_id, a.inventory_item_id,
        min(case when exists (
          select from ${dimInventoryItemCostHistory} h
          where h.shop_id = a.shop_id and h.inventory_item_id = a.inventory_item_id and h.updated_at < a.at
        ) then a.at else '-infinity'::timestamptz end) as since
      from added a group by a.shop_id, a.inventory_item_id
    )
    select v.shop_id as "shopId", v.variant_id::text as "variantId",
      case when s.since = '-infinity' then null else s.since::text end as since
    from since s join ${dimVariant} v on v.shop_id = s.shop_id and v.inventory_item_id = s.inventory_item_id`);
  return result.rows;
}

/** The days these variants sold or came back on, for sales ordered from their `since` on. */
export async function productDaysOfVariants(tx: Tx, variants: readonly RepricedVariant[]): Promise<ShopDay[]> {
  if (variants.length === 0) return [];
  const result = await tx.execute<ShopDay>(sql`
    with repriced as (
      select shop_id, variant_id, coalesce(since, '-infinity') as since from unnest(
        ${arrayParam(
          variants.map((v) => v.shopId),
          'integer',
        )}, ${arrayParam(
          variants.map((v) => v.variantId),
          'bigint',
        )}, ${arrayParam(
          variants.map((v) => v.since),
          'timestamptz',
        )}) as v(shop_id, variant_id, since)
    ), lines as (
      select l.shop_id, l.line_item_id, o.processed_date_key
      from repriced v
      join ${factOrderLine} l on l.shop_id = v.shop_id and l.variant_id = v.variant_id
      join ${factOrder} o on o.shop_id = l.shop_id and o.order_id = l.order_id and coalesce(o.processed_at, o.created_at) >= v.since
    )
    select l.shop_id as "shopId", d.date::text as date from lines l join dim_date d on d.date_key = l.processed_date_key
    union
    select r.shop_id, d.date::text from lines l
    join ${factRefundLine} rl on rl.shop_id = l.shop_id and rl.line_item_id = l.line_item_id
    join ${factRefund} r on r.shop_id = rl.shop_id and r.refund_id = rl.refund_id
    join dim_date d on d.date_key = r.processed_date_key`);
  return result.rows;
}

/** Marks the days for rebuilding, once each however often the load named them. */
export async function markProductDays(tx: Tx, days: readonly ShopDay[]) {
  const distinct = [...new Map(days.map((d) => [`${d.shopId}/${d.date}`, d])).values()];
  if (distinct.length === 0) return;
  await tx.execute(insertFromArrays(productDayPending, distinct));
}

/** The shops with marked days. */
export async function shopsWithPendingProductDays(db: Warehouse): Promise<number[]> {
  const result = await db.execute<{ shopId: number }>(sql`select distinct shop_id as "shopId" from ${productDayPending}`);
  return result.rows.map((r) => r.shopId);
}

/**
 * Keeps up to DAYS_PER_REBUILD of a shop's marked days (the latest first) and drops their marks,
 * in one transaction: the days read the same before and after. It takes only the marks it can see,
 * of loads committed before its statement; their rows are all in the recomputation that follows.
 * One rebuild per shop at a time (a transaction-scoped advisory lock): another finds the shop
 * busy and returns 0, leaving the marks to the one at work or the next. Returns the days kept.
 */
export async function rebuildProductDays(db: Warehouse, shopId: number): Promise<number> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext('fact_product_day'), ${shopId}) as locked`);
    if (!lock.rows[0]?.locked) return 0;
    const taken = await tx.execute<{ date: string }>(sql`
      with days as (
        select distinct date from ${productDayPending} where shop_id = ${shopId} order by date desc limit ${DAYS_PER_REBUILD}
      )
      delete from ${productDayPending} p using days where p.shop_id = ${shopId} and p.date = days.date
      returning p.date::text as date`);
    const dates = [...new Set(taken.rows.map((r) => r.date))];
    if (dates.length === 0) return 0;
    await tx.execute(sql`set local jit = off`);
    const days = arrayParam(dates, 'date');
    await tx.execute(sql`delete from ${factProductDay} where shop_id = ${shopId} and date = any(${days})`);
    await tx.execute(sql`
      insert into ${factProductDay} (shop_id, date, product_id, variant_id, units_sold, units_returned, gross_sales, discounts, returns, cost_of_goods, units_without_cost)
      select shop_id, date, product_id, variant_id, units_sold, units_returned, gross_sales, discounts, returns, cost_of_goods, units_without_cost
      from analytics.product_day_figures where shop_id = ${shopId} and date = any(${days})`);
    return dates.length;
  });
}

/** Rebuilds every marked day of every shop, a transaction per shop and DAYS_PER_REBUILD days. */
export async function rebuildAllProductDays(db: Warehouse): Promise<number> {
  let total = 0;
  for (const shopId of await shopsWithPendingProductDays(db)) {
    for (;;) {
      const kept = await rebuildProductDays(db, shopId);
      total += kept;
      if (kept < DAYS_PER_REBUILD) break;
    }
  }
  return total;
}
