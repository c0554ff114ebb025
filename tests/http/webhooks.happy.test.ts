import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { eventually, orderLinesOf, ordersOf, rawEventsOf } from '../helpers/warehouse';
import { deliver, orderBody, uniqueShop } from '../helpers/webhooks';

describe('POST /webhooks/shopify', () => {
  it('stores a signed delivery in R2 under a deterministic key, with its headers as metadata', async () => {
    const shop = uniqueShop();
    const body = orderBody();
    const response = await deliver(body, { shop, webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });

    expect(response.status).toBe(200);
    const key = `webhooks/${shop}/orders/create/2025-04-02/b54557e4-bdd9-4b37-8a5f-bf7d70bcd043.json`;
    const stored = await env.RAW_BUCKET.get(key);
    expect(await stored?.text()).toBe(body);
    expect(stored?.customMetadata).toMatchObject({ topic: 'orders/create', 'shop-domain': shop, 'api-version': '2025-10' });
  });

  it('lands an orders/create delivery in the warehouse with its lines', async () => {
    const shop = uniqueShop();
    expect((await deliver(orderBody(), { shop })).status).toBe(200);

    const orders = await eventually(
      () => ordersOf(shop),
      (rows) => rows.length === 1,
    );
    expect(orders).toMatchObject([{ order_id: '820982911946154508', total_price: '474.47', customer_id: '115310627314723954' }]);
    expect(await orderLinesOf(shop)).toHaveLength(2);
    expect(await rawEventsOf(shop)).toMatchObject([{ topic: 'orders/create', status: 'loaded', seen_count: 1 }]);
  });

  it('accepts a delivery signed with the previous secret during a rotation', async () => {
    const response = await deliver(orderBody(), { secret: env.SHOPIFY_WEBHOOK_SECRET_PREVIOUS });
    expect(response.status).toBe(200);
  });

  it('accepts Events-style header names without the X- prefix', async () => {
    const body = orderBody();
    const shop = uniqueShop();
    const response = await deliver(body, {
      shop,
      omit: ['x-shopify-topic', 'x-shopify-shop-domain', 'x-shopify-api-version', 'x-shopify-webhook-id'],
      headers: {
        'shopify-topic': 'orders/create',
        'shopify-shop-domain': shop,
        'shopify-api-version': '2025-10',
        'shopify-webhook-id': 'events-style-1',
      },
    });
    expect(response.status).toBe(200);
  });

  it('answers a repeated webhook id with 200 and keeps one delivery and one order', async () => {
    const shop = uniqueShop();
    const body = orderBody();
    const first = await deliver(body, { shop, webhookId: 'repeat-me' });
    const second = await deliver(body, { shop, webhookId: 'repeat-me' });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ duplicate: true });
    await eventually(
      () => rawEventsOf(shop),
      (rows) => rows[0]?.seen_count === 2 && rows[0]?.status === 'loaded',
    );
    expect(await rawEventsOf(shop)).toHaveLength(1);
    expect(await ordersOf(shop)).toHaveLength(1);
  });
});
