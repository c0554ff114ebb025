/**
 * Every five minutes: customer figures a resync's pages marked and the resync did not refresh
 * (it failed) are refreshed, so that no customer keeps stale figures. A resync still at work
 * refreshes its own when it reconciles.
 */
import { log } from '../lib/log';
import { refreshMarkedCustomerFigures, shopsWithLeftMarks } from '../warehouse/customer-figures';
import { withWarehouse } from '../warehouse/db';

/** What one run spends; the next run goes on. */
const BUDGET_MS = 60_000;

export async function keepCustomerFigures(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const deadline = Date.now() + BUDGET_MS;
    let marks = 0;
    for (const shopId of await shopsWithLeftMarks(db)) {
      for (let taken = 1; taken > 0 && Date.now() < deadline; ) {
        taken = await refreshMarkedCustomerFigures(db, shopId);
        marks += taken;
      }
    }
    if (marks) log.info('customer figures kept', { marks });
  });
}
