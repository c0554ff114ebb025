/**
 * What Postgres itself can do with a bulk operation's orders file, as the bar for the resync
 * pipeline: (a) COPY of every line into an unlogged table with one jsonb column; (b) that COPY,
 * then one SQL statement (same transaction) that extracts orders and their line items into
 * copies of fact_order and fact_order_line (same columns, keys, indexes and generated
 * gross_amount), each line item joined to its order by `__parentId`.
 *
 * (b) does less than Wharf does with the same lines: no customers, refunds or fulfillments, no
 * last-write-wins guards, no validation; the email is hashed with sha256 of key and address
 * rather than HMAC. It is the floor of what the load costs in this database, not a replica.
 */
import type { CopyTarget } from './copy-target';

/** Each line is one field: no byte of a JSON line is a quote (\x01) or delimiter (\x02). */
const LINE_PER_FIELD = `(format csv, quote e'\\x01', delimiter e'\\x02')`;

const SETUP = `
drop table if exists bench_jsonl, bench_order, bench_order_line;
create unlogged table bench_jsonl (body jsonb not null);
create table bench_order (like fact_order including defaults including generated including indexes);
create table bench_order_line (like fact_order_line including defaults including generated including indexes);`;

const id = (gid: string) => `split_part(${gid}, '/', 5)::bigint`;
const amount = (path: string) => `(o.body#>>'{${path},shopMoney,amount}')::numeric`;

/** Orders and line items out of the staged lines, the way Wharf's bulk mapping reads them. */
const transform = (timeZone: string) => `
with lines as (
  select ${id(`body->>'__parentId'`)} as order_id, body from bench_jsonl where body->>'id' like 'gid://shopify/LineItem/%'
),
totals as (
  select order_id, sum((body#>>'{originalUnitPriceSet,shopMoney,amount}')::numeric * (body->>'quantity')::int) as total from lines group by order_id
),
orders as (
  insert into bench_order (shop_id, order_id, admin_graphql_api_id, name, order_number, customer_id, email_hash, currency, presentment_currency,
    subtotal_price, total_line_items_price, total_discounts, total_tax, total_shipping, total_price, financial_status, fulfillment_status,
    source_name, discount_codes, tags, test, created_at, created_date_key, updated_at, processed_at, processed_date_key, cancelled_at, cancel_reason,
    closed_at, raw_key)
  select 1, ${id(`o.body->>'id'`)}, o.body->>'id', o.body->>'name', (o.body->>'number')::int, ${id(`o.body#>>'{customer,id}'`)},
    encode(sha256(convert_to('bench-pii-key' || lower(o.body->>'email'), 'UTF8')), 'hex'),
    o.body->>'currencyCode', o.body->>'presentmentCurrencyCode',
    ${amount('subtotalPriceSet')}, coalesce(t.total, 0), ${amount('totalDiscountsSet')}, ${amount('totalTaxSet')}, ${amount('totalShippingPriceSet')},
    ${amount('totalPriceSet')}, lower(o.body->>'displayFinancialStatus'),
    case o.body->>'displayFulfillmentStatus' when 'UNFULFILLED' then null when 'PARTIALLY_FULFILLED' then 'partial' else lower(o.body->>'displayFulfillmentStatus') end,
    o.body->>'sourceName',
    (select string_agg(code, ', ') from jsonb_array_elements_text(o.body->'discountCodes') code),
    (select string_agg(tag, ', ') from jsonb_array_elements_text(o.body->'tags') tag),
    coalesce((o.body->>'test')::boolean, false),
    (o.body->>'createdAt')::timestamptz, to_char((o.body->>'createdAt')::timestamptz at time zone '${timeZone}', 'YYYYMMDD')::int,
    (o.body->>'updatedAt')::timestamptz, (o.body->>'processedAt')::timestamptz,
    to_char(coalesce((o.body->>'processedAt')::timestamptz, (o.body->>'createdAt')::timestamptz) at time zone '${timeZone}', 'YYYYMMDD')::int,
    (o.body->>'cancelledAt')::timestamptz,
    lower(o.body->>'cancelReason'), (o.body->>'closedAt')::timestamptz, 'bench'
  from bench_jsonl o left join totals t on t.order_id = ${id(`o.body->>'id'`)}
  where o.body->>'id' like 'gid://shopify/Order/%'
  on conflict do nothing
  returning order_id, created_at, created_date_key, updated_at, total_price, total_line_items_price
),
order_lines as (
  insert into bench_order_line (shop_id, line_item_id, order_id, product_id, variant_id, sku, title, variant_title, vendor, quantity, price,
    total_discount, order_created_at, order_date_key, order_updated_at, raw_key)
  select 1, ${id(`l.body->>'id'`)}, l.order_id, ${id(`l.body#>>'{product,id}'`)}, ${id(`l.body#>>'{variant,id}'`)},
    l.body->>'sku', l.body->>'title', l.body->>'variantTitle', l.body->>'vendor', (l.body->>'quantity')::int,
    (l.body#>>'{originalUnitPriceSet,shopMoney,amount}')::numeric, coalesce((l.body#>>'{totalDiscountSet,shopMoney,amount}')::numeric, 0),
    o.created_at, o.created_date_key, o.updated_at, 'bench'
  from lines l join orders o on o.order_id = l.order_id
  on conflict do nothing
  returning quantity, gross_amount
)
select (select count(*) from orders)::int as orders, (select count(*) from order_lines)::int as "lineItems",
  (select sum(total_price)::text from orders) as "totalPrice", (select sum(total_line_items_price)::text from orders) as "lineItemsPrice",
  (select sum(quantity)::int from order_lines) as units, (select sum(gross_amount)::text from order_lines) as gross`;

/** What (b) loaded: counts, and sums to compare with what the pipeline loaded. */
export interface OrderTotals {
  orders: number;
  lineItems: number;
  /** Decimal text: Σ fact_order.total_price, Σ total_line_items_price, Σ fact_order_line.gross_amount. */
  totalPrice: string;
  lineItemsPrice: string;
  units: number;
  gross: string;
}

export interface JsonlCopyFigures extends OrderTotals {
  lines: number;
  copyMs: number;
  transformMs: number;
}

/** The same sums over what Wharf loaded for a shop. */
export const orderTotalsOf = (shopId: number) => `
select (select count(*)::int from fact_order where shop_id = ${Number(shopId)}) as orders,
  (select count(*)::int from fact_order_line where shop_id = ${Number(shopId)}) as "lineItems",
  (select sum(total_price)::text from fact_order where shop_id = ${Number(shopId)}) as "totalPrice",
  (select sum(total_line_items_price)::text from fact_order where shop_id = ${Number(shopId)}) as "lineItemsPrice",
  (select sum(quantity)::int from fact_order_line where shop_id = ${Number(shopId)}) as units,
  (select sum(gross_amount)::text from fact_order_line where shop_id = ${Number(shopId)}) as gross`;

/** Runs (a) and (b) on `target` (a database migrated with Wharf's schema) and drops what it made. */
export async function measureJsonlCopyLimit(target: CopyTarget, file: string, timeZone: string): Promise<JsonlCopyFigures> {
  if (!/^[A-Za-z_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) throw new Error(`not a time zone name: ${timeZone}`);
  await target.exec(SETUP);
  try {
    const copyStarted = performance.now();
    await target.copyFile('bench_jsonl (body)', LINE_PER_FIELD, file);
    const copyMs = performance.now() - copyStarted;
    const { lines } = await target.one<{ lines: number }>('select count(*)::int as lines from bench_jsonl');
    await target.exec('truncate bench_jsonl');

    const started = performance.now();
    await target.exec('begin');
    let loaded: OrderTotals;
    try {
      await target.copyFile('bench_jsonl (body)', LINE_PER_FIELD, file);
      loaded = await target.one<OrderTotals>(transform(timeZone));
      await target.exec('commit');
    } catch (error) {
      await target.exec('rollback');
      throw error;
    }
    const transformMs = performance.now() - started;
    return { lines, copyMs, transformMs, ...loaded };
  } finally {
    await target.exec('drop table if exists bench_jsonl, bench_order, bench_order_line');
  }
}
