/**
 * Every five minutes: the alert rules evaluated for every shop, then the alert outbox sent, and
 * the signature failures counted more than a day ago and the transaction retries counted more than
 * a week ago pruned.
 */
import { EmailMessage } from 'cloudflare:email';
import { deliverAlerts } from '../alerts/deliver';
import type { AlertMailer } from '../alerts/email';
import { evaluateAlerts } from '../alerts/evaluate';
import { alertEmailConfig, sealingConfig } from '../config';
import { log } from '../lib/log';
import { pruneTransactionRetries } from '../warehouse/conflict-retries';
import { withWarehouse } from '../warehouse/db';
import { pruneSignatureFailures } from '../warehouse/signature-failures';

const KEEP_SIGNATURE_FAILURES_HOURS = 24;
const KEEP_TRANSACTION_RETRIES_DAYS = 7;

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
    await pruneTransactionRetries(db, KEEP_TRANSACTION_RETRIES_DAYS);
    if (changed.opened || changed.resolved || delivered.failed) log.warn('alerts changed', { ...changed, ...delivered });
  });
}
