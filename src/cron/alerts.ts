/**
 * Every five minutes: the alert rules evaluated for every shop, then the alert outbox sent, and
 * the signature failures counted more than a day ago pruned.
 */
import { deliverAlerts } from '../alerts/deliver';
import { evaluateAlerts } from '../alerts/evaluate';
import { sealingConfig } from '../config';
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';
import { pruneSignatureFailures } from '../warehouse/signature-failures';

const KEEP_SIGNATURE_FAILURES_HOURS = 24;

export async function checkAlerts(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const changed = await evaluateAlerts(db);
    const delivered = await deliverAlerts(db, sealingConfig(env).tokenKeys);
    await pruneSignatureFailures(db, KEEP_SIGNATURE_FAILURES_HOURS);
    if (changed.opened || changed.resolved || delivered.failed) log.warn('alerts changed', { ...changed, ...delivered });
  });
}
