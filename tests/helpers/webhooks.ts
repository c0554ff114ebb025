/** Building realistic signed Shopify deliveries for tests. */
import { env, SELF } from 'cloudflare:test';
import orderFixture from '../../samples/shopify/orders-create.json?raw';
import { signShopifyHmac } from '../../src/shopify/hmac';

export const ORDER_CREATE_BODY: string = orderFixture;

export function uniqueShop(): string {
  return `shop-${crypto.randomUUID().slice(0, 12)}.myshopify.com`;
}

/**
 * The sample order as text, with fields replaced in the source text so that 18-digit ids and
 * decimal strings are never round-tripped through JSON.parse.
 */
export function orderBody(changes: { updatedAt?: string; totalPrice?: string; dropSecondLine?: boolean } = {}): string {
  let body = ORDER_CREATE_BODY;
  if (changes.updatedAt) body = body.replace('"updated_at": "2025-04-02T11:38:16-05:00"', `"updated_at": "${changes.updatedAt}"`);
  if (changes.totalPrice) body = body.replace('"total_price": "474.47"', `"total_price": "${changes.totalPrice}"`);
  if (changes.dropSecondLine) body = body.replace(/,\s*\{\s*"id": 141249953214522974[\s\S]*?"discount_allocations": \[\]\s*\}/, '');
  return body;
}

export interface DeliveryOptions {
  topic?: string;
  shop?: string;
  webhookId?: string;
  secret?: string;
  triggeredAt?: string;
  omit?: string[];
  headers?: Record<string, string>;
}

export async function deliveryHeaders(body: string, options: DeliveryOptions = {}): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-topic': options.topic ?? 'orders/create',
    'x-shopify-shop-domain': options.shop ?? uniqueShop(),
    'x-shopify-api-version': '2025-10',
    'x-shopify-webhook-id': options.webhookId ?? crypto.randomUUID(),
    'x-shopify-event-id': crypto.randomUUID(),
    'x-shopify-triggered-at': options.triggeredAt ?? '2025-04-02T16:38:16.123Z',
    'x-shopify-hmac-sha256': await signShopifyHmac(new TextEncoder().encode(body), options.secret ?? env.SHOPIFY_WEBHOOK_SECRET),
    ...options.headers,
  };
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

export async function deliver(body: string, options: DeliveryOptions = {}): Promise<Response> {
  return SELF.fetch('https://wharf.test/webhooks/shopify', {
    method: 'POST',
    headers: await deliveryHeaders(body, options),
    body,
  });
}
