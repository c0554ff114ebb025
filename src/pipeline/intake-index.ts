/**
 * The intake index: one empty R2 object per accepted delivery, keyed by the instant it was
 * received, with the delivery's claim check as custom metadata. Raw bodies are keyed by shop, topic
 * and day (for compliance and replays), so finding "everything received between 14:00 and 15:00"
 * would mean listing every shop's every topic; under this prefix it is one ordered listing, which
 * is what the reconciliation needs to find deliveries that are in R2 but not in the ledger.
 *
 * Written after the raw body and before the acknowledgement, so an index entry always has its raw
 * object (until a compliance request deletes it). A delivery Shopify sends again gets a second
 * entry pointing at the same raw object: harmless, since the reconciliation checks the ledger.
 */
import { type WebhookClaim, webhookClaim } from './messages';

export const INDEX_PREFIX = 'webhook-index/';

/** `webhook-index/{received at, ISO 8601 in UTC}/{shop}/{webhook id}`: lexical order is time order. */
export function indexKey(claim: Pick<WebhookClaim, 'receivedAt' | 'shopDomain' | 'webhookId'>): string {
  return `${INDEX_PREFIX}${new Date(claim.receivedAt).toISOString()}/${claim.shopDomain}/${claim.webhookId}`;
}

/** Where a listing of [from, …) starts (R2 lists keys after `startAfter`). */
export const windowStart = (from: Date) => `${INDEX_PREFIX}${from.toISOString()}`;
/** Keys at or after this are past the window [… , to). */
export const windowEnd = (to: Date) => `${INDEX_PREFIX}${to.toISOString()}`;

/** When the delivery of an index key was received (ISO 8601). */
export function receivedAtOfIndexKey(key: string): string {
  return key.slice(INDEX_PREFIX.length).split('/')[0]!;
}

/** The shop an index key names, without reading its metadata. */
export function shopOfIndexKey(key: string): string | undefined {
  return key.slice(INDEX_PREFIX.length).split('/')[1];
}

export function indexMetadata(claim: WebhookClaim): Record<string, string> {
  const metadata: Record<string, string> = {
    topic: claim.topic,
    'shop-domain': claim.shopDomain,
    'api-version': claim.apiVersion,
    'webhook-id': claim.webhookId,
    'received-at': claim.receivedAt,
    'raw-key': claim.rawKey,
  };
  if (claim.eventId) metadata['event-id'] = claim.eventId;
  if (claim.triggeredAt) metadata['triggered-at'] = claim.triggeredAt;
  if (claim.bytes !== undefined) metadata.bytes = String(claim.bytes);
  return metadata;
}

/** The claim check an index entry stands for; null when its metadata is not one. */
export function claimOfIndexEntry(metadata: Record<string, string> | undefined): WebhookClaim | null {
  if (!metadata) return null;
  const parsed = webhookClaim.safeParse({
    kind: 'shopify-webhook',
    topic: metadata.topic,
    shopDomain: metadata['shop-domain'],
    apiVersion: metadata['api-version'],
    webhookId: metadata['webhook-id'],
    eventId: metadata['event-id'] ?? null,
    triggeredAt: metadata['triggered-at'] ?? null,
    rawKey: metadata['raw-key'],
    receivedAt: metadata['received-at'],
    bytes: metadata.bytes === undefined ? undefined : Number(metadata.bytes),
  });
  return parsed.success ? parsed.data : null;
}
