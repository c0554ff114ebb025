/**
 * Daily: every connected shop's connection checked (src/connect/check.ts), a queue message each,
 * so that each check has the queue's retries and a failure its durable record: the token renewed
 * if due, the scopes compared, the webhook subscriptions repaired and the gaps resynced.
 */
import { resyncQueue } from '../pipeline/producers';
import { withWarehouse } from '../warehouse/db';
import { installedShops } from '../warehouse/installs';

export const checkConnections = (_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> =>
  withWarehouse(env, ctx, async (db) => {
    const shops = await installedShops(db);
    if (shops.length) await resyncQueue(env).sendAll(shops.map((shop) => ({ kind: 'shop-check' as const, shopId: shop.shopId })));
  });
