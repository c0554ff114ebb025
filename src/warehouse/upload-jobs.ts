/**
 * Upload jobs: one row per file being loaded (an upload, or a resync's bulk result) with its
 * status and counters. The counters are only ever recomputed from the job's chunks (upload-chunks.ts).
 */
import { and, asc, eq, gte, lt, notInArray, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { dimShop, uploadChunk, uploadJob } from './schema';
import { storableText } from './storable-text';

export type Job = typeof uploadJob.$inferSelect;
export type UploadSource = Job['source'];

export async function createJob(db: Warehouse, job: typeof uploadJob.$inferInsert) {
  await db.insert(uploadJob).values(job);
}

/** An earlier job of the same shop, source and mapping over byte-identical content, if any. */
export async function jobWithSameContent(db: Warehouse, shopId: number, source: UploadSource, mappingId: string | null, md5: string) {
  const [job] = await db
    .select()
    .from(uploadJob)
    .where(
      and(
        eq(uploadJob.shopId, shopId),
        eq(uploadJob.source, source),
        sql`${uploadJob.mappingId} is not distinct from ${mappingId}`,
        eq(uploadJob.contentMd5, md5),
        sql`${uploadJob.status} <> 'failed'`,
      ),
    );
  return job;
}

export async function jobById(db: Warehouse, jobId: string): Promise<Job | undefined> {
  const [job] = await db.select().from(uploadJob).where(eq(uploadJob.id, jobId));
  return job;
}

/** The domain of the shop a job belongs to. */
export async function shopDomainOfJob(db: Warehouse, job: Pick<Job, 'shopId'>): Promise<string> {
  const [shop] = await db.select({ domain: dimShop.domain }).from(dimShop).where(eq(dimShop.shopId, job.shopId));
  return shop!.domain;
}

/** Jobs not yet done or failed, created in [createdFrom, createdTo), of one shop or all. */
export async function unfinishedJobs(db: Pick<Warehouse, 'select'>, filter: { createdFrom?: string; createdTo?: string; shopDomain?: string }) {
  const rows = await db
    .select({ id: uploadJob.id })
    .from(uploadJob)
    .innerJoin(dimShop, eq(dimShop.shopId, uploadJob.shopId))
    .where(
      and(
        notInArray(uploadJob.status, ['done', 'failed']),
        filter.createdFrom ? gte(uploadJob.createdAt, filter.createdFrom) : undefined,
        filter.createdTo ? lt(uploadJob.createdAt, filter.createdTo) : undefined,
        filter.shopDomain ? eq(dimShop.domain, filter.shopDomain) : undefined,
      ),
    )
    .orderBy(asc(uploadJob.id));
  return rows.map((row) => row.id);
}

export async function markSplitting(db: Warehouse, jobId: string) {
  await db
    .update(uploadJob)
    .set({ status: 'splitting', startedAt: sql`coalesce(${uploadJob.startedAt}, now())` })
    .where(and(eq(uploadJob.id, jobId), eq(uploadJob.status, 'queued')));
}

export async function failJob(db: Warehouse, jobId: string, error: string) {
  await db
    .update(uploadJob)
    .set({ status: 'failed', error: storableText(error), finishedAt: sql`now()` })
    .where(eq(uploadJob.id, jobId));
}

/** Jobs unfinished an hour after their creation with no chunk loaded in the last hour, with the times the sweep has queued them since one did. */
export async function stalledJobs(db: Warehouse): Promise<{ id: string; sweeps: number }[]> {
  return db
    .select({ id: uploadJob.id, sweeps: uploadJob.sweeps })
    .from(uploadJob)
    .where(
      and(
        notInArray(uploadJob.status, ['done', 'failed']),
        lt(uploadJob.createdAt, sql`now() - interval '1 hour'`),
        sql`not exists (select 1 from ${uploadChunk} c where c.job_id = ${uploadJob.id} and c.loaded_at > now() - interval '1 hour')`,
      ),
    );
}

/** Counts one more time the stalled-work sweep queued the job; loading a chunk sets the count back to 0. */
export async function countSweep(db: Warehouse, jobId: string) {
  await db
    .update(uploadJob)
    .set({ sweeps: sql`${uploadJob.sweeps} + 1` })
    .where(eq(uploadJob.id, jobId));
}

/**
 * A job failed by one of its steps, opened again for a replay: split anew if it never was, else
 * loading its remaining chunks. A job with nothing left to load (failed for another reason) stays failed.
 */
export async function reopenJob(db: Pick<Warehouse, 'update'>, jobId: string) {
  await db
    .update(uploadJob)
    .set({ status: sql`(case when ${uploadJob.chunksTotal} is null then 'queued' else 'loading' end)::job_status`, error: null, finishedAt: null, sweeps: 0 })
    .where(
      and(
        eq(uploadJob.id, jobId),
        eq(uploadJob.status, 'failed'),
        sql`(${uploadJob.chunksTotal} is null or exists (select 1 from ${uploadChunk} c where c.job_id = ${uploadJob.id} and c.loaded_at is null))`,
      ),
    );
}
