/**
 * Hostile webhook deliveries, generated from a seed: broken or forged headers answer 4xx
 * (problem+json) and store nothing; signed bodies that are not what their topic carries are
 * acknowledged (Shopify must not retry them) and quarantined with a reason. Never a 500.
 */
import { env, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signShopifyHmac } from '../../src/shopify/hmac';
import { sample } from '../helpers/samples';
import { eventually, query } from '../helpers/warehouse';
import { deliveryHeaders, uniqueShop } from '../helpers/webhooks';
import { type Random, seeded } from './generate';

const random = seeded(0x5eed_0001);
// An HTTP answer of the webhook route is one read, one HMAC and one R2 put: seconds are generous.
const ANSWER_WITHIN_MS = 5_000;

interface Delivery {
  name: string;
  body: Uint8Array;
  headers: Record<string, string>;
  shop: string;
}

const encode = (text: string) => new TextEncoder().encode(text);

async function signed(name: string, body: Uint8Array, topic: string, headers: Record<string, string | null> = {}): Promise<Delivery> {
  const shop = uniqueShop();
  const base = await deliveryHeaders('', { shop, topic });
  const all: Record<string, string | null> = { ...base, 'x-shopify-hmac-sha256': await signShopifyHmac(body, env.SHOPIFY_WEBHOOK_SECRET), ...headers };
  const kept = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
  return { name, body, headers: kept, shop };
}

// ---------------------------------------------------------------------------------------------
// Headers: each delivery breaks one thing about an otherwise valid, signed orders/create.

const ORDER = encode(sample('orders-create'));

const HEADER_VALUES: Record<string, readonly string[]> = {
  'x-shopify-topic': ['', 'orders', 'ORDERS/CREATE', 'orders/create/extra', `${'a'.repeat(2000)}/b`, "orders/create'--", '../orders/create'],
  'x-shopify-shop-domain': [
    '',
    'evil.com',
    'shop.myshopify.com.evil.com',
    '-shop.myshopify.com',
    'shop.myshopify.com/../x',
    'shop .myshopify.com',
    `${'a'.repeat(2000)}.myshopify.com`,
  ],
  'x-shopify-api-version': ['', 'latest', '2025-1', '2025-10-01', '../2025-10'],
  'x-shopify-webhook-id': ['', 'a b', 'x'.repeat(129), '../../etc/passwd', 'id;drop'],
  'x-shopify-event-id': ['x'.repeat(129)],
};

async function headerDeliveries(r: Random): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const name of ['x-shopify-topic', 'x-shopify-shop-domain', 'x-shopify-api-version', 'x-shopify-webhook-id', 'x-shopify-hmac-sha256']) {
    deliveries.push(await signed(`without ${name}`, ORDER, 'orders/create', { [name]: null }));
  }
  for (const [name, values] of Object.entries(HEADER_VALUES)) {
    for (const value of values) deliveries.push(await signed(`${name}: ${JSON.stringify(value.slice(0, 40))}`, ORDER, 'orders/create', { [name]: value }));
  }
  const forged = [
    ['an HMAC under another secret', await signShopifyHmac(ORDER, 'not-the-app-secret')],
    ['an HMAC of another body', await signShopifyHmac(encode('{}'), env.SHOPIFY_WEBHOOK_SECRET)],
    ['an HMAC that is not base64', '!!!not base64!!!'],
    ['an empty HMAC', ''],
    ['a truncated HMAC', (await signShopifyHmac(ORDER, env.SHOPIFY_WEBHOOK_SECRET)).slice(0, 20)],
    ['an HMAC in hex', [...new Uint8Array(32)].map(() => r.int(0, 255).toString(16).padStart(2, '0')).join('')],
  ] as const;
  for (const [name, hmac] of forged) deliveries.push(await signed(name, ORDER, 'orders/create', { 'x-shopify-hmac-sha256': hmac }));
  deliveries.push(await signed('a signed empty body', new Uint8Array(), 'orders/create'));
  deliveries.push(await signed('a body over the size limit', encode(`{"note":"${'x'.repeat(Number(env.WEBHOOK_MAX_BYTES))}"}`), 'orders/create'));
  return deliveries;
}

// ---------------------------------------------------------------------------------------------
// Bodies: signed, with valid headers and a modelled topic, but not what the topic carries.

const TOPICS = [
  ['orders/create', 'orders-create'],
  ['products/create', 'products-create'],
  ['customers/create', 'customers-create'],
  ['refunds/create', 'refunds-create'],
  ['fulfillments/create', 'fulfillments-create'],
  ['inventory_levels/update', 'inventory_levels-update'],
] as const;

type BodyMutation = (r: Random, text: string) => string | Uint8Array;

const MUTATIONS: Record<string, BodyMutation> = {
  'truncated JSON': (r, text) => text.slice(0, r.int(1, text.length - 3)),
  'a NUL in a string': (r, text) => {
    const places = [...text.matchAll(/": "/g)].map((m) => m.index! + 4);
    const at = r.pick(places);
    return `${text.slice(0, at)}\\u0000${text.slice(at)}`;
  },
  'a top-level array': () => '[]',
  'a top-level string': () => '"orders/create"',
  'a top-level number': () => '820982911946154508',
  null: () => 'null',
  'the id as text': (_, text) => text.replace(/"id": \d+/, '"id": "not-an-id"'),
  'a negative id': (_, text) => text.replace(/"id": \d+/, '"id": -1'),
  'a fractional id': (_, text) => text.replace(/"id": \d+/, '"id": 1.5'),
  'an id that is an object': (_, text) => text.replace(/"id": \d+/, '"id": {"$gt": 0}'),
  'an unterminated string of escaped quotes': () => `{"note":"${'\\"'.repeat(30_000)}`,
  'deep nesting instead of fields': () => `{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  'bytes that are not UTF-8, outside strings': (_, text) => new Uint8Array([...encode(text.slice(0, 10)), 0xff, 0xfe, ...encode(text.slice(10))]),
  'a number too large for a double': (_, text) => text.replace(/"id": \d+/, '"id": 1e400'),
  'year 0000 as the update time': (_, text) => text.replace(/"updated_at": "[^"]+"/, '"updated_at": "0000-01-01T00:00:00Z"'),
};

async function bodyDeliveries(r: Random): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const [mutation, mutate] of Object.entries(MUTATIONS)) {
    // Each mutation on three topics drawn from the seed; one whose sample it would not change (no `updated_at`) draws again.
    for (let made = 0; made < 3; ) {
      const [topic, name] = r.pick(TOPICS);
      const text = sample(name);
      const body = mutate(r, text);
      if (typeof body === 'string' && body === text) continue;
      deliveries.push(await signed(`${topic} with ${mutation}`, typeof body === 'string' ? encode(body) : body, topic));
      made++;
    }
  }
  return deliveries;
}

// ---------------------------------------------------------------------------------------------

interface Answer {
  delivery: Delivery;
  status: number;
  contentType: string | null;
  ms: number;
}

async function send(delivery: Delivery): Promise<Answer> {
  const started = Date.now();
  const response = await SELF.fetch('https://wharf.test/webhooks/shopify', { method: 'POST', headers: delivery.headers, body: delivery.body });
  await response.arrayBuffer();
  return { delivery, status: response.status, contentType: response.headers.get('content-type'), ms: Date.now() - started };
}

const headerCases = await headerDeliveries(random);
const bodyCases = await bodyDeliveries(random);

describe('fuzzed webhook headers', () => {
  const answers = new Map<string, Answer>();
  beforeAll(async () => {
    for (const delivery of headerCases) answers.set(delivery.name, await send(delivery));
  });

  it.each(headerCases.map((d) => [d.name, d] as const))('%s: 4xx problem+json, nothing stored', async (name, delivery) => {
    const answer = answers.get(name)!;

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect((await env.RAW_BUCKET.list({ prefix: `webhooks/${delivery.shop}/` })).objects).toEqual([]);
  });
});

describe('fuzzed webhook bodies', () => {
  const answers = new Map<string, Answer>();
  beforeAll(async () => {
    for (const delivery of bodyCases) answers.set(delivery.name + delivery.shop, await send(delivery));
  });

  it.each(bodyCases.map((d) => [d.name, d] as const))('%s: acknowledged, then quarantined with a reason', async (_, delivery) => {
    const answer = answers.get(delivery.name + delivery.shop)!;
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);

    const quarantined = await eventually(
      () => query<{ reason: string }>(sql`select reason from quarantine where shop_domain = ${delivery.shop}`),
      (rows) => rows.length > 0,
      30_000,
    );
    expect(quarantined[0]!.reason).toMatch(/\S/);
  });

  it('covers at least 40 bodies', () => {
    expect(bodyCases.length).toBeGreaterThanOrEqual(40);
  });
});
