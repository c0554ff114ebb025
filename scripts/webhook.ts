/**
 * npm run webhook -- <topic> [file.json] [--url URL] [--shop DOMAIN] [--webhook-id ID]
 *
 * Signs a delivery with the local webhook secret and POSTs it as Shopify would. Without a file it
 * sends the topic's sample from samples/shopify/. The file's bytes are sent as they are: re-encoding
 * JSON would round Shopify's 18-digit ids.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signShopifyHmac } from '../src/shopify/hmac';
import { ensureDevVars } from './lib/dev-vars';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 8787}/webhooks/shopify` },
    shop: { type: 'string', default: 'wharf-demo.myshopify.com' },
    'webhook-id': { type: 'string' },
    'api-version': { type: 'string', default: '2025-10' },
  },
});

const [topic, file] = positionals;
if (!topic) {
  console.error('usage: npm run webhook -- <topic> [file.json] [--url URL] [--shop DOMAIN] [--webhook-id ID]');
  process.exit(2);
}
const path = file ?? fileURLToPath(new URL(`../samples/shopify/${topic.replace('/', '-')}.json`, import.meta.url));
if (!existsSync(path)) {
  console.error(`no payload: ${path} does not exist; pass a file`);
  process.exit(2);
}

const body = new Uint8Array(readFileSync(path));
const secret = process.env.SHOPIFY_WEBHOOK_SECRET ?? ensureDevVars().vars.SHOPIFY_WEBHOOK_SECRET!;
const webhookId = values['webhook-id'] ?? randomUUID();
const response = await fetch(values.url, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': values.shop,
    'x-shopify-api-version': values['api-version'],
    'x-shopify-webhook-id': webhookId,
    'x-shopify-event-id': randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
    'x-shopify-hmac-sha256': await signShopifyHmac(body, secret),
  },
  body,
});
console.log(`${response.status} ${response.statusText}  ${topic} from ${values.shop}, webhook id ${webhookId}`);
console.log(await response.text());
process.exit(response.ok ? 0 : 1);
