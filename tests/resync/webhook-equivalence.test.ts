import { env, SELF } from 'cloudflare:test';
import { type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registeredShop, resyncToEnd, shopIdOf, simScenario } from '../helpers/resync';
import { eventually, query, rawEventsOf } from '../helpers/warehouse';

// Everything a BI tool reads about a shop's business that webhooks deliver. Lineage (raw_key,
// loaded_at, and when a transaction's state was observed), the surrogate shop_id and the email
// hashes (keyed per shop; only their presence is compared) naturally differ between the two
// shops. Fulfillment orders and collections' products are left out: no webhook carries them (whole).
// loaded_at, and when a transaction's or a return's state was observed) and the surrogate shop_id
// naturally differ between the two shops. Fulfillment orders, collections' products, discounts'
// codes and returns' status history are left out: no webhook carries the first three (whole),
// and no resync the last.
const TABLES = [
  'fact_order',
  'fact_order_line',
  'fact_order_discount',
  'fact_discount_allocation',
  'fact_shipping_line',
  'fact_order_transaction',
  'fact_refund',
  'fact_refund_line',
  'fact_fulfillment',
  'dim_product',
  'dim_variant',
  'product_image',
  'dim_collection',
  'dim_customer',
  'customer_version',
  'dim_inventory_item',
  'dim_inventory_item_cost_history',
  'fact_inventory_level',
  'dim_location',
  'dim_channel',
  'fact_draft_order',
  'fact_draft_order_line',
  'fact_checkout',
  'fact_return',
  'fact_return_line',
  'dim_discount',
];
// Shopify lists a checkout among its abandoned checkouts, which resyncs export, once it stayed
// incomplete for ten minutes; webhooks bring every checkout, completed within minutes or not.
const RESYNC_EXPORTS: Readonly<Record<string, SQL>> = { fact_checkout: sql`coalesce(completed_at, now()) - created_at > interval '10 minutes'` };
const LINEAGE = ['shop_id', 'raw_key', 'loaded_at', 'first_seen_at', 'observed_at'];
/** Columns of a table only resyncs fill: no discount webhook carries the discount's terms. */
const RESYNC_ONLY: Readonly<Record<string, readonly string[]>> = {
  dim_discount: ['discount_type', 'summary', 'starts_at', 'ends_at', 'usage_count', 'codes_count'],
};
/** Columns of a table only webhooks fill: a resync does not read the duties and fees a refund gave back. */
const WEBHOOK_ONLY: Readonly<Record<string, readonly string[]>> = {
  fact_refund: ['duties_refunded', 'additional_fees_refunded'],
};
/** A row of `table` as compared: lineage and what only resyncs fill left out, an email hash as whether there is one. */
function comparable(table: string) {
  const leftOut = sql`array[${sql.join(
    [...LINEAGE, ...(RESYNC_ONLY[table] ?? []), ...(WEBHOOK_ONLY[table] ?? [])].map((column) => sql`${column}`),
    sql`, `,
  )}]::text[]`;
  return sql`(case when to_jsonb(t) ? 'email_hash'
    then (to_jsonb(t) - ${leftOut}) || jsonb_build_object('email_hash', to_jsonb(t) ->> 'email_hash' is not null)
    else to_jsonb(t) - ${leftOut} end)`;
}

/** Rows one shop has and the other lacks (compared as jsonb: 10.0 equals 10.00), both ways; of the webhook-fed shop, those a resync exports. */
async function differences(table: string, left: number, right: number) {
  return query<{ only_in: string; row: unknown }>(sql`
    with l as (select ${comparable(table)} as r from ${sql.identifier(table)} t where shop_id = ${left} and ${RESYNC_EXPORTS[table] ?? sql`true`}),
         r as (select ${comparable(table)} as r from ${sql.identifier(table)} t where shop_id = ${right})
    (select 'webhooks' as only_in, x.r as row from (select r from l except all select r from r) x limit 5)
    union all
    (select 'resync', y.r from (select r from r except all select r from l) y limit 5)`);
}

async function deliverAll(deliveries: readonly { headers: Record<string, string>; body: string }[]) {
  for (let i = 0; i < deliveries.length; i += 8) {
    const statuses = await Promise.all(
      deliveries
        .slice(i, i + 8)
        .map(async (d) => (await SELF.fetch('https://wharf.test/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.body })).status),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  }
}

/** Every row of the business tables, lineage left out, in a stable order. */
async function snapshot(shopId: number) {
  const tables: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await query<{ r: string }>(sql`
      select ${comparable(table)}::text as r from ${sql.identifier(table)} t where shop_id = ${shopId} order by 1`);
    tables[table] = rows.map((row) => row.r);
  }
  return tables;
}

describe('webhooks and resyncs agree', () => {
  it('builds the same warehouse from every webhook of a shop as from a full resync of it', { timeout: 180_000 }, async () => {
    // Two shops generated from one seed hold the same data: one is fed webhooks, the other resynced.
    const viaWebhooks = await registeredShop('equal-webhooks.myshopify.com', { seed: 11 });
    const viaResync = await registeredShop('equal-resync.myshopify.com', { seed: 11 });
    const { deliveries } = await simScenario(viaWebhooks.domain, { name: 'replay-all', deliver: false, secret: env.SHOPIFY_WEBHOOK_SECRET });

    await deliverAll(deliveries);
    await eventually(
      () => rawEventsOf(viaWebhooks.domain),
      (events) => events.length === deliveries.length && events.every((e) => e.status === 'loaded'),
      90_000,
    );
    const resync = await resyncToEnd(viaResync.domain, 'full');
    expect(resync.status).toBe('reconciled');

    const [left, right] = [await shopIdOf(viaWebhooks.domain), await shopIdOf(viaResync.domain)];
    for (const table of TABLES) {
      // Every table has rows to compare: an empty pair would agree without proving anything.
      const [held] = await query<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where shop_id = ${left}`);
      expect({ table, held: held!.n > 0 }).toEqual({ table, held: true });
      expect({ table, differences: await differences(table, left, right) }).toEqual({ table, differences: [] });
    }
    // And so do the analytics marts built on them. The checkout funnel is left out (a resync lists
    // only abandoned checkouts), and stockout days (history: every webhook is a reading, a resync one).
    const MARTS: Readonly<Record<string, readonly string[]>> = {
      sales_daily: [],
      product_sales_daily: [],
      customers: [],
      cohorts_monthly: [],
      discounts: [],
      channel_sales_daily: [],
      fulfillment_daily: [],
      inventory_position: ['stockout_days_28d'],
    };
    for (const [mart, leftOut] of Object.entries(MARTS)) {
      const omitted = sql`array['shop_id'${sql.join(
        leftOut.map((column) => sql`, ${column}`),
        sql``,
      )}]::text[]`;
      const [compared] = await query<{ rows: number; differing: number }>(sql`
        with l as (select to_jsonb(t) - ${omitted} as r from analytics.${sql.identifier(mart)} t where shop_id = ${left}),
             r as (select to_jsonb(t) - ${omitted} as r from analytics.${sql.identifier(mart)} t where shop_id = ${right})
        select (select count(*) from l)::int as rows,
               ((select count(*) from (select r from l except all select r from r) x) + (select count(*) from (select r from r except all select r from l) y))::int as differing`);
      expect({ mart, rows: compared!.rows > 0, differing: compared!.differing }).toEqual({ mart, rows: true, differing: 0 });
    }
    const [orders] = await query<{ n: number }>(sql`select count(*)::int as n from fact_order where shop_id = ${left}`);
    expect(orders!.n).toBe(viaWebhooks.counts.orders);
    // On both paths, what the discounts took off the lines and shipping lines is the order's total_discounts.
    for (const shopId of [left, right]) {
      const discounted = await query<{ orders: number; unbalanced: number }>(sql`
        select count(*) filter (where o.total_discounts > 0)::int as orders,
               count(*) filter (where o.total_discounts is distinct from coalesce(l.discount, 0) + coalesce(s.discount, 0))::int as unbalanced
        from fact_order o
        left join (select order_id, sum(total_discount) as discount from fact_order_line where shop_id = ${shopId} group by order_id) l using (order_id)
        left join (select order_id, sum(total_discount) as discount from fact_shipping_line where shop_id = ${shopId} group by order_id) s using (order_id)
        where o.shop_id = ${shopId}`);
      expect(discounted).toEqual([{ orders: expect.any(Number), unbalanced: 0 }]);
      expect(discounted[0]!.orders).toBeGreaterThan(0);
    }
    const [checkouts] = await query<{ total: number; listed: number }>(sql`
      select count(*)::int as total, count(*) filter (where ${RESYNC_EXPORTS.fact_checkout})::int as listed from fact_checkout where shop_id = ${left}`);
    expect(checkouts).toEqual({ total: viaWebhooks.counts.checkouts, listed: viaWebhooks.counts.abandonedCheckouts });
    expect(checkouts!.listed).toBeLessThan(checkouts!.total);
  });

  it('finds nothing to change after a day of duplicated, reordered and late webhooks', { timeout: 180_000 }, async () => {
    const shop = await registeredShop('equal-after-a-day.myshopify.com', { seed: 23, orders: 20, products: 10, customers: 12 });
    const base = await simScenario(shop.domain, { name: 'replay-all', deliver: false, secret: env.SHOPIFY_WEBHOOK_SECRET });
    await deliverAll(base.deliveries);
    const day = await simScenario(shop.domain, {
      name: 'normal-day',
      deliver: false,
      secret: env.SHOPIFY_WEBHOOK_SECRET,
      orders: 15,
      duplicates: 0.05,
      reorder: true,
      late: 0.05,
    });
    await deliverAll(day.deliveries);
    const distinct = new Set([...base.deliveries, ...day.deliveries].map((d) => d.headers['x-shopify-webhook-id'])).size;
    await eventually(
      () => rawEventsOf(shop.domain),
      (events) => events.length === distinct && events.every((e) => e.status === 'loaded'),
      90_000,
    );
    const shopId = await shopIdOf(shop.domain);
    const fedByWebhooks = await snapshot(shopId);

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync).toMatchObject({ status: 'reconciled', deletes_reconciled: 0 });
    expect(await snapshot(shopId)).toEqual(fedByWebhooks);
  });
});
