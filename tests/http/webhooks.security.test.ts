import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deliver, orderBody, uniqueShop } from '../helpers/webhooks';

async function storedFor(shop: string) {
  return (await env.RAW_BUCKET.list({ prefix: `webhooks/${shop}/` })).objects;
}

describe('POST /webhooks/shopify authenticates every delivery', () => {
  it('rejects a delivery signed with another secret with 401 and stores nothing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), { shop, secret: 'not-the-app-secret' });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a delivery without a signature with 401 and stores nothing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), { shop, omit: ['x-shopify-hmac-sha256'] });

    expect(response.status).toBe(401);
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), {
      shop,
      headers: { 'x-shopify-hmac-sha256': 'q3Yx0CUEkXGVQeMTw6B2m4zObe7zq/KItLX4SCTuYcI=' },
    });
    expect(response.status).toBe(401);
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a signature that is not base64', async () => {
    const response = await deliver(orderBody(), { headers: { 'x-shopify-hmac-sha256': 'not base64 at all!' } });
    expect(response.status).toBe(401);
  });

  it('answers an unsigned request with 401 before judging its other headers', async () => {
    const response = await deliver(orderBody(), { omit: ['x-shopify-hmac-sha256', 'x-shopify-topic'] });
    expect(response.status).toBe(401);
  });
});
