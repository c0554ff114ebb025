/**
 * Sends the alert outbox: each due delivery POSTed to its webhook, signed, or emailed; a channel
 * that does not take it (a webhook that does not answer 2xx within the timeout, an email the
 * binding refuses) is tried again later, with growing waits, until the attempts run out and the
 * delivery is marked failed with its last error.
 */
import { log } from '../lib/log';
import { ALERT_SECRET_PURPOSE, openToken } from '../shopify/token-vault';
import { type AlertTarget, type ChannelKind, claimDueDeliveries, type DueDelivery, markAttemptFailed, markDelivered } from '../warehouse/alerts';
import type { Warehouse } from '../warehouse/db';
import { type AlertMailer, rawEmail } from './email';
import { alertEmail, alertMessage, alertSignature } from './message';

const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
/** A run's deliveries are claimed for this long: a sender that dies leaves them due again after it. */
const LEASE_MINUTES = 5;

/** Minutes before the next attempt after `attempts` failed ones: 1, 2, 4 … up to an hour; null once they are spent. */
export function retryDelay(attempts: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : Math.min(60, 2 ** (attempts - 1));
}

export interface AlertSenders {
  /** The keys that open webhooks' signing secrets. */
  tokenKeys: readonly string[];
  /**
   * The Worker's email sender, or null where email is not configured (email deliveries then fail,
   * saying so). Left out where no send_email binding can exist (the CLI): email deliveries are
   * left for the Worker.
   */
  mail?: AlertMailer | null;
}

export async function deliverAlerts(db: Warehouse, senders: AlertSenders, limit = 100): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 };
  const kinds: ChannelKind[] = senders.mail === undefined ? ['webhook'] : ['webhook', 'email'];
  for (const delivery of await claimDueDeliveries(db, kinds, limit, LEASE_MINUTES)) {
    const error = await send(delivery, senders).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    if (error === null) {
      await markDelivered(db, delivery.id);
      counts.sent += 1;
    } else {
      await markAttemptFailed(db, delivery.id, error, retryDelay(delivery.attempts + 1));
      counts.failed += 1;
      log.warn('alert delivery failed', { delivery: delivery.id, attempts: delivery.attempts + 1, error });
    }
  }
  return counts;
}

/** Null when the channel took it; else why not. */
function send(delivery: DueDelivery, senders: AlertSenders): Promise<string | null> {
  const { channel } = delivery;
  return channel.kind === 'webhook' ? post(delivery, channel, senders.tokenKeys) : email(delivery, channel, senders.mail ?? null);
}

async function post(delivery: DueDelivery, channel: Extract<AlertTarget, { kind: 'webhook' }>, tokenKeys: readonly string[]): Promise<string | null> {
  const { token: secret } = await openToken(channel.sealedSecret, delivery.shopDomain, tokenKeys, ALERT_SECRET_PURPOSE);
  const body = alertMessage(delivery);
  const response = await fetch(channel.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-wharf-signature': await alertSignature(secret, Math.floor(Date.now() / 1000), body),
      'x-wharf-delivery': String(delivery.id),
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  return response.ok ? null : `HTTP ${response.status} from the channel`;
}

async function email(delivery: DueDelivery, channel: Extract<AlertTarget, { kind: 'email' }>, mail: AlertMailer | null): Promise<string | null> {
  if (mail === null) return 'email channels are not configured here: the Worker has no ALERT_EMAIL binding or no ALERT_EMAIL_FROM';
  const { subject, text } = alertEmail(delivery);
  // The delivery's id, the same on every attempt, as a webhook's X-Wharf-Delivery.
  await mail.send(channel.email, rawEmail({ from: mail.from, to: channel.email, subject, text, headers: { 'X-Wharf-Delivery': String(delivery.id) } }));
  return null;
}
