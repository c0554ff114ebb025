/**
 * What bench:analytics asks of the analytics schema (migrations/0021_analytics_marts.sql): each
 * mart computed whole for a shop, and the `/v1/analytics/*` endpoints with the reports they read.
 */
import type { ReportName, ReportQuery } from '../../src/warehouse/reads/analytics';

/** A mart computed whole: its rows counted and one of its money (or count) columns summed. */
export interface Mart {
  view: string;
  column: string;
}

/** The base views the marts are built on, then the marts. */
export const MARTS: readonly Mart[] = [
  { view: 'orders', column: 'gross_sales' },
  { view: 'returned_lines', column: 'returns' },
  { view: 'refunds', column: 'returns' },
  { view: 'customer_orders', column: 'net_sales' },
  { view: 'product_day_figures', column: 'gross_sales' },
  { view: 'sales_daily', column: 'net_sales' },
  { view: 'product_sales_daily', column: 'net_sales' },
  { view: 'customers', column: 'net_revenue' },
  { view: 'cohorts_monthly', column: 'net_revenue' },
  { view: 'inventory_position', column: 'stock_value' },
  { view: 'discounts', column: 'discount_amount' },
  { view: 'channel_sales_daily', column: 'net_sales' },
  { view: 'checkout_funnel_daily', column: 'checkouts_started' },
  { view: 'fulfillment_daily', column: 'fulfilled_orders' },
];

export const wholeMart = ({ view, column }: Mart) => `select count(*)::int as rows, sum(${column})::text as total from analytics.${view} where shop_id = $1`;

/** The floor a whole mart is held against: one pass over the largest fact table, and over the orders. */
export const SCANS = [
  {
    name: 'fact_order_line: count, Σ gross_amount',
    sql: 'select count(*)::int as rows, sum(gross_amount)::text as total from fact_order_line where shop_id = $1',
  },
  { name: 'fact_order: count, Σ total_price', sql: 'select count(*)::int as rows, sum(total_price)::text as total from fact_order where shop_id = $1' },
] as const;

/** Every row of a mart for all dates, fetched to the client. */
export const FULL_MARTS = [
  { view: 'sales_daily', sql: 'select * from analytics.sales_daily where shop_id = $1 order by date, channel, currency' },
  { view: 'product_sales_daily', sql: 'select * from analytics.product_sales_daily where shop_id = $1 order by date, product_id, variant_id' },
] as const;

/** The dated marts, read for one day: what a dashboard refreshes after a load. */
export const DAY_MARTS = ['sales_daily', 'product_sales_daily', 'channel_sales_daily', 'discounts', 'fulfillment_daily', 'checkout_funnel_daily'] as const;

export const dayOf = (view: string) => `select count(*)::int as rows from analytics.${view} where shop_id = $1 and date = $2::date`;

/** Today's orders as sales_daily counts them: what the incremental load waits to see. */
export const ORDERS_ON = 'select coalesce(sum(orders), 0)::int as orders from analytics.sales_daily where shop_id = $1 and date = $2::date';

export interface Endpoint {
  /** As the report names it. */
  name: string;
  /** Path and query after `?from=…&to=…`, e.g. `/v1/analytics/sales` and `group_by=week`. */
  path: string;
  extra?: string;
  /** The report the endpoint reads (src/warehouse/reads/analytics.ts), timed on its own too. */
  report: ReportName;
  groupBy?: ReportQuery['groupBy'];
}

const endpoint = (report: ReportName, groupBy?: ReportQuery['groupBy']): Endpoint => ({
  name: groupBy ? `${report}, group_by=${groupBy}` : report,
  path: `/v1/analytics/${report}`,
  extra: groupBy ? `group_by=${groupBy}` : undefined,
  report,
  groupBy,
});

/** The partner API's analytics endpoints (group_by=day unless named; entity reports at their default limit of 1,000). */
export const ENDPOINTS: readonly Endpoint[] = [
  endpoint('sales'),
  endpoint('sales', 'week'),
  endpoint('sales', 'month'),
  endpoint('products'),
  endpoint('products', 'range'),
  endpoint('customers'),
  endpoint('cohorts'),
  endpoint('inventory'),
  endpoint('discounts'),
  endpoint('channels'),
  endpoint('funnel'),
  endpoint('fulfillment'),
];

/** An existing endpoint over a view of the same range, as the HTTP baseline. */
export const BASELINE_ENDPOINT = { name: '/v1/metrics/daily (existing, metrics_daily view)', path: '/v1/metrics/daily' } as const;

export interface Latency {
  samples: number[];
  p50: number;
  p95: number;
}

/** Nearest-rank percentiles of `samples` milliseconds. */
export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { samples, p50: rank(0.5), p95: rank(0.95) };
}

export interface Series {
  warmups: number;
  runs: number;
  /** Timed runs stop once they have taken this long together, after at least `minRuns`. */
  budgetMs: number;
  minRuns: number;
}

/**
 * Runs `once` untimed (`warmups` times, or once when the first takes longer than a second: the
 * caches are warm by then), then timed one after another, `runs` times or until the budget is spent.
 */
export async function timeRuns(once: () => Promise<unknown>, series: Series): Promise<Latency> {
  for (let i = 0; i < series.warmups; i++) {
    const started = performance.now();
    await once();
    if (performance.now() - started > 1000) break;
  }
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < series.runs && (samples.length < series.minRuns || spent < series.budgetMs)) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
    spent += samples.at(-1)!;
  }
  return latency(samples);
}
