/**
 * Resync consumer: ticks move a resync's state machine on; assembly messages load an entity's
 * staged lines a time-boxed run at a time, queueing the next run until the entity is done, and
 * the last entity to finish reconciles the resync.
 */
import { warehouseConfig } from '../src/config';
import { resyncMessage, type ResyncMessage } from '../src/pipeline/messages';
import { advanceResync } from '../src/resync/advance';
import { assembleEntity } from '../src/resync/assemble';
import { resyncContext } from '../src/resync/context';
import { finishResync } from '../src/resync/reconcile';
import { BULK_ENTITIES, type BulkEntity } from '../src/shopify/bulk/queries';
import { connectWarehouse } from '../src/warehouse/db';
import { settleAll, settleEach } from './settlement';

const isEntity = (entity: string): entity is BulkEntity => (BULK_ENTITIES as readonly string[]).includes(entity);

async function handle(env: Env, message: ResyncMessage) {
  // A connection of its own per message: assembly runs alongside the batch's other messages.
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    const ctx = resyncContext(env, connection.db);
    if (message.kind === 'resync-tick') return await advanceResync(ctx, message.resyncId, message.due);
    if (!isEntity(message.entity)) throw new Error(`unknown bulk entity ${message.entity}`);
    const outcome = await assembleEntity(ctx.db, ctx.pii, message.resyncId, message.entity);
    if (outcome === 'more') await ctx.resyncQueue.send(message, { contentType: 'json' });
    if (outcome === 'done') await finishResync(ctx.db, message.resyncId);
  } finally {
    await connection.close();
  }
}

const isTick = (message: Message<unknown>) => (message.body as { kind?: unknown } | null)?.kind === 'resync-tick';

/**
 * Ticks are handled one after another: ticks of one shop share its Admin API budget, which each
 * tick reads when it starts. Assembly messages are independent of each other and run at the same time.
 */
export async function resyncBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const run = (message: ResyncMessage) => handle(env, message);
  await Promise.all([
    settleEach({ queue: batch.queue, messages: batch.messages.filter(isTick) }, resyncMessage, run),
    settleAll({ queue: batch.queue, messages: batch.messages.filter((m) => !isTick(m)) }, resyncMessage, run),
  ]);
}
