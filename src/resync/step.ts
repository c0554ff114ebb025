/**
 * One message of the resync queue: a tick moves a resync's state machine on; an assembly message
 * loads an entity's staged lines a time-boxed run at a time, queueing the next run until the entity
 * is done, and the last entity to finish reconciles the resync; a shop check keeps the shop's
 * connection (token, scopes, webhook subscriptions), and the queue's retries cover Shopify's blips.
 */
import { checkConnection, checkContext } from '../connect/check';
import type { ResyncMessage } from '../pipeline/messages';
import { BULK_ENTITIES, type BulkEntity } from '../shopify/bulk/queries';
import type { Warehouse } from '../warehouse/db';
import { advanceResync } from './advance';
import { assembleEntity } from './assemble';
import { resyncContext } from './context';
import { finishResync } from './reconcile';

const isEntity = (entity: string): entity is BulkEntity => (BULK_ENTITIES as readonly string[]).includes(entity);

export async function runResyncStep(env: Env, db: Warehouse, message: ResyncMessage): Promise<void> {
  const ctx = resyncContext(env, db);
  if (message.kind === 'shop-check') {
    await checkConnection(checkContext(env, db, ctx.resyncQueue), message.shopId);
    return;
  }
  if (message.kind === 'resync-tick') return await advanceResync(ctx, message.resyncId, message.due);
  if (!isEntity(message.entity)) throw new Error(`unknown bulk entity ${message.entity}`);
  const outcome = await assembleEntity(ctx.db, ctx.pii, message.resyncId, message.entity);
  if (outcome === 'more') await ctx.resyncQueue.send(message);
  if (outcome === 'done') await finishResync(ctx.db, message.resyncId);
}
