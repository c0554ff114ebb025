/** Sales metrics from the metrics_daily view (definitions in migrations/0003_metrics_views.sql). */
import { sql } from 'drizzle-orm';
import type { Warehouse } from '../db';
import type { ShopScope } from './scope';

export interface MetricsQuery {
  from: string;
  to: string;
  channel?: string;
}

/** Ratios are computed from summed parts, so that they stay right across days and channels. */
const measures = sql`
  coalesce(sum(orders), 0)::integer as orders,
  coalesce(sum(units), 0)::text as units,
  coalesce(sum(gross_sales), 0)::text as gross_sales,
  coalesce(sum(discounts), 0)::text as discounts,
  coalesce(sum(total_sales), 0)::text as total_sales,
  coalesce(sum(refunded), 0)::text as refunded,
  coalesce(sum(net_revenue), 0)::text as net_revenue,
  round(sum(total_sales) / nullif(sum(orders), 0), 2)::text as average_order_value,
  round(sum(refunded_orders)::numeric / nullif(sum(orders), 0), 4)::text as refund_rate,
  coalesce(sum(new_customer_orders), 0)::integer as new_customer_orders,
  coalesce(sum(returning_customer_orders), 0)::integer as returning_customer_orders`;

export type Measures = {
  orders: number;
  units: string;
  gross_sales: string;
  discounts: string;
  total_sales: string;
  refunded: string;
  net_revenue: string;
  average_order_value: string | null;
  refund_rate: string | null;
  new_customer_orders: number;
  returning_customer_orders: number;
};

function window(scope: ShopScope, query: MetricsQuery) {
  return sql`shop_id = ${scope.shopId} and date >= ${query.from}::date and date <= ${query.to}::date
    ${query.channel ? sql`and channel = ${query.channel}` : sql``}`;
}

export async function dailyMetrics(db: Warehouse, scope: ShopScope, query: MetricsQuery) {
  const result = await db.execute<Measures & { date: string }>(sql`
    select to_char(date, 'YYYY-MM-DD') as date, ${measures}
    from metrics_daily where ${window(scope, query)} group by date order by date`);
  return result.rows;
}

export async function summaryMetrics(db: Warehouse, scope: ShopScope, query: MetricsQuery): Promise<Measures> {
  const result = await db.execute<Measures>(sql`select ${measures} from metrics_daily where ${window(scope, query)}`);
  return result.rows[0]!;
}
