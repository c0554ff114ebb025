import type { DeliveryHeaders } from '../shopify/delivery';

/**
 * The R2 key of a webhook delivery's raw body. Deterministic, so that a retried delivery lands on
 * the same key: shop, topic, the day Shopify triggered it (the day received when Shopify does not
 * say) and the webhook id.
 */
export function webhookRawKey(delivery: DeliveryHeaders, receivedAt: Date): string {
  const day = (delivery.triggeredAt ? new Date(delivery.triggeredAt) : receivedAt).toISOString().slice(0, 10);
  return `webhooks/${delivery.shopDomain}/${delivery.topic}/${day}/${delivery.webhookId}.json`;
}
