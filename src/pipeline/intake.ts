/**
 * Intake of a verified webhook delivery: the raw body goes to R2 first (the audit trail and the
 * replay source), then its intake index entry (how the reconciliation finds it if its claim check
 * is ever lost) and the claim check on the ingest queue. Only then may the delivery be acknowledged.
 */
import type { DeliveryHeaders } from '../shopify/delivery';
import { indexKey, indexMetadata } from './intake-index';
import type { WebhookClaim } from './messages';
import { ingestQueue } from './producers';
import { webhookRawKey } from './raw-keys';

export interface IntakeBindings {
  RAW_BUCKET: R2Bucket;
  INGEST_QUEUE: Queue;
}

export interface IntakeResult {
  rawKey: string;
  /** The same delivery was stored before; the original object is kept as it was. */
  duplicate: boolean;
}

function deliveryMetadata(delivery: DeliveryHeaders, receivedAt: string): Record<string, string> {
  const metadata: Record<string, string> = {
    topic: delivery.topic,
    'shop-domain': delivery.shopDomain,
    'api-version': delivery.apiVersion,
    'webhook-id': delivery.webhookId,
    'received-at': receivedAt,
  };
  if (delivery.eventId) metadata['event-id'] = delivery.eventId;
  if (delivery.triggeredAt) metadata['triggered-at'] = delivery.triggeredAt;
  return metadata;
}

export async function intakeWebhook(bindings: IntakeBindings, delivery: DeliveryHeaders, body: Uint8Array, receivedAt: Date): Promise<IntakeResult> {
  const rawKey = webhookRawKey(delivery, receivedAt);
  const received = receivedAt.toISOString();
  const stored = await bindings.RAW_BUCKET.put(rawKey, body, {
    onlyIf: { etagDoesNotMatch: '*' },
    httpMetadata: { contentType: 'application/json' },
    customMetadata: deliveryMetadata(delivery, received),
  });
  // A duplicate is enqueued again: if the first attempt stored the body but failed to enqueue,
  // this is its only chance. The consumers make the repeat a no-op.
  const claim: WebhookClaim = { kind: 'shopify-webhook', ...delivery, rawKey, receivedAt: received, bytes: body.byteLength };
  await Promise.all([bindings.RAW_BUCKET.put(indexKey(claim), null, { customMetadata: indexMetadata(claim) }), ingestQueue(bindings).send(claim)]);
  return { rawKey, duplicate: stored === null };
}
