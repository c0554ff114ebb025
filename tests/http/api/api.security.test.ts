import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApiKey, SPANNING_NEEDS_ADMIN } from '../../../src/auth/api-keys';
import { revokeApiKey } from '../../../src/warehouse/api-keys';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { runConsumer, storedDelivery } from '../../helpers/pipeline';
import { finished, registeredShop } from '../../helpers/resync';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { query, withDb } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

async function twoShops() {
  const a = uniqueShop();
  const b = uniqueShop();
  await loadInOrder(a, [
    { topic: 'orders/create', body: sample('orders-create') },
    { topic: 'products/create', body: sample('products-create') },
    { topic: 'customers/create', body: sample('customers-create') },
    { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
  ]);
  await runConsumer('wharf-ingest', [await storedDelivery('{"broken', { shop: a })]);
  const [letter] = await query<{ id: number }>(sql`select id from quarantine where shop_domain = ${a}`);
  return {
    a: { shop: a, key: (await apiKeyFor(a, ['read', 'admin'])).key },
    b: { shop: b, key: (await apiKeyFor(b, ['read', 'admin'])).key },
    deadLetterOfA: letter!.id,
  };
}

describe('partner API authentication', () => {
  it('answers 401 with a Bearer challenge when no key is sent', async () => {
    const response = await api('/v1/orders', null);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="wharf"');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 401 for a malformed or unknown key', async () => {
    expect((await api('/v1/orders', 'not-a-key')).status).toBe(401);
    expect((await api('/v1/orders', `wharf_abcdefghijkl_${'x'.repeat(43)}`)).status).toBe(401);
  });

  it('answers 401 for a revoked key', async () => {
    const shop = uniqueShop();
    const { key, prefix } = await apiKeyFor(shop);
    await withDb((db) => revokeApiKey(db, prefix));

    const { status, body } = await apiJson<{ detail: string }>('/v1/orders', key);
    expect(status).toBe(401);
    expect(body.detail).toBe('API key revoked');
  });

  it('answers 401 for an expired key', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read'], { expiresAt: '2025-01-01T00:00:00Z' });
    const { status, body } = await apiJson<{ detail: string }>('/v1/orders', key);
    expect(status).toBe(401);
    expect(body.detail).toBe('API key expired');
  });

  it('answers 403 when the key lacks the scope', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['upload']);
    expect((await api('/v1/orders', key)).status).toBe(403);
    const { key: reader } = await apiKeyFor(uniqueShop(), ['read']);
    expect((await api('/v1/dead-letters', reader)).status).toBe(403);
  });
});

describe('partner API tenant isolation', () => {
  it('lists nothing of another shop on any list endpoint', async () => {
    const { b } = await twoShops();
    for (const path of ['/v1/orders', '/v1/products', '/v1/customers', '/v1/inventory', '/v1/dead-letters']) {
      const { status, body } = await apiJson<{ data: unknown[] }>(path, b.key);
      expect(status, path).toBe(200);
      expect(body.data, path).toEqual([]);
    }
  });

  it('answers 404, not 403, for another shop’s ids', async () => {
    const { b, deadLetterOfA } = await twoShops();
    for (const path of ['/v1/orders/820982911946154508', '/v1/products/788032119674292922', '/v1/customers/115310627314723954']) {
      expect((await api(path, b.key)).status, path).toBe(404);
    }
    expect((await api(`/v1/dead-letters/${deadLetterOfA}/replay`, b.key, { method: 'POST' })).status).toBe(404);
  });

  it('counts nothing of another shop in metrics', async () => {
    const { a, b } = await twoShops();
    const period = '?from=2025-04-01&to=2025-04-30';
    expect((await apiJson<{ orders: number }>(`/v1/metrics/summary${period}`, a.key)).body.orders).toBe(1);
    expect((await apiJson<{ orders: number }>(`/v1/metrics/summary${period}`, b.key)).body.orders).toBe(0);
  });

  it('does not let a cursor reach into another shop', async () => {
    const { a, b } = await twoShops();
    const page = await apiJson<{ nextCursor: string | null }>('/v1/products?limit=1', a.key);
    const foreign = await apiJson<{ data: unknown[] }>(`/v1/orders?cursor=${encodeURIComponent(btoa(JSON.stringify(['0'])))}`, b.key);
    expect(page.status).toBe(200);
    expect(foreign.body.data).toEqual([]);
  });
});

describe('admin keys spanning shops', () => {
  it('act on their own shop by default and on a spanned shop named in Wharf-Shop', async () => {
    const { a, b } = await twoShops();
    await loadInOrder(b.shop, [{ topic: 'orders/create', body: sample('orders-create') }]);
    const { key } = await withDb((db) => createApiKey(db, { name: 'agency', shopDomain: a.shop, alsoShops: [b.shop], scopes: ['read', 'admin'] }));

    const own = await apiJson<{ data: unknown[] }>('/v1/orders', key);
    const spanned = await apiJson<{ data: unknown[] }>('/v1/orders', key, { headers: { 'wharf-shop': b.shop } });

    expect(own.status).toBe(200);
    expect(spanned.status).toBe(200);
    expect(own.body.data).toHaveLength(1);
    expect(spanned.body.data).toHaveLength(1);
  });

  it('answer 403 for a shop the key does not span, whether or not it exists', async () => {
    const { a, b } = await twoShops();

    for (const shop of [b.shop, 'no-such-shop.myshopify.com']) {
      const response = await api('/v1/orders', a.key, { headers: { 'wharf-shop': shop } });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('does not span');
    }
  });

  it('cannot be made without the admin scope', async () => {
    await expect(withDb((db) => createApiKey(db, { name: 'x', shopDomain: uniqueShop(), alsoShops: [uniqueShop()], scopes: ['read'] }))).rejects.toThrow(
      SPANNING_NEEDS_ADMIN,
    );
  });
});

describe('resync endpoints, guarded', () => {
  it('need the admin scope to request a resync', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read', 'upload']);

    expect((await api('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) })).status).toBe(403);
  });

  it('answer 404 for another shop’s resync', { timeout: 90_000 }, async () => {
    const owner = await registeredShop('resync-owner.myshopify.com');
    const { key: ownerKey } = await apiKeyFor(owner.domain, ['admin']);
    const { key: otherKey } = await apiKeyFor(uniqueShop(), ['admin']);
    const requested = await apiJson<{ id: string }>('/v1/resyncs', ownerKey, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });

    expect((await api(`/v1/resyncs/${requested.body.id}`, otherKey)).status).toBe(404);
    await finished(requested.body.id);
  });
});
