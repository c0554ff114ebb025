/** Upload splitter: each message names a job whose file is cut into chunks (src/uploads/split.ts), by the job's format. */
import { uploadMessage } from '../src/pipeline/messages';
import { uploadFormats } from '../src/upload-formats';
import { splitJob } from '../src/uploads/split';
import { withWarehouse } from '../src/warehouse/db';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleEach } from './settlement';

export async function splitUploadBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
    try {
      await settleEach(settlement, uploadMessage, (message) => splitJob({ db, env }, uploadFormats, message.jobId));
    } finally {
      await settlement.finish(failureRecorder(env, db));
    }
  });
}
