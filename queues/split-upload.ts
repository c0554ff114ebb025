/** Upload splitter: each message names a job whose file is cut into chunks (src/uploads/split.ts), by the job's format. */
import { warehouseConfig } from '../src/config';
import { uploadMessage } from '../src/pipeline/messages';
import { uploadFormats } from '../src/upload-formats';
import { splitJob } from '../src/uploads/split';
import { connectWarehouse } from '../src/warehouse/db';
import { failureRecorder } from './failures';
import { retryPolicy, settleEach, Settlement } from './settlement';

export async function splitUploadBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const connection = connectWarehouse(warehouseConfig(env));
  const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
  try {
    await settleEach(settlement, uploadMessage, (message) => splitJob({ db: connection.db, env }, uploadFormats, message.jobId));
  } finally {
    await settlement.finish(failureRecorder(env, connection.db));
    ctx.waitUntil(connection.close());
  }
}
