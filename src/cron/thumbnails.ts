/**
 * Every 15 minutes: the source images whose thumbnails are due are queued (src/images/queue.ts):
 * those never queued, failed ones whose next attempt has come, and those whose message was lost.
 */
import { queueDueThumbnails } from '../images/queue';
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';

export async function sweepThumbnails(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const queued = await queueDueThumbnails(env, db);
    if (queued) log.info('thumbnails queued', { queued });
  });
}
