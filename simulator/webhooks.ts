/**
 * Webhook deliveries, signed and sent as Shopify sends them (the same headers and HMAC as
 * scripts/lib/send-webhook.ts). Bodies are rendered when sent, from the record versions captured
 * when the event happened, so a long replay never holds every body in memory.
 *
 * One event goes to every destination that has its topic: the shop's webhook target (every
 * topic, signed with its own secret) and each API-created subscription of the topic (signed with
 * its app's client secret, serialized in the app's Webhooks API version, cut down to its
 * includeFields). Each subscription's delivery has a webhook id of its own; the event id is shared.
 */
import { createHash } from 'node:crypto';
import { signShopifyHmac } from '../src/shopify/hmac';
import { type RestObject, type RestValue, restJson } from './rest-json';
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
  payload: () => RestObject;
  /** The record the delivery is about (scenarios reorder deliveries of one record). */
  resource?: string;
}

/** Where a delivery goes, and how it is signed and cut. */
export interface Destination {
  url: string;
  secret: string;
  apiVersion: string;
  /** Only these fields (dotted paths into nested objects and lists) are sent; all when empty. */
  includeFields: readonly string[];
  /** The API-created subscription this is, whose deliveries get webhook ids of their own. */
  subscriptionId?: string;
  /** Told how each delivery ended. */
  record?: (accepted: boolean, outcome: string) => void;
}

export interface DeliveryReport {
  sent: number;
  accepted: number;
  failed: number;
  retried: number;
  byTopic: Record<string, number>;
  firstFailure: string | null;
}

/** Posts a signed body to a URL and answers the HTTP status. */
export type Send = (url: string, headers: Record<string, string>, body: Uint8Array, signal: AbortSignal) => Promise<number>;

export interface DeliveryOptions {
  concurrency?: number;
  /** Resends after a network error, 429 or 5xx, as Shopify retries (here quickly). */
  retries?: number;
  signal?: AbortSignal;
  send?: Send;
}

export const encoder = new TextEncoder();
/** Shopify gives up on a delivery after five seconds. */
const TIMEOUT_MS = 5000;

/** The shop's webhook target as a destination: every topic, whole bodies, the simulator's default version. */
export const targetDestination = (target: WebhookTarget): Destination => ({
  url: target.url,
  secret: target.secret,
  apiVersion: WEBHOOK_API_VERSION,
  includeFields: [],
});

/** A subscription's own webhook id for an event, the same every time the delivery is resent. */
function webhookIdFor(delivery: Delivery, destination: Destination): string {
  if (destination.subscriptionId === undefined) return delivery.webhookId;
  const hex = createHash('sha256').update(`${delivery.webhookId}/${destination.subscriptionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The headers Shopify sends with a delivery, signed over the exact body bytes. */
export async function signedHeaders(shopDomain: string, delivery: Delivery, body: Uint8Array, destination: Destination): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': delivery.topic,
    'x-shopify-shop-domain': shopDomain,
    'x-shopify-api-version': destination.apiVersion,
    'x-shopify-webhook-id': webhookIdFor(delivery, destination),
    'x-shopify-event-id': delivery.eventId,
    'x-shopify-triggered-at': utcIso(delivery.triggeredAt).replace('Z', '.000Z'),
    'x-shopify-hmac-sha256': await signShopifyHmac(body, destination.secret),
  };
}

type FieldTree = Map<string, FieldTree | true>;

function fieldTree(paths: readonly string[]): FieldTree {
  const tree: FieldTree = new Map();
  for (const path of paths) {
    const parts = path.split('.');
    const leaf = parts.pop()!;
    let node: FieldTree | true = tree;
    for (const part of parts) {
      if (node === true) break;
      let next: FieldTree | true | undefined = node.get(part);
      if (next === undefined) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
    if (node !== true) node.set(leaf, true);
  }
  return tree;
}

function pick(value: RestValue, tree: FieldTree): RestValue | undefined {
  if (Array.isArray(value)) return value.map((item: RestValue) => pick(item, tree)).filter((item): item is RestValue => item !== undefined);
  if (value === null || typeof value !== 'object' || typeof value === 'bigint') return undefined;
  const out: Record<string, RestValue> = {};
  for (const [key, field] of Object.entries(value as RestObject)) {
    const wanted = tree.get(key);
    if (field === undefined || wanted === undefined) continue;
    const kept = wanted === true ? field : pick(field, wanted);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/**
 * The body with only `fields` kept, in the payload's order: "When include_fields are provided,
 * only the specified fields will be included", nested ones named with a period
 * (https://shopify.dev/docs/apps/build/webhooks/customize/modify-payloads). A path into a list
 * keeps that field of each element; a path through a scalar keeps nothing.
 */
export function includeOnly(payload: RestObject, fields: readonly string[]): RestObject {
  return fields.length === 0 ? payload : (pick(payload, fieldTree(fields)) as RestObject);
}

export const fetchSend: Send = async (url, headers, body, signal) => {
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal });
  await response.arrayBuffer();
  return response.status;
};

const retryable = (status: number) => status === 0 || status === 429 || status >= 500;

function emptyReport(): DeliveryReport {
  return { sent: 0, accepted: 0, failed: 0, retried: 0, byTopic: {}, firstFailure: null };
}

/** Sends every delivery to each of its destinations, `concurrency` at a time, in the order given. */
export async function deliverAll(
  route: (delivery: Delivery) => readonly Destination[],
  shopDomain: string,
  deliveries: Iterable<Delivery>,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report = emptyReport();
  const retries = options.retries ?? 2;
  const send = options.send ?? fetchSend;
  function* units() {
    for (const delivery of deliveries) for (const destination of route(delivery)) yield { delivery, destination };
  }
  const queue = units();

  async function sendOne(delivery: Delivery, destination: Destination): Promise<void> {
    const body = encoder.encode(restJson(includeOnly(delivery.payload(), destination.includeFields)));
    const headers = await signedHeaders(shopDomain, delivery, body, destination);
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
        const timeout = AbortSignal.timeout(TIMEOUT_MS);
        status = await send(destination.url, headers, body, options.signal ? AbortSignal.any([options.signal, timeout]) : timeout);
      } catch (error) {
        options.signal?.throwIfAborted();
        outcome = (error as Error).message;
      }
      if (status >= 200 && status < 300) {
        report.accepted++;
        destination.record?.(true, `HTTP ${status}`);
        return;
      }
      if (status !== 0) outcome = `HTTP ${status}`;
      if (!retryable(status)) break;
    }
    report.failed++;
    destination.record?.(false, outcome);
    report.firstFailure ??= `${delivery.topic} ${webhookIdFor(delivery, destination)}: ${outcome}`;
  }

  async function worker(): Promise<void> {
    for (let next = queue.next(); !next.done; next = queue.next()) await sendOne(next.value.delivery, next.value.destination);
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return report;
}
