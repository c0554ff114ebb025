/**
 * One message of the resync queue: a tick moves a resync's state machine on; an assembly message
 * loads ranges of an entity's staged lines for a time-boxed run, queueing the range it was in the
 * middle of again (or, when another consumer holds it, again once that lease ends), and whichever
 * run completes the last range reconciles the resync; a shop check keeps the shop's connection
 * (token, scopes, webhook subscriptions), and the queue's retries cover Shopify's blips.
 */
import { checkConnection, checkContext } from '../connect/check';
import type { ResyncMessage } from '../pipeline/messages';
import { BULK_ENTITIES, type BulkEntity } from '../shopify/bulk/queries';
import type { Warehouse } from '../warehouse/db';
import { advanceResync, type ResyncContext } from './advance';
import { assembleRanges } from './assemble';
import { resyncContext } from './context';
import { finishResync } from './reconcile';

const isEntity = (entity: string): entity is BulkEntity => (BULK_ENTITIES as readonly string[]).includes(entity);

export async function runResyncStep(env: Env, db: Warehouse, message: ResyncMessage): Promise<void> {
  const ctx = resyncContext(env, db);
  if (message.kind === 'shop-check') {
    await checkConnection(checkContext(env, db, ctx.resyncQueue), message.shopId);
    return;
  }
  if (message.kind === 'resync-tick') {
    await advanceResync(ctx, message.resyncId, message.due);
    // A loading resync whose last range was loaded by a consumer that stopped before reconciling.
    return await finish(ctx, message.resyncId);
  }
  if (!isEntity(message.entity)) throw new Error(`unknown bulk entity ${message.entity}`);
  const run = await assembleRanges(ctx.db, ctx.pii, message.resyncId, message.entity, message.range ?? null);
  if (run.unfinished !== null) await ctx.resyncQueue.send({ ...message, range: run.unfinished });
  // Held by another consumer: back when its lease ends, taken over then if that consumer stopped, instead of at the next sweep.
  if (run.heldForSeconds !== null) await ctx.resyncQueue.send(message, { delaySeconds: run.heldForSeconds + 1 });
  if (run.completed > 0) await finish(ctx, message.resyncId);
}

/** Reconciles the resync if its last range is loaded; a run that runs out of time hands on to a tick. */
async function finish(ctx: ResyncContext, resyncId: string) {
  if (await finishResync(ctx.db, resyncId)) await ctx.resyncQueue.send({ kind: 'resync-tick', resyncId });
}
