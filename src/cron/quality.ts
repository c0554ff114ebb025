/** Hourly: a data-quality run for every shop that holds data (its scores feed the quality and anomaly alerts). */
import { log } from '../lib/log';
import { runQualityForAll } from '../quality/run';
import { withWarehouse } from '../warehouse/db';

export async function checkQuality(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const runs = await runQualityForAll(db, 'cron');
    const low = runs.filter((r) => r.scores.overall < 100);
    if (low.length) log.info('quality runs', { shops: runs.length, belowFull: low.map((r) => ({ shopId: r.shopId, score: r.scores.overall })) });
  });
}
