/**
 * Sends the alert outbox: each due delivery POSTed to its channel, signed; a channel that does not
 * answer 2xx within the timeout is tried again later, with growing waits, until the attempts run
 * out and the delivery is marked failed with its last error.
 */
import { log } from '../lib/log';
import { ALERT_SECRET_PURPOSE, openToken } from '../shopify/token-vault';
import { claimDueDeliveries, markAttemptFailed, markDelivered } from '../warehouse/alerts';
import type { Warehouse } from '../warehouse/db';
import { alertMessage, alertSignature } from './message';

const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
/** A run's deliveries are claimed for this long: a sender that dies leaves them due again after it. */
const LEASE_MINUTES = 5;

/** Minutes before the next attempt after `attempts` failed ones: 1, 2, 4 … up to an hour; null once they are spent. */
export function retryDelay(attempts: number): number | null {
  return attempts >= MAX_ATTEMPTS ? null : Math.min(60, 2 ** (attempts - 1));
}

export async function deliverAlerts(db: Warehouse, tokenKeys: readonly string[], limit = 100): Promise<{ sent: number; failed: number }> {
  const counts = { sent: 0, failed: 0 };
  for (const delivery of await claimDueDeliveries(db, limit, LEASE_MINUTES)) {
    const error = await send(delivery, tokenKeys);
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
async function send(delivery: Awaited<ReturnType<typeof claimDueDeliveries>>[number], tokenKeys: readonly string[]): Promise<string | null> {
  try {
    const { token: secret } = await openToken(delivery.sealedSecret, delivery.shopDomain, tokenKeys, ALERT_SECRET_PURPOSE);
    const body = alertMessage(delivery);
    const response = await fetch(delivery.url, {
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
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
