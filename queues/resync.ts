/** Resync consumer: each message is a step of a resync (src/resync/step.ts). */
import { type ResyncMessage, replayOf, resyncMessage } from '../src/pipeline/messages';
import { runResyncStep } from '../src/resync/step';
import { withWarehouse } from '../src/warehouse/db';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleAll, settleEach } from './settlement';

const isTick = (message: Message<unknown>) => (message.body as { kind?: unknown } | null)?.kind === 'resync-tick';
const isReplay = (message: Message<unknown>) => replayOf(message.body) !== undefined;

/**
 * Ticks are handled one after another: ticks of one shop share its Admin API budget, which each
 * tick reads when it starts. Assembly messages are independent of each other and run at the same time.
 */
export async function resyncBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  // A connection of its own per message: assembly runs alongside the batch's other messages.
  const run = (message: ResyncMessage) => withWarehouse(env, ctx, (db) => runResyncStep(env, db, message));
  const policy = retryPolicy(env, batch.queue);
  const ticks = new Settlement({ queue: batch.queue, messages: batch.messages.filter(isTick) }, policy);
  const steps = new Settlement({ queue: batch.queue, messages: batch.messages.filter((m) => !isTick(m)) }, policy);
  await Promise.all([settleEach(ticks, resyncMessage, run), settleAll(steps, resyncMessage, run)]);
  if (ticks.failures.length === 0 && steps.failures.length === 0 && !batch.messages.some(isReplay)) return;
  await withWarehouse(env, ctx, async (db) => {
    const recorder = failureRecorder(env, db);
    await ticks.finish(recorder);
    await steps.finish(recorder);
  });
}
