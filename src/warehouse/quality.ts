/**
 * The measurements behind the data-quality rules (src/quality/rules.ts), for one shop: rows checked,
 * rows failing and a few failing keys, by kind of check. Tables, columns and conditions come from
 * the rules declared in code, never from a request.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import type { ShopScope } from './reads/scope';
import { qualityResult, qualityRun, resync, resyncOperation } from './schema';

/** A table counted against a resync's entity: its rows of the shop with `created_at` and `deleted_at`, among those `where` selects. */
export interface CountedEntity {
  entity: string;
  table: string;
  where?: string;
}

export type QualityCheck =
  /** The column holds a value. */
  | { kind: 'complete'; table: string; key: string; column: string }
  /** The condition (SQL over the row) holds. */
  | { kind: 'valid'; table: string; key: string; condition: string }
  /** No two rows (among those `where` selects) share the columns. */
  | { kind: 'unique'; table: string; key: string; columns: string[]; where?: string }
  /** The row's columns name a row of the parent table, where they are set. */
  | { kind: 'references'; table: string; key: string; columns: string[]; parent: string; parentColumns: string[] }
  /** An order's lines add up to its stated line items price (Σ price × quantity). */
  | { kind: 'lines_match_order' }
  /** Each topic with a cadence delivered within three of its usual gaps (an hour at least). */
  | { kind: 'fresh_topics' }
  /** Each entity's live rows as of the last full resync against the records its export saw (see `againstFullResync`). */
  | { kind: 'matches_full_resync'; entities: readonly CountedEntity[] };

export interface Measured {
  checked: number;
  failed: number;
  samples: unknown[];
  /** Why nothing was measured: the check has nothing to compare with yet. */
  skipped?: string;
}

const SAMPLES = 5;
const id = (name: string) => sql.identifier(name);

export async function measure(db: Warehouse, scope: ShopScope, check: QualityCheck): Promise<Measured> {
  if (check.kind === 'matches_full_resync') return againstFullResync(db, scope, check.entities);
  const result = await db.execute<{ checked: number | null; failed: number | null; samples: string[] | null }>(statement(scope, check));
  const row = result.rows[0];
  return { checked: Number(row?.checked ?? 0), failed: Number(row?.failed ?? 0), samples: row?.samples ?? [] };
}

function statement(scope: ShopScope, check: Exclude<QualityCheck, { kind: 'matches_full_resync' }>) {
  const shop = scope.shopId;
  switch (check.kind) {
    case 'complete':
    case 'valid': {
      const failing = check.kind === 'complete' ? sql`t.${id(check.column)} is null` : sql`not coalesce((${sql.raw(check.condition)}), false)`;
      return sql`
        select count(*)::float8 as checked, (count(*) filter (where ${failing}))::float8 as failed,
          (array_agg(t.${id(check.key)}::text order by t.${id(check.key)}) filter (where ${failing}))[1:${SAMPLES}] as samples
        from ${id(check.table)} t where t.shop_id = ${shop}`;
    }
    case 'unique':
      return sql`
        with groups as (
          select count(*) as n, min(t.${id(check.key)}::text) as sample from ${id(check.table)} t
          where t.shop_id = ${shop} ${check.where ? sql`and ${sql.raw(check.where)}` : sql``}
          group by ${sql.join(
            check.columns.map((c) => sql`t.${id(c)}`),
            sql`, `,
          )}
        )
        select coalesce(sum(n), 0)::float8 as checked, coalesce(sum(n) filter (where n > 1), 0)::float8 as failed,
          (array_agg(sample order by sample) filter (where n > 1))[1:${SAMPLES}] as samples
        from groups`;
    case 'references': {
      const joined = sql.join(
        check.columns.map((c, i) => sql`p.${id(check.parentColumns[i]!)} = t.${id(c)}`),
        sql` and `,
      );
      const missing = sql`not exists (select 1 from ${id(check.parent)} p where p.shop_id = t.shop_id and ${joined})`;
      return sql`
        select count(*)::float8 as checked, (count(*) filter (where ${missing}))::float8 as failed,
          (array_agg(t.${id(check.key)}::text order by t.${id(check.key)}) filter (where ${missing}))[1:${SAMPLES}] as samples
        from ${id(check.table)} t
        where t.shop_id = ${shop} and ${sql.join(
          check.columns.map((c) => sql`t.${id(c)} is not null`),
          sql` and `,
        )}`;
    }
    case 'lines_match_order':
      return sql`
        with lines as (select order_id, sum(gross_amount) as gross from fact_order_line where shop_id = ${shop} group by order_id)
        select count(*)::float8 as checked, (count(*) filter (where o.total_line_items_price <> l.gross))::float8 as failed,
          (array_agg(o.order_id::text order by o.order_id) filter (where o.total_line_items_price <> l.gross))[1:${SAMPLES}] as samples
        from fact_order o join lines l on l.order_id = o.order_id
        where o.shop_id = ${shop} and o.total_line_items_price is not null and o.deleted_at is null`;
    case 'fresh_topics':
      return sql`
        with topics as (
          select topic, count(*) as deliveries, max(received_at) as last
          from raw_event where shop_domain = (select domain from dim_shop where shop_id = ${shop}) and received_at > now() - interval '7 days'
          group by topic having count(*) >= 20
        ),
        judged as (
          select topic, now() - last > greatest(interval '1 hour', 3 * interval '7 days' / deliveries) as stale from topics
        )
        select count(*)::float8 as checked, (count(*) filter (where stale))::float8 as failed,
          (array_agg(topic order by topic) filter (where stale))[1:${SAMPLES}] as samples
        from judged`;
  }
}

/**
 * The warehouse against the shop's last reconciled full resync, entity by entity. What compares
 * is what existed when the export began, at the resync's `window_to` (every bulk query started
 * after it): on the export's side the root records created before it (`records_created_before`),
 * on the warehouse's the rows created before it and not deleted by then (`deleted_at` after it, or
 * none), so that records created or deleted since do not count as defects. A record deleted while
 * the entity's bulk query ran (after `window_to`, by its `completed_at`) may or may not be in the
 * export: the export's count passes anywhere between the rows still live at `completed_at` and
 * those live at `window_to`. Checked: the larger count; failed: how far the export's count lies
 * outside that range. A record the resync rejected counts: the warehouse lacks it.
 */
async function againstFullResync(db: Warehouse, scope: ShopScope, entities: readonly CountedEntity[]): Promise<Measured> {
  const exported = await db
    .selectDistinctOn([resyncOperation.entity], {
      resyncId: resync.id,
      windowTo: resync.windowTo,
      entity: resyncOperation.entity,
      records: resyncOperation.recordsCreatedBefore,
      completedAt: sql<string>`coalesce(${resyncOperation.completedAt}, ${resync.finishedAt})`.mapWith(resyncOperation.completedAt),
    })
    .from(resync)
    .innerJoin(resyncOperation, eq(resyncOperation.resyncId, resync.id))
    .where(
      eq(
        resync.id,
        db
          .select({ id: resync.id })
          .from(resync)
          .where(and(eq(resync.shopId, scope.shopId), eq(resync.kind, 'full'), eq(resync.status, 'reconciled')))
          .orderBy(desc(resync.finishedAt))
          .limit(1),
      ),
    )
    .orderBy(resyncOperation.entity, desc(resyncOperation.attempt));
  const last = exported[0];
  if (!last) return { checked: 0, failed: 0, samples: [], skipped: 'no full resync has completed yet' };
  const counts = new Map(exported.flatMap((op) => (op.records === null ? [] : [[op.entity, op]])));
  const compared = entities.filter((e) => counts.has(e.entity));
  if (compared.length === 0) return { checked: 0, failed: 0, samples: [], skipped: `the last full resync, ${last.resyncId}, counted no records` };

  const result = await db.execute<{ entity: string; live: number; lasting: number }>(
    sql.join(
      compared.map(
        (e) => sql`
          select ${e.entity}::text as entity,
            (count(*) filter (where t.deleted_at is null or t.deleted_at > ${last.windowTo}))::float8 as live,
            (count(*) filter (where t.deleted_at is null or t.deleted_at > ${counts.get(e.entity)!.completedAt}))::float8 as lasting
          from ${id(e.table)} t
          where t.shop_id = ${scope.shopId} and t.created_at < ${last.windowTo} ${e.where ? sql`and ${sql.raw(e.where)}` : sql``}`,
      ),
      sql` union all `,
    ),
  );
  const measured: Measured = { checked: 0, failed: 0, samples: [] };
  for (const { entity, live, lasting } of result.rows) {
    const records = counts.get(entity)!.records!;
    const off = records < lasting ? lasting - records : records > live ? records - live : 0;
    measured.checked += Math.max(records, live);
    measured.failed += off;
    if (off) measured.samples.push({ entity, resync: records, warehouse: live, deletedWhileExporting: live - lasting });
  }
  measured.samples = measured.samples.slice(0, SAMPLES);
  return measured;
}

/** Each day's orders and net sales in the shop's calendar, every channel, from `days` days back to yesterday. */
export async function dailySales(db: Warehouse, scope: ShopScope, days: number) {
  const result = await db.execute<{ date: string; orders: number; netSales: number }>(sql`
    with today as (select (now() at time zone coalesce(iana_timezone, 'UTC'))::date as today from dim_shop where shop_id = ${scope.shopId})
    select to_char(d.date, 'YYYY-MM-DD') as date, coalesce(sum(s.orders), 0)::float8 as orders, coalesce(sum(s.net_sales), 0)::float8 as "netSales"
    from today, generate_series(today.today - ${days}::integer, today.today - 1, interval '1 day') as d(date)
    left join analytics.sales_daily s on s.shop_id = ${scope.shopId} and s.date = d.date::date
    group by d.date order by d.date`);
  return result.rows;
}

export type QualityFinding = {
  rule: string;
  dimension: string;
  table: string;
  checked: number;
  failed: number;
  /** Null when the rule was skipped: a skipped rule is not scored. */
  score: number | null;
  samples: unknown;
  skipped: string | null;
};

export async function saveQualityRun(db: Warehouse, scope: ShopScope, trigger: string, findings: readonly QualityFinding[]): Promise<number> {
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(qualityRun).values({ shopId: scope.shopId, trigger, finishedAt: sql`now()` }).returning({ id: qualityRun.id });
    if (findings.length)
      await tx.insert(qualityResult).values(
        findings.map((f) => ({
          runId: run!.id,
          shopId: scope.shopId,
          rule: f.rule,
          dimension: f.dimension,
          tableName: f.table,
          checked: f.checked,
          failed: f.failed,
          score: f.score === null ? null : String(f.score),
          samples: f.samples,
          skipped: f.skipped,
        })),
      );
    return run!.id;
  });
}

/** The shop's last runs, newest first, each with its findings. */
export async function qualityRuns(db: Warehouse, scope: ShopScope, limit: number) {
  const runs = await db
    .select({ id: qualityRun.id, trigger: qualityRun.trigger, startedAt: qualityRun.startedAt, finishedAt: qualityRun.finishedAt })
    .from(qualityRun)
    .where(eq(qualityRun.shopId, scope.shopId))
    .orderBy(desc(qualityRun.id))
    .limit(limit);
  if (runs.length === 0) return [];
  const findings = await db.execute<QualityFinding & { runId: number }>(sql`
    select run_id::integer as "runId", rule, dimension, table_name as "table", checked::float8 as checked, failed::float8 as failed, score::float8 as score, samples, skipped
    from ${qualityResult} where run_id = any(${arrayParam(
      runs.map((r) => r.id),
      'bigint',
    )}) order by run_id desc, rule`);
  return runs.map((run) => ({ ...run, findings: findings.rows.filter((f) => f.runId === run.id).map(({ runId: _, ...f }) => f) }));
}

/** Shops to check: served ones that hold orders or deliveries. */
export async function shopsToCheck(db: Warehouse): Promise<ShopScope[]> {
  const result = await db.execute<{ shopId: number }>(sql`
    select s.shop_id as "shopId" from dim_shop s
    where s.uninstalled_at is null and s.redacted_at is null
      and (exists (select 1 from fact_order o where o.shop_id = s.shop_id) or exists (select 1 from raw_event e where e.shop_domain = s.domain))`);
  return result.rows;
}
