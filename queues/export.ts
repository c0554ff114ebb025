/** Export consumer: each message moves a Parquet export on by one step (src/exports/run.ts). */
import { exportContext } from '../src/exports/context';
import { advanceExport } from '../src/exports/run';
import { exportMessage } from '../src/pipeline/messages';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleEach } from './settlement';

export const exportStep: QueueConsumer = {
  maxRetries: 10,
  stage: 'export',
  subjectOf(body) {
    const step = exportMessage.safeParse(body);
    return step.success ? { stage: 'export', subject: `export:${step.data.runId}` } : null;
  },
  async consume(batch, env, ctx) {
    await withWarehouse(env, ctx, async (db) => {
      const settlement = new Settlement(batch, retryPolicy(env, exportStep));
      try {
        await settleEach(settlement, exportMessage, (message) => advanceExport(exportContext(env, db), message.runId));
      } finally {
        await settlement.finish(failureRecorder(env, db, exportStep));
      }
    });
  },
};
