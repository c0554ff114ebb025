/**
 * Resync consumer: ticks move a resync's state machine on; assembly messages load an entity's
 * staged lines a time-boxed run at a time, queueing the next run until the entity is done, and
 * the last entity to finish reconciles the resync.
 */
import { replayOf, resyncMessage, type ResyncMessage } from '../src/pipeline/messages';
import { advanceResync } from '../src/resync/advance';
import { assembleEntity } from '../src/resync/assemble';
import { resyncContext } from '../src/resync/context';
import { finishResync } from '../src/resync/reconcile';
import { BULK_ENTITIES, type BulkEntity } from '../src/shopify/bulk/queries';
import { withWarehouse } from '../src/warehouse/db';
import { failureRecorder } from './failures';
import { retryPolicy, settleAll, settleEach, Settlement } from './settlement';

const isEntity = (entity: string): entity is BulkEntity => (BULK_ENTITIES as readonly string[]).includes(entity);

async function handle(env: Env, executionCtx: ExecutionContext, message: ResyncMessage) {
  // A connection of its own per message: assembly runs alongside the batch's other messages.
  await withWarehouse(env, executionCtx, async (db) => {
    const ctx = resyncContext(env, db);
    if (message.kind === 'resync-tick') return await advanceResync(ctx, message.resyncId, message.due);
    if (!isEntity(message.entity)) throw new Error(`unknown bulk entity ${message.entity}`);
    const outcome = await assembleEntity(ctx.db, ctx.pii, message.resyncId, message.entity);
    if (outcome === 'more') await ctx.resyncQueue.send(message);
    if (outcome === 'done') await finishResync(ctx.db, message.resyncId);
  });
}

const isTick = (message: Message<unknown>) => (message.body as { kind?: unknown } | null)?.kind === 'resync-tick';
const isReplay = (message: Message<unknown>) => replayOf(message.body) !== undefined;

/**
 * Ticks are handled one after another: ticks of one shop share its Admin API budget, which each
 * tick reads when it starts. Assembly messages are independent of each other and run at the same time.
 */
export async function resyncBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const run = (message: ResyncMessage) => handle(env, ctx, message);
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
