/**
 * Every five minutes: the alert rules evaluated for every shop, then the alert outbox sent, and
 * the signature failures counted more than a day ago pruned.
 */
import { EmailMessage } from 'cloudflare:email';
import { deliverAlerts } from '../alerts/deliver';
import type { AlertMailer } from '../alerts/email';
import { evaluateAlerts } from '../alerts/evaluate';
import { alertEmailConfig, sealingConfig } from '../config';
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';
import { pruneSignatureFailures } from '../warehouse/signature-failures';

const KEEP_SIGNATURE_FAILURES_HOURS = 24;

/** The send_email binding as an alert mailer, where email is configured. */
function alertMailer(env: Env): AlertMailer | null {
  const email = alertEmailConfig(env);
  return (
    email && {
      from: email.from,
      send: async (to, raw) => {
        await email.binding.send(new EmailMessage(email.from, to, raw));
      },
    }
  );
}

export async function checkAlerts(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const changed = await evaluateAlerts(db);
    const delivered = await deliverAlerts(db, { tokenKeys: sealingConfig(env).tokenKeys, mail: alertMailer(env) });
    await pruneSignatureFailures(db, KEEP_SIGNATURE_FAILURES_HOURS);
    if (changed.opened || changed.resolved || delivered.failed) log.warn('alerts changed', { ...changed, ...delivered });
  });
}
