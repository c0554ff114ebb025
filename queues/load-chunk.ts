/** Chunk consumer: each message is a chunk of a job's file, read and loaded by the job's format (src/uploads/chunks.ts). */
import { chunkMessage } from '../src/pipeline/messages';
import { uploadFormats } from '../src/upload-formats';
import { chunkLoader } from '../src/uploads/chunks';
import { withWarehouse } from '../src/warehouse/db';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleInTurn } from './settlement';

/** Chunks load one after another; the next is read and parsed while the database loads the current one. */
export async function loadChunkBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
    const chunks = chunkLoader({ db, env }, uploadFormats);
    try {
      await settleInTurn(settlement, chunkMessage, chunks.read, chunks.load);
    } finally {
      await settlement.finish(failureRecorder(env, db));
    }
  });
}
