/** Driving the queue consumers directly with message batches, as the Queues runtime would. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import worker from '../../src/index';
import { intakeWebhook } from '../../src/pipeline/intake';
import type { WebhookClaim } from '../../src/pipeline/messages';
import { readDeliveryHeaders } from '../../src/shopify/delivery';
import { deliveryHeaders, type DeliveryOptions } from './webhooks';

/** Stores a delivery in R2 as the webhook route would and returns its claim check. */
export async function storedDelivery(body: string, options: DeliveryOptions = {}): Promise<WebhookClaim> {
  const headers = readDeliveryHeaders(new Headers(await deliveryHeaders(body, options)));
  if (!headers.ok) throw new Error(headers.reason);
  const receivedAt = new Date();
  const { rawKey } = await intakeWebhook({ RAW_BUCKET: env.RAW_BUCKET, INGEST_QUEUE: noQueue }, headers.delivery, new TextEncoder().encode(body), receivedAt);
  return { kind: 'shopify-webhook', ...headers.delivery, rawKey, receivedAt: receivedAt.toISOString(), bytes: body.length };
}

// Tests that drive consumers by hand keep the real queues out of it.
const noQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue;

export async function runConsumer(queue: string, bodies: unknown[], bindings: Partial<Env> = {}) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `message-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...bindings }, ctx);
  return getQueueResult(batch, ctx);
}
