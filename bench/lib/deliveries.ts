/**
 * Realistic signed deliveries, all distinct: orders/create is the sample payload with its order,
 * line item and customer ids, order number and name replaced in the JSON text (parsing and
 * re-encoding would round the 18-digit ids). The mixed run adds products/update and
 * inventory_levels/update, Shopify's documented samples (tests/fixtures/shopify/2026-01/webhooks,
 * sources in its README) with their ids, quantity and times replaced the same way.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const template = read('../../samples/shopify/orders-create.json');
const productTemplate = read('../../tests/fixtures/shopify/2026-01/webhooks/products-update.json');
const levelTemplate = read('../../tests/fixtures/shopify/2026-01/webhooks/inventory_levels-update.json');

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

/**
 * Which deliveries a run sends: `orders` only orders/create; `mixed` per shop, of every ten, eight
 * orders, one products/update of one of MIXED_PRODUCTS products and one inventory_levels/update of
 * one of MIXED_ITEMS items at one location, so that deliveries sent at the same time share shops,
 * customers, products and inventory levels.
 */
export type DeliveryMix = 'orders' | 'mixed';

export const MIXED_PRODUCTS = 20;
export const MIXED_ITEMS = 50;
const PRODUCT_BASE = 600_000_000_000_000_000n;
const VARIANT_BASE = 610_000_000_000_000_000n;
const ITEM_BASE = 620_000_000_000_000_000n;
/** Versions one second apart from here: a later delivery of a product or level is a newer version of it. */
const VERSIONS_FROM = Date.parse('2026-01-01T00:00:00Z');

const PRODUCT_PLACEHOLDERS = /788032119674292922|642667041472713922|757650484644203962|"updated_at": "2021-12-31T19:00:00-05:00"/g;
const LEVEL_PLACEHOLDERS = /271878346596884015|"available": 10|"updated_at": "2021-12-31T19:00:00-05:00"/g;
if (new Set(productTemplate.match(PRODUCT_PLACEHOLDERS)).size !== 4 || new Set(levelTemplate.match(LEVEL_PLACEHOLDERS)).size !== 3) {
  throw new Error('the documented products/update or inventory_levels/update sample no longer has the values the benchmark replaces');
}

/** What a delivery of the mixed run is: its topic and, for a product or level, which one and its version (ISO time). */
export function mixedDelivery(
  index: number,
): { topic: 'orders/create' } | { topic: 'products/update' | 'inventory_levels/update'; subject: number; version: string } {
  // Shops take turns (index % 4); the kind follows the slot, so that every shop gets every kind.
  const slot = Math.floor(index / SHOPS.length);
  const kind = slot % 10;
  if (kind < 8) return { topic: 'orders/create' };
  const version = new Date(VERSIONS_FROM + index * 1000).toISOString();
  const round = Math.floor(slot / 10);
  return kind === 8
    ? { topic: 'products/update', subject: round % MIXED_PRODUCTS, version }
    : { topic: 'inventory_levels/update', subject: round % MIXED_ITEMS, version };
}

/** The stock a level's delivery `index` states. */
export const availableAt = (index: number) => index % 97;

function mixedBody(index: number): { topic: string; body: string } {
  const delivery = mixedDelivery(index);
  if (delivery.topic === 'orders/create') return { topic: delivery.topic, body: deliveryBody(index) };
  const n = BigInt(delivery.subject);
  const values: Record<string, string> =
    delivery.topic === 'products/update'
      ? {
          '788032119674292922': String(PRODUCT_BASE + n),
          '642667041472713922': String(VARIANT_BASE + 2n * n),
          '757650484644203962': String(VARIANT_BASE + 2n * n + 1n),
          '"updated_at": "2021-12-31T19:00:00-05:00"': `"updated_at": "${delivery.version}"`,
        }
      : {
          '271878346596884015': String(ITEM_BASE + n),
          '"available": 10': `"available": ${availableAt(index)}`,
          '"updated_at": "2021-12-31T19:00:00-05:00"': `"updated_at": "${delivery.version}"`,
        };
  const source = delivery.topic === 'products/update' ? productTemplate : levelTemplate;
  return {
    topic: delivery.topic,
    body: source.replace(delivery.topic === 'products/update' ? PRODUCT_PLACEHOLDERS : LEVEL_PLACEHOLDERS, (match) => values[match]!),
  };
}

/** Delivery number `index` of a run, signed with `secret` as Shopify signs it. */
export function signedDelivery(runId: string, index: number, secret: string, mix: DeliveryMix = 'orders'): { headers: Record<string, string>; body: Buffer } {
  const delivery = mix === 'orders' ? { topic: 'orders/create', body: deliveryBody(index) } : mixedBody(index);
  const body = Buffer.from(delivery.body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': delivery.topic,
      'x-shopify-shop-domain': SHOPS[index % SHOPS.length]!,
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': `${runId}-${index}`,
      'x-shopify-event-id': `${runId}-event-${index}`,
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    },
  };
}
