/** Driving the queue consumers directly with message batches, as the Queues runtime would. */
import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/index';
import { intakeWebhook } from '../../src/pipeline/intake';
import type { WebhookClaim } from '../../src/pipeline/messages';
import { readDeliveryHeaders } from '../../src/shopify/delivery';
import { type DeliveryOptions, deliveryHeaders } from './webhooks';

/**
 * A queue binding that records what is sent to it, for asserting what a consumer forwards
 * without the runtime consuming it in the background.
 */
export function recordingQueue() {
  const sent: unknown[] = [];
  /** Each message sent with a delay, and the delay. */
  const delayed: { body: unknown; delaySeconds: number }[] = [];
  const record = (body: unknown, delaySeconds: number | undefined) => {
    sent.push(body);
    if (delaySeconds) delayed.push({ body, delaySeconds });
  };
  const queue = {
    send: async (body: unknown, options?: QueueSendOptions) => record(body, options?.delaySeconds),
    sendBatch: async (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
      for (const message of messages) record(message.body, message.delaySeconds ?? options?.delaySeconds);
    },
  };
  return { queue: queue as unknown as Queue, sent, delayed };
}

let lastReceived = 0;

/** Now, or a millisecond after the last delivery stored if that was now: each of Shopify's deliveries arrives at its own instant. */
function receivedNow(): Date {
  lastReceived = Math.max(Date.now(), lastReceived + 1);
  return new Date(lastReceived);
}

/** Stores a delivery in R2 as the webhook route would and returns its claim check. */
export async function storedDelivery(body: string, options: DeliveryOptions & { receivedAt?: Date } = {}): Promise<WebhookClaim> {
  const headers = readDeliveryHeaders(new Headers(await deliveryHeaders(body, options)));
  if (!headers.ok) throw new Error(headers.reason);
  const receivedAt = options.receivedAt ?? receivedNow();
  const bytes = new TextEncoder().encode(body);
  const { rawKey } = await intakeWebhook({ RAW_BUCKET: env.RAW_BUCKET, INGEST_QUEUE: recordingQueue().queue }, headers.delivery, bytes, receivedAt);
  return { kind: 'shopify-webhook', ...headers.delivery, rawKey, receivedAt: receivedAt.toISOString(), bytes: bytes.byteLength };
}

/** Runs a queue's consumer on a batch of these bodies; `attempts` says how many times each has been tried, this time included. */
export async function runConsumer(queue: string, bodies: unknown[], bindings: Partial<Env> = {}, { attempts = 1 } = {}) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `message-${i}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...bindings }, ctx);
  return getQueueResult(batch, ctx);
}

/**
 * Validates claims (which loads them) and transforms whatever the validate consumer handed on,
 * the way the two queues chain them, without the queues' delays.
 */
export async function loadThroughPipeline(claims: WebhookClaim[]) {
  const transform = recordingQueue();
  await runConsumer('wharf-ingest', claims, { TRANSFORM_QUEUE: transform.queue });
  return runConsumer('wharf-transform', transform.sent);
}

/** Bindings under which the warehouse cannot be reached, by either driver: nothing listens on the discard port. */
export const warehouseDown: Partial<Env> = {
  DATABASE_WS_PROXY: '127.0.0.1:9/v1',
  ...(env.HYPERDRIVE && { HYPERDRIVE: { connectionString: 'postgres://postgres@127.0.0.1:9/wharf' } as Hyperdrive }),
};

/** Runs the job of a cron schedule (wrangler.toml), as its trigger would. */
export async function runCron(cron: string, bindings: Partial<Env> = {}) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
}

/** Runs the stalled-work sweep, as its cron trigger would. */
export const sweep = (bindings: Partial<Env> = {}) => runCron('*/15 * * * *', bindings);
