/**
 * The pipeline as an operator watches it, for one shop over a window ending now: deliveries by
 * outcome and over time, how long they took to load, what waits, what failed per stage, freshness
 * per topic, and the upload jobs and resyncs of the window.
 */
import { sql } from 'drizzle-orm';
import type { Warehouse } from '../db';
import type { ShopScope } from './scope';

export interface PipelineWindow {
  hours: number;
  bucketMinutes: number;
}

export async function pipelineMetrics(db: Warehouse, scope: ShopScope, window: PipelineWindow) {
  const since = sql`now() - make_interval(hours => ${window.hours})`;
  const shopDomain = sql`(select domain from dim_shop where shop_id = ${scope.shopId})`;
  const [totals] = (
    await db.execute<{ received: number; loaded: number; quarantined: number; unmodelled: number; validated: number; from: string; to: string }>(sql`
      select count(*)::integer as received,
        (count(*) filter (where status = 'loaded'))::integer as loaded,
        (count(*) filter (where status = 'quarantined'))::integer as quarantined,
        (count(*) filter (where status = 'unmodelled'))::integer as unmodelled,
        (count(*) filter (where status = 'validated'))::integer as validated,
        to_json(${since}) #>> '{}' as "from", to_json(now()) #>> '{}' as "to"
      from raw_event where shop_domain = ${shopDomain} and received_at > ${since}`)
  ).rows;
  const series = await db.execute<{ at: string; received: number; loaded: number; quarantined: number }>(sql`
    with buckets as (
      select generate_series(date_bin(make_interval(mins => ${window.bucketMinutes}), ${since}, 'epoch'), now(), make_interval(mins => ${window.bucketMinutes})) as at
    )
    select to_json(b.at) #>> '{}' as at,
      count(e.*)::integer as received,
      (count(e.*) filter (where e.status = 'loaded'))::integer as loaded,
      (count(e.*) filter (where e.status = 'quarantined'))::integer as quarantined
    from buckets b
    left join raw_event e on e.shop_domain = ${shopDomain} and e.received_at > ${since}
      and date_bin(make_interval(mins => ${window.bucketMinutes}), e.received_at, 'epoch') = b.at
    group by b.at order by b.at`);
  const [lag] = (
    await db.execute<{ p50: number | null; p95: number | null; max: number | null }>(sql`
      select percentile_cont(0.5) within group (order by s)::float8 as p50, percentile_cont(0.95) within group (order by s)::float8 as p95, max(s)::float8 as max
      from (select extract(epoch from loaded_at - received_at) as s from raw_event
        where shop_domain = ${shopDomain} and received_at > ${since} and loaded_at is not null) l`)
  ).rows;
  const [backlog] = (
    await db.execute<{ deliveries: number; oldest: string | null }>(sql`
      select count(*)::integer as deliveries, to_json(min(received_at)) #>> '{}' as oldest
      from raw_event where shop_domain = ${shopDomain} and status = 'validated'`)
  ).rows;
  const failures = await db.execute<{ stage: string; opened: number; open: number }>(sql`
    select stage::text as stage, (count(*) filter (where created_at > ${since}))::integer as opened, (count(*) filter (where resolved_at is null))::integer as open
    from quarantine where shop_domain = ${shopDomain} and (created_at > ${since} or resolved_at is null)
    group by stage order by stage`);
  const topics = await db.execute<{ topic: string; received: number; lastReceivedAt: string; lastLoadedAt: string | null }>(sql`
    select topic, (count(*) filter (where received_at > ${since}))::integer as received,
      to_json(max(received_at)) #>> '{}' as "lastReceivedAt", to_json(max(loaded_at)) #>> '{}' as "lastLoadedAt"
    from raw_event where shop_domain = ${shopDomain}
    group by topic order by max(received_at) desc`);
  const uploads = await db.execute<{ status: string; jobs: number; rowsLoaded: number; rowsRejected: number }>(sql`
    select status::text as status, count(*)::integer as jobs, sum(rows_loaded)::float8 as "rowsLoaded", sum(rows_rejected)::float8 as "rowsRejected"
    from upload_job where shop_id = ${scope.shopId} and (created_at > ${since} or status not in ('done', 'failed'))
    group by status order by status`);
  const resyncs = await db.execute<{
    id: string;
    kind: string;
    status: string;
    linesLoaded: number;
    linesTotal: number;
    createdAt: string;
    finishedAt: string | null;
  }>(sql`
    select id, kind::text as kind, status::text as status, lines_loaded::float8 as "linesLoaded", lines_total::float8 as "linesTotal",
      to_json(created_at) #>> '{}' as "createdAt", to_json(finished_at) #>> '{}' as "finishedAt"
    from resync where shop_id = ${scope.shopId} and (created_at > ${since} or status not in ('reconciled', 'failed'))
    order by created_at desc limit 50`);
  return {
    from: totals!.from,
    to: totals!.to,
    bucketMinutes: window.bucketMinutes,
    deliveries: {
      received: totals!.received,
      loaded: totals!.loaded,
      quarantined: totals!.quarantined,
      unmodelled: totals!.unmodelled,
      validated: totals!.validated,
    },
    series: series.rows,
    loadLagSeconds: { p50: lag?.p50 ?? null, p95: lag?.p95 ?? null, max: lag?.max ?? null },
    backlog: { deliveries: backlog!.deliveries, oldestReceivedAt: backlog!.oldest },
    failures: failures.rows,
    topics: topics.rows,
    uploads: uploads.rows,
    resyncs: resyncs.rows,
  };
}
