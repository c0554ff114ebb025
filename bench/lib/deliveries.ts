/**
 * Realistic signed orders/create deliveries, all distinct: the sample payload with its order, line
 * item and customer ids, order number and name replaced in the JSON text. Parsing and re-encoding
 * would round the 18-digit ids.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const template = readFileSync(new URL('../../samples/shopify/orders-create.json', import.meta.url), 'utf8');

export const SHOPS = ['bench-alpha', 'bench-bravo', 'bench-charlie', 'bench-delta'].map((s) => `${s}.myshopify.com`);

// Bases above 2^53, so that the warehouse's exact-id path is exercised as with real Shopify ids.
const ORDER_BASE = 900_000_000_000_000_000n;
const LINE_BASE = 700_000_000_000_000_000n;
const CUSTOMER_BASE = 500_000_000_000_000_000n;
const CUSTOMERS = 1_000n;

const PLACEHOLDERS = /820982911946154508|866550311766439020|141249953214522974|115310627314723954|"#1001"|"order_number": 1001/g;
if (new Set(template.match(PLACEHOLDERS)).size !== 6) {
  throw new Error('samples/shopify/orders-create.json no longer has the ids the benchmark replaces');
}

export function deliveryBody(index: number): string {
  const i = BigInt(index);
  const values: Record<string, string> = {
    '820982911946154508': String(ORDER_BASE + i),
    '866550311766439020': String(LINE_BASE + 2n * i),
    '141249953214522974': String(LINE_BASE + 2n * i + 1n),
    '115310627314723954': String(CUSTOMER_BASE + (i % CUSTOMERS)),
    '"#1001"': `"#${1001 + index}"`,
    '"order_number": 1001': `"order_number": ${1001 + index}`,
  };
  return template.replace(PLACEHOLDERS, (match) => values[match]!);
}

/** Delivery number `index` of a run, signed with `secret` as Shopify signs it. */
export function signedDelivery(runId: string, index: number, secret: string): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(deliveryBody(index));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOPS[index % SHOPS.length]!,
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': `${runId}-${index}`,
      'x-shopify-event-id': `${runId}-event-${index}`,
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    },
  };
}
