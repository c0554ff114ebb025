/**
 * The chunks of upload jobs. A job's counters are always recomputed as sums over its chunks, and a
 * chunk is loaded once (its row is locked and marked in the same transaction as its rows), so a
 * chunk message delivered twice cannot count twice. A job is done only when every chunk is. Chunks
 * of one job may load at the same time: they wait for each other only to add up the job's counters.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Warehouse, WarehouseTransaction } from './db';
import { uploadChunk, uploadJob } from './schema';
import type { Job } from './upload-jobs';
import { insertChunks } from './upsert';

/** Where a chunk is in its file: whole records from byte `start` to `end`, the first of them record `firstRow`. */
export interface ChunkRange {
  start: number;
  end: number;
  firstRow: number;
}

/** Records the job's chunks once, with the header its chunks are read by; a repeated split finds them already there. */
export async function recordChunks(db: Warehouse, job: Job, header: string, chunks: readonly ChunkRange[]) {
  await db.transaction(async (tx) => {
    const values = chunks.map((c, chunk) => ({ jobId: job.id, chunk, shopId: job.shopId, startByte: c.start, endByte: c.end, firstRow: c.firstRow }));
    for (const run of insertChunks(uploadChunk, values)) await tx.insert(uploadChunk).values(run).onConflictDoNothing();
    await tx
      .update(uploadJob)
      .set({ header, chunksTotal: chunks.length, status: chunks.length ? 'loading' : 'done', finishedAt: chunks.length ? null : sql`now()` })
      .where(and(eq(uploadJob.id, job.id), sql`${uploadJob.status} in ('queued', 'splitting')`));
  });
}

export async function pendingChunks(db: Warehouse, jobId: string): Promise<(ChunkRange & { chunk: number })[]> {
  return db
    .select({ chunk: uploadChunk.chunk, start: uploadChunk.startByte, end: uploadChunk.endByte, firstRow: uploadChunk.firstRow })
    .from(uploadChunk)
    .where(and(eq(uploadChunk.jobId, jobId), sql`${uploadChunk.loadedAt} is null`))
    .orderBy(asc(uploadChunk.chunk));
}

/**
 * How a job's error notes a chunk that failed and will be retried; loading that chunk clears it.
 * (A job's error is final once it is failed; while it loads, it tells of the retry to come.)
 */
export const chunkFailureNote = (chunk: number) => `chunk ${chunk} `;

/** What loading a chunk did with each row it was given; the job checks they add up to the rows seen. */
export interface ChunkCounts {
  loaded: number;
  rejected: number;
  duplicates: number;
}

/** Writes a chunk's rows within the chunk's transaction, and counts what became of each. */
export type ChunkLoader = (tx: WarehouseTransaction, job: Job) => Promise<ChunkCounts>;

/**
 * Loads one chunk in one transaction: `load` inserts its rows and counts what became of each.
 * Returns false when the chunk was already loaded (a redelivered message).
 */
export async function loadChunkOnce(db: Warehouse, job: Job, chunk: number, seen: number, load: ChunkLoader): Promise<boolean> {
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
    // The job's row is locked by a statement of its own, so that the sums below are read after
    // any other chunk's transaction that held it has committed: an update that waited for the lock
    // itself would add up the chunks as they were before it waited.
    await tx.execute(sql`select 1 from ${uploadJob} where id = ${job.id} for update`);
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
