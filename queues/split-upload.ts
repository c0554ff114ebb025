/** Upload splitter: each message names a job whose file is cut into chunks (src/uploads/split.ts), by the job's format. */
import { uploadMessage } from '../src/pipeline/messages';
import { uploadFormats } from '../src/upload-formats';
import { splitJob } from '../src/uploads/split';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleEach } from './settlement';

export const splitUpload: QueueConsumer = {
  maxRetries: 5,
  stage: 'split',
  subjectOf(body) {
    const upload = uploadMessage.safeParse(body);
    if (!upload.success) return null;
    const id = upload.data.jobId;
    return {
      stage: 'split',
      subject: `upload:${id}`,
      jobId: id,
      job: (terminal, reason, attempts) =>
        terminal
          ? { id, terminal, error: `splitting failed: ${reason}` }
          : { id, terminal, error: `splitting failed ${attempts} times (${reason}); it is retried automatically` },
    };
  },
  async consume(batch, env, ctx) {
    await withWarehouse(env, ctx, async (db) => {
      const settlement = new Settlement(batch, retryPolicy(env, splitUpload));
      try {
        await settleEach(settlement, uploadMessage, (message) => splitJob({ db, env }, uploadFormats, message.jobId));
      } finally {
        await settlement.finish(failureRecorder(env, db, splitUpload));
      }
    });
  },
};
