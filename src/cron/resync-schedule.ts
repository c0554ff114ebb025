/**
 * Scheduled resyncs: a daily full one and an hourly incremental one for every installed shop.
 * Webhooks alone are not enough (Shopify never redelivers a dropped delivery), and only a full
 * export can reveal deletes. A shop whose resync is still running keeps that one.
 */
import { log } from '../lib/log';
import { resyncQueue } from '../pipeline/producers';
import { queueTicks } from '../resync/context';
import { requestResync } from '../resync/requests';
import { withWarehouse } from '../warehouse/db';
import { installedShops } from '../warehouse/installs';
import type { ResyncKind } from '../warehouse/resyncs';

export const scheduleResyncs =
  (kind: ResyncKind) =>
  (_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> =>
    withWarehouse(env, ctx, async (db) => {
      const ids: string[] = [];
      for (const shop of await installedShops(db)) {
        const { resync, created } = await requestResync(db, { shopId: shop.shopId, kind, requestedBy: 'schedule' });
        ids.push(resync.id);
        if (created) log.info('resync scheduled', { shop: shop.domain, kind: resync.kind, resyncId: resync.id });
      }
      await queueTicks(resyncQueue(env), ids);
    });
