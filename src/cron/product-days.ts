/**
 * Every five minutes: the product days loads have marked are kept (fact_product_day), so that
 * analytics.product_sales_daily reads them instead of computing them from the lines.
 */
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';
import { rebuildAllProductDays } from '../warehouse/product-days';

export async function keepProductDays(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const days = await rebuildAllProductDays(db);
    if (days) log.info('product days kept', { days });
  });
}
