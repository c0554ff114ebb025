/** Chunk consumer: each message is a chunk of a job's file, read and loaded by the job's format (src/uploads/chunks.ts). */
import { chunkMessage } from '../src/pipeline/messages';
import { uploadFormats } from '../src/upload-formats';
import { chunkLoader } from '../src/uploads/chunks';
import { withWarehouse } from '../src/warehouse/db';
import { chunkFailureNote } from '../src/warehouse/upload-chunks';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleInTurn } from './settlement';

export const loadChunk: QueueConsumer = {
  maxRetries: 5,
  stage: 'chunk',
  subjectOf(body) {
    const chunk = chunkMessage.safeParse(body);
    if (!chunk.success) return null;
    const { jobId: id, chunk: n, firstRow } = chunk.data;
    return {
      stage: 'chunk',
      subject: `upload:${id}/chunk:${n}`,
      jobId: id,
      job: (terminal, reason, attempts) =>
        terminal
          ? { id, terminal, error: `chunk ${n} (from row ${firstRow}): ${reason}` }
          : { id, terminal, error: `${chunkFailureNote(n)}(from row ${firstRow}) failed ${attempts} times (${reason}); it is retried automatically` },
    };
  },
  /**
   * Chunks are independent: two load at once (each in its own transaction, on a connection of its
   * own), while the next is read and parsed.
   */
  async consume(batch, env, ctx) {
    await withWarehouse(env, ctx, async (db) => {
      const settlement = new Settlement(batch, retryPolicy(env, loadChunk));
      const chunks = chunkLoader({ db, env }, uploadFormats);
      try {
        await settleInTurn(settlement, chunkMessage, chunks.read, chunks.load, { commits: 2 });
      } finally {
        await settlement.finish(failureRecorder(env, db, loadChunk));
      }
    });
  },
};
