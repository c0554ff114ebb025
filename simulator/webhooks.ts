/**
 * Webhook deliveries, signed and sent as Shopify sends them (the same headers and HMAC as
 * scripts/lib/send-webhook.ts). Bodies are rendered when sent, from the record versions captured
 * when the event happened, so a long replay never holds every body in memory.
 */
import { signShopifyHmac } from '../src/shopify/hmac';
import { utcIso } from './time';

export const WEBHOOK_API_VERSION = '2026-01';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface Delivery {
  topic: string;
  webhookId: string;
  eventId: string;
  triggeredAt: number;
  body: () => string;
  /** The record the delivery is about (scenarios reorder deliveries of one record). */
  resource?: string;
}

export interface DeliveryReport {
  sent: number;
  accepted: number;
  failed: number;
  retried: number;
  byTopic: Record<string, number>;
  firstFailure: string | null;
}

export interface DeliveryOptions {
  concurrency?: number;
  /** Resends after a network error, 429 or 5xx, as Shopify retries (here quickly). */
  retries?: number;
  signal?: AbortSignal;
}

export const encoder = new TextEncoder();
/** Shopify gives up on a delivery after five seconds. */
const TIMEOUT_MS = 5000;

/** The headers Shopify sends with a delivery, signed over the exact body bytes. */
export async function signedHeaders(shopDomain: string, delivery: Delivery, body: Uint8Array, secret: string): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': delivery.topic,
    'x-shopify-shop-domain': shopDomain,
    'x-shopify-api-version': WEBHOOK_API_VERSION,
    'x-shopify-webhook-id': delivery.webhookId,
    'x-shopify-event-id': delivery.eventId,
    'x-shopify-triggered-at': utcIso(delivery.triggeredAt).replace('Z', '.000Z'),
    'x-shopify-hmac-sha256': await signShopifyHmac(body, secret),
  };
}

async function post(target: WebhookTarget, shopDomain: string, delivery: Delivery, body: Uint8Array, signal?: AbortSignal): Promise<number> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const response = await fetch(target.url, {
    method: 'POST',
    headers: await signedHeaders(shopDomain, delivery, body, target.secret),
    body,
    redirect: 'manual',
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  await response.arrayBuffer();
  return response.status;
}

const retryable = (status: number) => status === 0 || status === 429 || status >= 500;

function emptyReport(): DeliveryReport {
  return { sent: 0, accepted: 0, failed: 0, retried: 0, byTopic: {}, firstFailure: null };
}

/** Sends every delivery, `concurrency` at a time, in the order given. */
export async function deliverAll(
  target: WebhookTarget,
  shopDomain: string,
  deliveries: Iterable<Delivery>,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report = emptyReport();
  const queue = deliveries[Symbol.iterator]();
  const retries = options.retries ?? 2;

  async function sendOne(delivery: Delivery): Promise<void> {
    const body = encoder.encode(delivery.body());
    report.sent++;
    report.byTopic[delivery.topic] = (report.byTopic[delivery.topic] ?? 0) + 1;
    let outcome = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        report.retried++;
        await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** (attempt - 1)));
      }
      options.signal?.throwIfAborted();
      let status = 0;
      try {
        status = await post(target, shopDomain, delivery, body, options.signal);
      } catch (error) {
        options.signal?.throwIfAborted();
        outcome = (error as Error).message;
      }
      if (status >= 200 && status < 300) {
        report.accepted++;
        return;
      }
      if (status !== 0) outcome = `HTTP ${status}`;
      if (!retryable(status)) break;
    }
    report.failed++;
    report.firstFailure ??= `${delivery.topic} ${delivery.webhookId}: ${outcome}`;
  }

  async function worker(): Promise<void> {
    for (let next = queue.next(); !next.done; next = queue.next()) await sendOne(next.value);
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return report;
}
