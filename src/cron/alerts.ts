/** Every five minutes: the alert rules evaluated for every shop, then the alert outbox sent. */

import { deliverAlerts } from '../alerts/deliver';
import { evaluateAlerts } from '../alerts/evaluate';
import { sealingConfig } from '../config';
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';

export async function checkAlerts(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const changed = await evaluateAlerts(db);
    const delivered = await deliverAlerts(db, sealingConfig(env).tokenKeys);
    if (changed.opened || changed.resolved || delivered.failed) log.warn('alerts changed', { ...changed, ...delivered });
  });
}
