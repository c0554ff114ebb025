/**
 * The daily Parquet export: an incremental run for every shop with a warehouse (not redacted). A
 * shop whose previous run is still open keeps that one.
 */
import { exportContext } from '../exports/context';
import { requestExport } from '../exports/run';
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';
import { shopsToExport } from '../warehouse/exports';

export async function scheduleExports(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const context = exportContext(env, db);
    for (const shopId of await shopsToExport(db)) {
      const { run, created } = await requestExport(context, { shopId, full: false, requestedBy: 'schedule' });
      if (created) log.info('export scheduled', { shop: run.shopDomain, run: run.id });
    }
  });
}
