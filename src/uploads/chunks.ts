/**
 * Loading a chunk: its byte range is read, its job's format parses its records and validates and
 * cleans each row (rejects keep row, field, value and reason), and the chunk is loaded in one
 * transaction with multi-row inserts. A chunk delivered twice is loaded once.
 */
import { log } from '../lib/log';
import type { ChunkMessage } from '../pipeline/messages';
import { loadChunkOnce } from '../warehouse/upload-chunks';
import { failJob, type Job, jobById } from '../warehouse/upload-jobs';
import type { FormatContext, ReadChunk, UploadFormats } from './formats/format';
import { readRange } from './read-object';
import { ChunkBudgetExceeded } from './record-slices';

export interface ReadyChunk extends ReadChunk {
  message: ChunkMessage;
  job: Job;
}

/** The chunk consumer's two steps: reading a chunk, which may run while the previous one loads, and loading it. */
export function chunkLoader(ctx: FormatContext, formats: UploadFormats) {
  const { db, env } = ctx;
  return {
    /**
     * Reads and parses a chunk; null when its job has failed or is gone, or fails now: a chunk that
     * spends its time budget would spend it again on every retry.
     */
    async read(message: ChunkMessage): Promise<ReadyChunk | null> {
      const job = await jobById(db, message.jobId);
      if (!job || job.status === 'failed') return null;
      const bytes = await readRange(env.RAW_BUCKET, job.rawKey, message.start, message.end);
      try {
        return { message, job, ...(await formats[job.source].read(ctx, job, bytes, message.firstRow)) };
      } catch (error) {
        if (!(error instanceof ChunkBudgetExceeded)) throw error;
        await failJob(db, job.id, `chunk ${message.chunk}: ${error.message}`);
        log.warn('chunk over its time budget; job failed', { jobId: job.id, chunk: message.chunk, row: error.row });
        return null;
      }
    },

    /**
     * Loads a read chunk. A failure the database will repeat however often the chunk is retried
     * (a value it cannot take) ends in a dead letter that fails the job, saying which chunk and why
     * (queues/load-chunk.ts); a replay after a fix opens the job again.
     */
    async load(chunk: ReadyChunk | null): Promise<void> {
      if (!chunk) return;
      const { message, job } = chunk;
      if (!(await loadChunkOnce(db, job, message.chunk, chunk.seen, chunk.load))) log.info('chunk already loaded', { jobId: job.id, chunk: message.chunk });
      const { jobFinished } = formats[job.source];
      if (jobFinished && (await jobById(db, job.id))?.status !== 'loading') await jobFinished(ctx, job);
    },
  };
}
