/** Resync consumer: each message is a step of a resync (src/resync/step.ts). */
import { type ResyncMessage, replayOf, resyncMessage } from '../src/pipeline/messages';
import { runResyncStep } from '../src/resync/step';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleAll, settleEach } from './settlement';

/** Ticks and shop checks call the Admin API; they share each shop's budget and run one after another. */
const callsShopify = (message: Message<unknown>) => ['resync-tick', 'shop-check'].includes((message.body as { kind?: unknown } | null)?.kind as string);
const isReplay = (message: Message<unknown>) => replayOf(message.body) !== undefined;

export const resync: QueueConsumer = {
  maxRetries: 10,
  stage: 'resync',
  subjectOf(body) {
    const step = resyncMessage.safeParse(body);
    if (!step.success) return null;
    if (step.data.kind === 'shop-check') return { stage: 'resync', subject: `shop-check:${step.data.shopId}` };
    const { resyncId } = step.data;
    return { stage: 'resync', subject: step.data.kind === 'resync-tick' ? `resync:${resyncId}` : `resync:${resyncId}/${step.data.entity}`, resyncId };
  },
  /**
   * Ticks and shop checks are handled one after another: those of one shop share its Admin API
   * budget, which each reads when it starts. Assembly messages are independent of each other and
   * run at the same time.
   */
  async consume(batch, env, ctx) {
    // A connection of its own per message: assembly runs alongside the batch's other messages.
    const run = (message: ResyncMessage) => withWarehouse(env, ctx, (db) => runResyncStep(env, db, message));
    const policy = retryPolicy(env, resync);
    const ticks = new Settlement({ queue: batch.queue, messages: batch.messages.filter(callsShopify) }, policy);
    const steps = new Settlement({ queue: batch.queue, messages: batch.messages.filter((m) => !callsShopify(m)) }, policy);
    await Promise.all([settleEach(ticks, resyncMessage, run), settleAll(steps, resyncMessage, run)]);
    if (ticks.failures.length === 0 && steps.failures.length === 0 && !batch.messages.some(isReplay)) return;
    await withWarehouse(env, ctx, async (db) => {
      const recorder = failureRecorder(env, db, resync);
      await ticks.finish(recorder);
      await steps.finish(recorder);
    });
  },
};
