/**
 * The quarantine: every record the pipeline could not take, quarantined deliveries and dead letters
 * alike, with its cause, what is needed to re-drive it, and whether it has been resolved since. The
 * API, the CLI, the consumers and the sweep all read and write it through these functions.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { dimShop, failureClass, pipelineStage, quarantine, resync, uploadJob } from './schema';

export type Stage = (typeof pipelineStage.enumValues)[number];
export type FailureClass = (typeof failureClass.enumValues)[number];

export const STAGES = pipelineStage.enumValues;
export const FAILURE_CLASSES = failureClass.enumValues;

/** What a failure does to the upload job it belongs to: fail it (`terminal`) or note the pending retry. */
export interface JobEffect {
  id: string;
  error: string;
  terminal: boolean;
}

export interface FailureRecord {
  stage: Stage;
  /** What failed, unique per stage: a delivery's raw key, `upload:{job}`, `upload:{job}/chunk:{n}`, `resync:{id}`… */
  subject: string;
  queue?: string;
  errorClass: FailureClass;
  reason: string;
  sqlstate?: string | null;
  path?: string;
  rawKey?: string;
  shopDomain?: string;
  topic?: string;
  webhookId?: string;
  /** The upload job or resync it belongs to: the record takes its shop when it names none. */
  jobId?: string;
  resyncId?: string;
  job?: JobEffect;
  /** Attempts this failure took (added to those of earlier failures of the same subject). */
  attempts?: number;
  /** ISO 8601; now when absent. */
  failedAt?: string;
  details?: unknown;
}

/** One record per subject and stage (a statement cannot upsert the same row twice): the latest. */
function lastPerSubject(records: readonly FailureRecord[]): FailureRecord[] {
  const last = new Map<string, FailureRecord>();
  for (const record of records) last.set(`${record.stage}\u0000${record.subject}`, record);
  return [...last.values()];
}

function shopOf(record: FailureRecord): SQL {
  if (record.shopDomain) return sql`${record.shopDomain}`;
  if (record.jobId) return sql`(select s.domain from ${uploadJob} j join ${dimShop} s using (shop_id) where j.id = ${record.jobId})`;
  if (record.resyncId) return sql`(select s.domain from ${resync} r join ${dimShop} s using (shop_id) where r.id = ${record.resyncId})`;
  return sql`null`;
}

/**
 * Records failures. Failing again updates the record: the latest cause, attempts added up, the
 * first failure kept, and reopened if it had been resolved. A failure of an upload's step also
 * tells its job: a permanent one fails it, any other notes the retry to come.
 */
export async function recordFailures(db: Pick<Warehouse, 'transaction'>, records: readonly FailureRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = lastPerSubject(records);
  await db.transaction(async (tx) => {
    await tx
      .insert(quarantine)
      .values(
        rows.map((r) => ({
          stage: r.stage,
          subject: r.subject,
          queue: r.queue ?? null,
          errorClass: r.errorClass,
          reason: r.reason,
          sqlstate: r.sqlstate ?? null,
          path: r.path ?? null,
          rawKey: r.rawKey ?? null,
          shopDomain: shopOf(r),
          topic: r.topic ?? null,
          webhookId: r.webhookId ?? null,
          details: r.details ?? null,
          attempts: r.attempts ?? 1,
          createdAt: r.failedAt ?? sql`now()`,
          lastFailedAt: r.failedAt ?? sql`now()`,
        })),
      )
      .onConflictDoUpdate({
        target: [quarantine.subject, quarantine.stage],
        set: {
          queue: sql`excluded.queue`,
          errorClass: sql`excluded.error_class`,
          reason: sql`excluded.reason`,
          sqlstate: sql`excluded.sqlstate`,
          path: sql`excluded.path`,
          shopDomain: sql`coalesce(excluded.shop_domain, ${quarantine.shopDomain})`,
          details: sql`excluded.details`,
          attempts: sql`${quarantine.attempts} + excluded.attempts`,
          lastFailedAt: sql`greatest(${quarantine.lastFailedAt}, excluded.last_failed_at)`,
          resolvedAt: null,
        },
      });
    for (const { job } of rows) {
      if (!job) continue;
      await tx
        .update(uploadJob)
        .set(job.terminal ? { status: 'failed', error: job.error, finishedAt: sql`now()` } : { error: job.error })
        .where(and(eq(uploadJob.id, job.id), inArray(uploadJob.status, ['queued', 'splitting', 'loading'])));
    }
  });
}

const pairsIn = (pairs: readonly (readonly [string, string])[]) =>
  sql`(${quarantine.shopDomain}, ${quarantine.webhookId}) in (${sql.join(
    pairs.map(([shop, webhook]) => sql`(${shop}, ${webhook})`),
    sql`, `,
  )})`;

/** Resolves the open records of deliveries that have now been loaded (or found to need nothing more). */
export async function resolveDeliveryFailures(db: Pick<Warehouse, 'update'>, deliveries: readonly { shopDomain: string; webhookId: string }[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .update(quarantine)
    .set({ resolvedAt: sql`now()` })
    .where(and(isNull(quarantine.resolvedAt), pairsIn(deliveries.map((d) => [d.shopDomain, d.webhookId] as const))));
}

/** Resolves records whose replay has now been handled. */
export async function resolveFailures(db: Pick<Warehouse, 'update'>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(quarantine)
    .set({ resolvedAt: sql`now()` })
    .where(and(isNull(quarantine.resolvedAt), inArray(quarantine.id, [...ids])));
}

export async function markReplayed(db: Pick<Warehouse, 'update'>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(quarantine)
    .set({ replayedAt: sql`now()` })
    .where(inArray(quarantine.id, [...ids]));
}

export interface FailureFilter {
  /** Required for partners: a key only ever sees its shop's records. */
  shopDomain?: string;
  stage?: Stage;
  topic?: string;
  errorClass?: FailureClass;
  /** The window of the latest failure, [from, to). */
  from?: string;
  to?: string;
  state?: 'open' | 'resolved' | 'all';
}

function matching(filter: FailureFilter): SQL | undefined {
  const state = filter.state ?? 'open';
  return and(
    filter.shopDomain ? eq(quarantine.shopDomain, filter.shopDomain) : undefined,
    filter.stage ? eq(quarantine.stage, filter.stage) : undefined,
    filter.topic ? eq(quarantine.topic, filter.topic) : undefined,
    filter.errorClass ? eq(quarantine.errorClass, filter.errorClass) : undefined,
    filter.from ? gte(quarantine.lastFailedAt, filter.from) : undefined,
    filter.to ? lt(quarantine.lastFailedAt, filter.to) : undefined,
    state === 'open' ? isNull(quarantine.resolvedAt) : state === 'resolved' ? isNotNull(quarantine.resolvedAt) : undefined,
  );
}

const listed = {
  id: quarantine.id,
  stage: quarantine.stage,
  queue: quarantine.queue,
  errorClass: quarantine.errorClass,
  shopDomain: quarantine.shopDomain,
  subject: quarantine.subject,
  topic: quarantine.topic,
  webhookId: quarantine.webhookId,
  rawKey: quarantine.rawKey,
  reason: quarantine.reason,
  sqlstate: quarantine.sqlstate,
  path: quarantine.path,
  attempts: quarantine.attempts,
  firstFailedAt: quarantine.createdAt,
  lastFailedAt: quarantine.lastFailedAt,
  replayedAt: quarantine.replayedAt,
  resolvedAt: quarantine.resolvedAt,
};

/** Records newest first; `limit + 1` rows, so that the caller knows whether another page follows. */
export async function listFailures(db: Pick<Warehouse, 'select'>, filter: FailureFilter, page: { beforeId?: number; limit: number }) {
  return db
    .select(listed)
    .from(quarantine)
    .where(and(matching(filter), page.beforeId ? lt(quarantine.id, page.beforeId) : undefined))
    .orderBy(desc(quarantine.id))
    .limit(page.limit + 1);
}

/** Open records by class (and stage), for status reports. */
export async function countOpenFailures(db: Pick<Warehouse, 'select'>, shopDomain?: string) {
  return db
    .select({ stage: quarantine.stage, errorClass: quarantine.errorClass, count: sql<number>`count(*)::int` })
    .from(quarantine)
    .where(and(isNull(quarantine.resolvedAt), shopDomain ? eq(quarantine.shopDomain, shopDomain) : undefined))
    .groupBy(quarantine.stage, quarantine.errorClass)
    .orderBy(quarantine.stage, quarantine.errorClass);
}

/** What replaying a record needs: where it failed and the message to send again. */
export interface ReplayableFailure {
  id: number;
  stage: Stage;
  subject: string;
  shopDomain: string | null;
  webhookId: string | null;
  rawKey: string | null;
  details: unknown;
}

const replayable = {
  id: quarantine.id,
  stage: quarantine.stage,
  subject: quarantine.subject,
  shopDomain: quarantine.shopDomain,
  webhookId: quarantine.webhookId,
  rawKey: quarantine.rawKey,
  details: quarantine.details,
};

/** Records matching `filter`, oldest first from `afterId`: `max + 1` of them, to tell whether more remain. */
export async function failuresToReplay(
  db: Pick<Warehouse, 'select'>,
  filter: FailureFilter,
  page: { afterId?: number; max: number },
): Promise<ReplayableFailure[]> {
  return db
    .select(replayable)
    .from(quarantine)
    .where(and(matching(filter), page.afterId ? sql`${quarantine.id} > ${page.afterId}` : undefined))
    .orderBy(asc(quarantine.id))
    .limit(page.max + 1);
}

export async function failureById(db: Pick<Warehouse, 'select'>, shopDomain: string, id: number): Promise<ReplayableFailure | undefined> {
  const [found] = await db
    .select(replayable)
    .from(quarantine)
    .where(and(eq(quarantine.id, id), eq(quarantine.shopDomain, shopDomain)));
  return found;
}

/**
 * Open records the sweep re-drives by itself: failures that may pass on their own (transient, or
 * of unknown cause), not already re-driven since they last failed (unless that re-drive is an hour
 * old and may itself have been lost).
 */
export async function failuresDueForRedrive(db: Pick<Warehouse, 'select'>, max: number): Promise<ReplayableFailure[]> {
  return db
    .select(replayable)
    .from(quarantine)
    .where(
      and(
        isNull(quarantine.resolvedAt),
        inArray(quarantine.errorClass, ['transient', 'unknown']),
        or(isNull(quarantine.replayedAt), lt(quarantine.replayedAt, quarantine.lastFailedAt), lt(quarantine.replayedAt, sql`now() - interval '1 hour'`)),
      ),
    )
    .orderBy(asc(quarantine.id))
    .limit(max);
}
