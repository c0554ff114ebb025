/**
 * Reads of the analytics marts (schema `analytics`, migrations/0021_analytics_marts.sql): one
 * registry line per report, shared by the API and the CLI. Daily marts are summed per period and
 * their ratios recomputed from the sums, so a week or a month is right, not an average of days.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Warehouse, WarehouseTransaction } from '../db';
import type { ShopScope } from './scope';

/** How a column is read out: counts as numbers, money and ratios as exact decimal strings. */
type Kind = 'count' | 'money' | 'ratio' | 'text' | 'id' | 'date' | 'instant';

interface Column {
  name: string;
  kind: Kind;
}

const count = (name: string): Column => ({ name, kind: 'count' });
const money = (name: string): Column => ({ name, kind: 'money' });
const text = (name: string): Column => ({ name, kind: 'text' });
const id = (name: string): Column => ({ name, kind: 'id' });

/** A mart summed over periods: its keys, what describes them, additive columns and ratios of their sums. */
interface DailyReport {
  view: string;
  keys: Column[];
  /** Descriptions of a key (a product's title): one value per key, not grouped on. */
  attributes?: Column[];
  sums: Column[];
  ratios: Record<string, SQL>;
  filters: readonly string[];
}

/** A mart read as it is, one row per entity, filtered and limited. */
interface EntityReport {
  view: string;
  columns: Column[];
  /** Which rows a from–to range selects. */
  range?: (from: string, to: string) => SQL;
  filters: readonly string[];
  orderBy: SQL;
}

const ratio = (numerator: string, denominator: string, places = 4) => sql.raw(`round(sum(${numerator})::numeric / nullif(sum(${denominator}), 0), ${places})`);

const DAILY = {
  sales: {
    view: 'sales_daily',
    keys: [text('channel'), text('currency')],
    sums: [
      count('orders'),
      count('units_sold'),
      count('units_returned'),
      ...['gross_sales', 'discounts', 'returns', 'net_sales', 'shipping', 'taxes', 'duties', 'additional_fees', 'total_sales'].map(money),
      count('new_customer_orders'),
      count('returning_customer_orders'),
      count('guest_orders'),
    ],
    ratios: { average_order_value: sql.raw('round((sum(gross_sales) - sum(discounts)) / nullif(sum(orders), 0), 2)') },
    filters: ['channel'],
  },
  products: {
    view: 'product_sales_daily',
    keys: [id('product_id'), id('variant_id')],
    attributes: [text('product_title'), text('variant_title'), text('sku')],
    sums: [
      count('units_sold'),
      count('units_returned'),
      ...['gross_sales', 'discounts', 'returns', 'net_sales', 'cost_of_goods', 'gross_margin'].map(money),
      count('units_without_cost'),
    ],
    ratios: {
      margin_rate: ratio('gross_margin', 'net_sales'),
      return_rate_units: ratio('units_returned', 'units_sold'),
      return_rate_value: sql.raw('round(sum(returns) / nullif(sum(gross_sales) - sum(discounts), 0), 4)'),
    },
    filters: ['product_id', 'variant_id'],
  },
  discounts: {
    view: 'discounts',
    keys: [text('discount'), text('method')],
    sums: [count('orders'), money('gross_sales'), money('discount_amount'), money('net_sales'), count('new_customers')],
    ratios: {},
    filters: ['discount', 'method'],
  },
  channels: {
    view: 'channel_sales_daily',
    keys: [text('source'), text('channel'), text('currency')],
    sums: [count('orders'), count('units'), ...['gross_sales', 'discounts', 'returns', 'net_sales'].map(money)],
    ratios: {},
    filters: ['source', 'channel'],
  },
  funnel: {
    view: 'checkout_funnel_daily',
    keys: [],
    sums: [count('checkouts_started'), count('checkouts_completed'), count('checkouts_abandoned')],
    ratios: { conversion_rate: ratio('checkouts_completed', 'checkouts_started'), abandonment_rate: ratio('checkouts_abandoned', 'checkouts_started') },
    filters: [],
  },
  fulfillment: {
    view: 'fulfillment_daily',
    keys: [],
    sums: [count('orders'), count('fulfilled_orders'), count('fulfilled_within_24h'), count('fulfilled_within_48h')],
    ratios: { share_fulfilled_within_24h: ratio('fulfilled_within_24h', 'orders'), share_fulfilled_within_48h: ratio('fulfilled_within_48h', 'orders') },
    filters: [],
  },
} satisfies Record<string, DailyReport>;

const ENTITY = {
  customers: {
    view: 'customers',
    columns: [
      id('customer_id'),
      { name: 'first_order_at', kind: 'instant' },
      { name: 'last_order_at', kind: 'instant' },
      count('orders'),
      count('units'),
      money('net_revenue'),
      money('average_order_value'),
      { name: 'average_days_between_orders', kind: 'ratio' },
      count('days_since_last_order'),
      text('is_repeat'),
      { name: 'cohort_month', kind: 'date' },
      count('recency_score'),
      count('frequency_score'),
      count('monetary_score'),
      text('segment'),
      money('clv_estimate'),
    ],
    // Customers who ordered within the range: their first order on or before its end, their last on or after its start.
    range: (from, to) => sql`first_order_at < (${to}::date + 1) and last_order_at >= ${from}::date`,
    filters: ['segment'],
    orderBy: sql`net_revenue desc, customer_id`,
  },
  cohorts: {
    view: 'cohorts_monthly',
    columns: [
      { name: 'cohort_month', kind: 'date' },
      count('months_since_first_order'),
      count('cohort_customers'),
      count('customers'),
      { name: 'retention_rate', kind: 'ratio' },
      money('net_revenue'),
    ],
    range: (from, to) => sql`cohort_month >= date_trunc('month', ${from}::date) and cohort_month <= ${to}::date`,
    filters: [],
    orderBy: sql`cohort_month, months_since_first_order`,
  },
  inventory: {
    view: 'inventory_position',
    columns: [
      id('inventory_item_id'),
      id('location_id'),
      id('variant_id'),
      id('product_id'),
      text('sku'),
      text('location_name'),
      count('on_hand'),
      count('item_on_hand'),
      count('units_sold_28d'),
      { name: 'days_of_cover', kind: 'ratio' },
      { name: 'sell_through_28d', kind: 'ratio' },
      count('stockout_days_28d'),
      { name: 'turnover_annualized', kind: 'ratio' },
      money('unit_cost'),
      money('stock_value'),
    ],
    filters: ['location_id', 'product_id'],
    orderBy: sql`days_of_cover nulls last, inventory_item_id, location_id`,
  },
} satisfies Record<string, EntityReport>;

export type DailyReportName = keyof typeof DAILY;
export type EntityReportName = keyof typeof ENTITY;
export type ReportName = DailyReportName | EntityReportName;
export const REPORTS = [...Object.keys(DAILY), ...Object.keys(ENTITY)] as ReportName[];
/** Days, ISO weeks (from Monday), calendar months, or the whole range as one period. */
export const GROUPINGS = ['day', 'week', 'month', 'range'] as const;

export interface ReportQuery {
  from: string;
  to: string;
  groupBy?: (typeof GROUPINGS)[number];
  filters?: Readonly<Record<string, string>>;
  /** Rows a page (daily reports) or in all (entity reports, their first rows in order): 1000 unless given. */
  limit?: number;
  /** A daily report's page starts after this row (ReportPage.next of the page before). */
  after?: readonly string[];
}

/** Counts as numbers; money, ratios, ids, days and instants as text. */
export type ReportRow = Record<string, string | number | null>;

/** Rows and, when a daily report has more, the key the next page starts after. */
export interface ReportPage {
  data: ReportRow[];
  next: string[] | null;
}

const DEFAULT_LIMIT = 1000;

/** The filters each report takes (equality on a column of its mart). */
export function reportFilters(name: ReportName): readonly string[] {
  return (DAILY as Record<string, DailyReport>)[name]?.filters ?? (ENTITY as Record<string, EntityReport>)[name]!.filters;
}

/** The columns of a report's rows, in order. */
export function reportColumns(name: ReportName): string[] {
  if (isDailyReport(name)) {
    const report: DailyReport = DAILY[name];
    return ['period', ...[...report.keys, ...(report.attributes ?? []), ...report.sums].map((c) => c.name), ...Object.keys(report.ratios)];
  }
  return (ENTITY[name] as EntityReport).columns.map((c) => c.name);
}

export const isDailyReport = (name: ReportName): name is DailyReportName => name in DAILY;

/** The column as the report hands it out: money, ratios and ids as exact text. */
function selected(column: Column, expression: SQL = sql`${sql.identifier(column.name)}`): SQL {
  const as = sql.identifier(column.name);
  switch (column.kind) {
    case 'count':
      return sql`(${expression})::float8 as ${as}`;
    case 'date':
      return sql`to_char(${expression}, 'YYYY-MM-DD') as ${as}`;
    case 'instant':
      // ISO 8601, as every other instant the API gives.
      return sql`to_json(${expression}) #>> '{}' as ${as}`;
    default:
      return sql`(${expression})::text as ${as}`;
  }
}

function filtersOf(name: ReportName, filters: Readonly<Record<string, string>> = {}): SQL[] {
  const allowed = reportFilters(name);
  return Object.entries(filters)
    .filter(([column]) => allowed.includes(column))
    .map(([column, value]) => sql`${sql.identifier(column)}::text = ${value}`);
}

/** What a daily report's page key holds, part by part: the period's first day, then each key. */
export function reportCursorKinds(name: DailyReportName): Kind[] {
  return ['date', ...(DAILY[name] as DailyReport).keys.map((k) => k.kind)];
}

/**
 * A key as pages are ordered and cut on it: a missing id sorts first as -1 (ids are positive), a
 * missing text as ''. The page key names the value the same way.
 */
const sortKey = (key: Column) => (key.kind === 'id' ? sql`coalesce(${sql.identifier(key.name)}, -1)` : sql`coalesce(${sql.identifier(key.name)}::text, '')`);
const keyValue = (key: Column, value: string | number | null) => (value === null ? (key.kind === 'id' ? '-1' : '') : String(value));
const typedKeyValue = (key: Column, value: string) => (key.kind === 'id' ? sql`${value}::bigint` : sql`${value}::text`);

/**
 * A report, read with Postgres's JIT compiler off for its transaction: the marts' plans cost
 * enough to trigger it, and compiling them takes longer than running them.
 */
export function analyticsReport(db: Warehouse, scope: ShopScope, name: ReportName, query: ReportQuery): Promise<ReportPage> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return reportPage(tx, scope, name, query);
  });
}

/** Every row of a report, a page at a time (flat memory however long the range). */
export async function* reportPages(db: Warehouse, scope: ShopScope, name: ReportName, query: ReportQuery): AsyncGenerator<ReportRow[]> {
  let after = query.after;
  for (;;) {
    const page = await analyticsReport(db, scope, name, { ...query, after });
    yield page.data;
    if (!page.next) return;
    after = page.next;
  }
}

async function reportPage(db: WarehouseTransaction, scope: ShopScope, name: ReportName, query: ReportQuery): Promise<ReportPage> {
  const where = [sql`shop_id = ${scope.shopId}`, ...filtersOf(name, query.filters)];
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (isDailyReport(name)) {
    const report: DailyReport = DAILY[name];
    const grouping = query.groupBy ?? 'day';
    // The grouping is one of GROUPINGS, written into the statement so that select and group by say the
    // same; a range is one period, named by its first day.
    const period = grouping === 'range' ? sql`${query.from}::date` : sql.raw(grouping === 'day' ? 'date' : `date_trunc('${grouping}', date)::date`);
    const keys = report.keys.map((k) => sql`${sql.identifier(k.name)}`);
    const groupedBy = grouping === 'range' ? keys : [period, ...keys];
    const order = [period, ...report.keys.map(sortKey)];
    const after = query.after;
    // A period holds no day before its first: the page after one in period P reads days from P on.
    if (after) where.push(sql`date >= ${after[0]}::date`);
    const result = await db.execute<ReportRow>(sql`
      select to_char(${period}, 'YYYY-MM-DD') as period,
        ${sql.join(
          [
            ...report.keys.map((k) => selected(k)),
            ...(report.attributes ?? []).map((a) => selected(a, sql`min(${sql.identifier(a.name)})`)),
            ...report.sums.map((s) => selected(s, sql`sum(${sql.identifier(s.name)})`)),
            ...Object.entries(report.ratios).map(([ratioName, expression]) => selected({ name: ratioName, kind: 'ratio' }, expression)),
          ],
          sql`, `,
        )}
      from analytics.${sql.identifier(report.view)}
      where ${sql.join([...where, sql`date >= ${query.from}::date`, sql`date <= ${query.to}::date`], sql` and `)}
      ${groupedBy.length ? sql`group by ${sql.join(groupedBy, sql`, `)}` : sql``}
      ${after ? sql`having (${sql.join(order, sql`, `)}) > (${sql.join([sql`${after[0]}::date`, ...report.keys.map((k, i) => typedKeyValue(k, after[i + 1]!))], sql`, `)})` : sql``}
      order by ${sql.join(order, sql`, `)}
      limit ${limit + 1}`);
    const data = result.rows.slice(0, limit);
    const last = data.at(-1);
    const next = result.rows.length > limit && last ? [String(last.period), ...report.keys.map((k) => keyValue(k, last[k.name]!))] : null;
    return { data, next };
  }
  const report: EntityReport = ENTITY[name];
  if (report.range) where.push(report.range(query.from, query.to));
  const result = await db.execute<ReportRow>(sql`
    select ${sql.join(
      report.columns.map((c) => selected(c)),
      sql`, `,
    )}
    from analytics.${sql.identifier(report.view)}
    where ${sql.join(where, sql` and `)}
    order by ${report.orderBy}
    limit ${limit}`);
  return { data: result.rows, next: null };
}
