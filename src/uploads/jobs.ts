/**
 * Upload jobs in the warehouse. A job's counters are always recomputed as sums over its chunks,
 * and a chunk is loaded once (its row is locked and marked in the same transaction as its rows),
 * so a chunk message delivered twice cannot count twice. A job is done only when every chunk is.
 */
import { and, asc, desc, eq, gt, gte, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Chunk } from '../files/record-boundaries';
import type { Reject } from '../files/rejects';
import type { SalesLine } from '../files/sales-line';
import type { Warehouse, WarehouseTransaction } from '../warehouse/db';
import { toPage, type ShopScope } from '../warehouse/reads/scope';
import { dimShop, factSalesLine, uploadChunk, uploadJob, uploadReject } from '../warehouse/schema';
import { arrayParam } from '../warehouse/array-literal';
import { storableText } from '../warehouse/storable-text';
import { inKeyOrder, insertChunks } from '../warehouse/upsert';

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

export async function getJob(db: Warehouse, scope: ShopScope, jobId: string): Promise<Job | undefined> {
  const [job] = await db.select().from(uploadJob).where(and(eq(uploadJob.shopId, scope.shopId), eq(uploadJob.id, jobId)));
  return job;
}

export async function listJobs(db: Warehouse, scope: ShopScope, page: { before?: string; limit: number }) {
  const conditions: SQL[] = [eq(uploadJob.shopId, scope.shopId)];
  if (page.before) conditions.push(lt(uploadJob.id, page.before));
  // Job ids start with their creation time, so id order is newest first.
  const rows = await db.select().from(uploadJob).where(and(...conditions)).orderBy(desc(uploadJob.id)).limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [row.id]);
}

export async function listRejects(db: Warehouse, scope: ShopScope, jobId: string, page: { after?: number; limit: number }) {
  const conditions: SQL[] = [eq(uploadReject.shopId, scope.shopId), eq(uploadReject.jobId, jobId)];
  if (page.after !== undefined) conditions.push(gt(uploadReject.rowNumber, page.after));
  const rows = await db
    .select({ row: uploadReject.rowNumber, field: uploadReject.field, value: uploadReject.value, reason: uploadReject.reason })
    .from(uploadReject)
    .where(and(...conditions))
    .orderBy(asc(uploadReject.rowNumber))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [String(row.row)]);
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

/** Records the job's chunks once; a repeated split finds them already there. */
export async function recordChunks(db: Warehouse, job: Job, header: string, chunks: readonly Chunk[]) {
  await db.transaction(async (tx) => {
    const values = chunks.map((c, chunk) => ({ jobId: job.id, chunk, shopId: job.shopId, startByte: c.start, endByte: c.end, firstRow: c.firstRow }));
    for (const run of insertChunks(uploadChunk, values)) await tx.insert(uploadChunk).values(run).onConflictDoNothing();
    await tx
      .update(uploadJob)
      .set({ header, chunksTotal: chunks.length, status: chunks.length ? 'loading' : 'done', finishedAt: chunks.length ? null : sql`now()` })
      .where(and(eq(uploadJob.id, job.id), sql`${uploadJob.status} in ('queued', 'splitting')`));
  });
}

export async function pendingChunks(db: Warehouse, jobId: string) {
  return db
    .select({ chunk: uploadChunk.chunk, start: uploadChunk.startByte, end: uploadChunk.endByte, firstRow: uploadChunk.firstRow })
    .from(uploadChunk)
    .where(and(eq(uploadChunk.jobId, jobId), sql`${uploadChunk.loadedAt} is null`))
    .orderBy(asc(uploadChunk.chunk));
}

export async function failJob(db: Warehouse, jobId: string, error: string) {
  await db.update(uploadJob).set({ status: 'failed', error: storableText(error), finishedAt: sql`now()` }).where(eq(uploadJob.id, jobId));
}

/** How often the stalled-work sweep queues a job again without a chunk loading in between, before it fails the job. */
export const MAX_SWEEPS = 3;

/**
 * Jobs unfinished an hour after their creation with no chunk loaded in the last hour: each is
 * queued again (split again, which re-sends its chunks not yet loaded), at most MAX_SWEEPS times in
 * a row; then it fails, saying so, instead of being queued every quarter of an hour for ever.
 */
export async function sweepStalledJobs(db: Warehouse, queue: Queue): Promise<{ requeued: number; failed: number }> {
  const stalled = await db
    .select({ id: uploadJob.id, sweeps: uploadJob.sweeps })
    .from(uploadJob)
    .where(
      and(
        notInArray(uploadJob.status, ['done', 'failed']),
        lt(uploadJob.createdAt, sql`now() - interval '1 hour'`),
        sql`not exists (select 1 from ${uploadChunk} c where c.job_id = ${uploadJob.id} and c.loaded_at > now() - interval '1 hour')`,
      ),
    );
  let failed = 0;
  for (const job of stalled) {
    if (job.sweeps >= MAX_SWEEPS) {
      await failJob(db, job.id, `no chunk loaded for over an hour after the stalled-work sweep queued the job ${MAX_SWEEPS} times: its remaining chunks keep failing (see the dead letters)`);
      failed++;
      continue;
    }
    await db.update(uploadJob).set({ sweeps: sql`${uploadJob.sweeps} + 1` }).where(eq(uploadJob.id, job.id));
    await queue.send({ kind: 'upload', jobId: job.id }, { contentType: 'json' });
  }
  return { requeued: stalled.length - failed, failed };
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

/**
 * How a job's error notes a chunk that failed and will be retried; loading that chunk clears it.
 * (A job's error is final once it is failed; while it loads, it tells of the retry to come.)
 */
export const chunkFailureNote = (chunk: number) => `chunk ${chunk} `;

export interface ChunkRows {
  seen: number;
  lines: (SalesLine & { lineHash: string })[];
  rejects: (Reject & { lineHash: string })[];
}

/** What loading a chunk did with each row it was given; the job checks they add up to the rows seen. */
export interface ChunkCounts {
  loaded: number;
  rejected: number;
  duplicates: number;
}

/** Inserts a chunk's rejects, each distinct line once: a repeat of a rejected line is a duplicate. */
export async function insertRejects(tx: WarehouseTransaction, job: Job, rejects: readonly (Reject & { lineHash: string })[]) {
  let inserted = 0;
  const rows = inKeyOrder(rejects, (r) => r.lineHash).map((r) => ({
    ...r,
    field: storableText(r.field),
    value: r.value === null ? null : storableText(r.value),
    reason: storableText(r.reason),
    jobId: job.id,
    shopId: job.shopId,
  }));
  for (const run of insertChunks(uploadReject, rows)) {
    inserted += (await tx.insert(uploadReject).values(run).onConflictDoNothing().returning({ row: uploadReject.rowNumber })).length;
  }
  return { rejected: inserted, duplicates: rejects.length - inserted };
}

type SalesLineRow = ChunkRows['lines'][number];

/** The columns of fact_sales_line that a chunk sets, one array parameter each, in insert order. */
function salesLineArrays(lines: readonly SalesLineRow[]) {
  const column = <K extends keyof SalesLineRow>(key: K, type: string) => arrayParam(lines.map((line) => line[key]), type);
  return sql.join(
    [
      column('rowNumber', 'integer'), column('lineHash', 'text'), column('invoiceNo', 'text'), column('stockCode', 'text'),
      column('description', 'text'), column('quantity', 'integer'), column('unitPrice', 'numeric'), column('invoicedAt', 'timestamptz'),
      column('invoiceDateKey', 'integer'), column('customerId', 'text'), column('isGuest', 'boolean'), column('country', 'text'),
      column('currency', 'text'), column('isReturn', 'boolean'), column('channel', 'text'),
    ],
    sql`, `,
  );
}

/**
 * Sales lines (retail or mapped): an exact duplicate of a line anywhere in the job is not inserted again.
 * A chunk's tens of thousands of lines go in one statement, one array parameter per column
 * (unnest), rather than one parameter per value. The arrays are written when the loader is made,
 * before the transaction, so that the transaction holds its connection only while the database works.
 */
export function salesLinesLoader(rows: ChunkRows) {
  const lines = inKeyOrder(rows.lines, (line) => line.lineHash);
  const columns = salesLineArrays(lines);
  // The loader keeps only the arrays, not the line objects: a chunk waiting for its turn holds
  // a few megabytes of text instead of tens of thousands of objects. (No closure here may refer
  // to `lines`, or the returned one would keep it alive.)
  const count = lines.length;
  const rejectRows = rows.rejects;
  return async (tx: WarehouseTransaction, job: Job): Promise<ChunkCounts> => {
    const inserted = count
      ? await tx.execute(sql`
          insert into ${factSalesLine} (shop_id, job_id, raw_key, row_number, line_hash, invoice_no, stock_code, description,
            quantity, unit_price, invoiced_at, invoice_date_key, customer_id, is_guest, country, currency, is_return, channel)
          select ${job.shopId}, ${job.id}, ${job.rawKey}, * from unnest(${columns})
          on conflict do nothing`)
      : { rowCount: 0 };
    const loaded = inserted.rowCount ?? 0;
    const rejects = await insertRejects(tx, job, rejectRows);
    return { loaded, rejected: rejects.rejected, duplicates: count - loaded + rejects.duplicates };
  };
}

/**
 * Loads one chunk in one transaction: `load` inserts its rows and counts what became of each.
 * Returns false when the chunk was already loaded (a redelivered message).
 */
export async function loadChunk(
  db: Warehouse,
  job: Job,
  chunk: number,
  seen: number,
  load: (tx: WarehouseTransaction, job: Job) => Promise<ChunkCounts>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .select({ loadedAt: uploadChunk.loadedAt })
      .from(uploadChunk)
      .where(and(eq(uploadChunk.jobId, job.id), eq(uploadChunk.chunk, chunk)))
      .for('update');
    if (!claimed || claimed.loadedAt) return false;

    const counts = await load(tx, job);
    await tx
      .update(uploadChunk)
      .set({ rowsSeen: seen, rowsLoaded: counts.loaded, rowsRejected: counts.rejected, rowsDuplicate: counts.duplicates, loadedAt: sql`now()` })
      .where(and(eq(uploadChunk.jobId, job.id), eq(uploadChunk.chunk, chunk)));
    await tx.execute(sql`
      update ${uploadJob} j set
        rows_seen = t.seen, rows_loaded = t.loaded, rows_rejected = t.rejected, rows_duplicate = t.duplicate, chunks_done = t.done, sweeps = 0,
        status = case when t.done = j.chunks_total then
          (case when t.seen = t.loaded + t.rejected + t.duplicate then 'done' else 'failed' end)::job_status else j.status end,
        error = case
          when t.done = j.chunks_total and t.seen <> t.loaded + t.rejected + t.duplicate then 'row counts do not add up: seen <> loaded + rejected + duplicates'
          when t.done = j.chunks_total or starts_with(j.error, ${chunkFailureNote(chunk)}) then null
          else j.error end,
        finished_at = case when t.done = j.chunks_total then now() else j.finished_at end
      from (
        select coalesce(sum(rows_seen), 0) as seen, coalesce(sum(rows_loaded), 0) as loaded, coalesce(sum(rows_rejected), 0) as rejected,
          coalesce(sum(rows_duplicate), 0) as duplicate, count(*) filter (where loaded_at is not null) as done
        from ${uploadChunk} where job_id = ${job.id}
      ) t
      where j.id = ${job.id}`);
    return true;
  });
}
