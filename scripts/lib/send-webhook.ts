/** Signs a delivery with a webhook secret and POSTs it as Shopify would. */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signShopifyHmac } from '../../src/shopify/hmac';

export interface WebhookDelivery {
  topic: string;
  /** A JSON file; the topic's sample in samples/shopify/ when omitted. */
  file?: string;
  url: string;
  shop: string;
  secret: string;
  webhookId?: string;
  apiVersion?: string;
}

export function samplePath(topic: string): string {
  return fileURLToPath(new URL(`../../samples/shopify/${topic.replace('/', '-')}.json`, import.meta.url));
}

/** The file's bytes are sent as they are: re-encoding JSON would round Shopify's 18-digit ids. */
export async function sendWebhook(delivery: WebhookDelivery) {
  const path = delivery.file ?? samplePath(delivery.topic);
  if (!existsSync(path)) throw new Error(`no payload: ${path} does not exist; pass a file`);
  const body = new Uint8Array(readFileSync(path));
  const webhookId = delivery.webhookId ?? randomUUID();
  const response = await fetch(delivery.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': delivery.topic,
      'x-shopify-shop-domain': delivery.shop,
      'x-shopify-api-version': delivery.apiVersion ?? '2025-10',
      'x-shopify-webhook-id': webhookId,
      'x-shopify-event-id': randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': await signShopifyHmac(body, delivery.secret),
    },
    body,
  });
  return { status: response.status, statusText: response.statusText, webhookId, body: await response.text() };
}
