import { SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { runConsumer, storedDelivery } from '../../helpers/pipeline';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { eventually, ordersOf, query, rawEventsOf } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

describe('operations endpoints', () => {
  it('lists dead letters and replays one that ran out of retries until it lands', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(sample('orders-create'), { shop });
    await runConsumer('wharf-ingest-dlq', [claim]);
    const { key } = await apiKeyFor(shop, ['admin']);

    const letters = await apiJson<{ data: { id: number; stage: string; queue: string; rawKey: string }[] }>('/v1/dead-letters', key);
    expect(letters.body.data).toMatchObject([{ stage: 'validate', queue: 'wharf-ingest', rawKey: claim.rawKey }]);

    const replay = await apiJson(`/v1/dead-letters/${letters.body.data[0]!.id}/replay`, key, { method: 'POST' });
    expect(replay).toMatchObject({ status: 202, body: { queued: 1 } });
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 1,
    );
    const [letter] = await query<{ replayed_at: string | null }>(sql`select replayed_at from quarantine where shop_domain = ${shop}`);
    expect(letter?.replayed_at).not.toBeNull();
    // Resolved: the list shows open dead letters unless asked otherwise.
    await eventually(
      () => apiJson<{ data: unknown[] }>('/v1/dead-letters', key),
      (open) => open.body.data.length === 0,
    );
    expect((await apiJson<{ data: { resolvedAt: string | null }[] }>('/v1/dead-letters?state=resolved', key)).body.data).toHaveLength(1);
  });

  it('replays a window of deliveries from R2 without double-counting', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'refunds/create', body: sample('refunds-create') },
    ]);
    const { key } = await apiKeyFor(shop, ['admin']);

    const { status, body } = await apiJson('/v1/replays', key, {
      method: 'POST',
      body: JSON.stringify({ received_from: '2000-01-01T00:00:00Z', received_to: '2100-01-01T00:00:00Z' }),
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({ queued: 2, truncated: false });

    await eventually(
      () => rawEventsOf(shop),
      (events) => events.every((e) => e.status === 'loaded'),
    );
    const refunds = await query(sql`select 1 from fact_refund r join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(refunds).toHaveLength(1);
    expect((await apiJson<{ refunded: string }>('/v1/metrics/summary?from=2025-04-01&to=2025-04-30', key)).body.refunded).toBe('204.34');
  });

  it('GET /healthz reports the Worker and the warehouse without a key', async () => {
    const response = await SELF.fetch('https://wharf.test/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', worker: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document listing every route, and the docs page', async () => {
    const document = await (await SELF.fetch('https://wharf.test/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/exports/{id}/{table}/{part}',
      '/healthz',
      '/v1/alerts',
      '/v1/alerts/channels',
      '/v1/alerts/channels/{id}',
      '/v1/alerts/rules',
      '/v1/alerts/rules/{rule}',
      '/v1/analytics/channels',
      '/v1/analytics/cohorts',
      '/v1/analytics/customers',
      '/v1/analytics/discounts',
      '/v1/analytics/fulfillment',
      '/v1/analytics/funnel',
      '/v1/analytics/inventory',
      '/v1/analytics/products',
      '/v1/analytics/sales',
      '/v1/connection',
      '/v1/connection/checks',
      '/v1/customers',
      '/v1/customers/{id}',
      '/v1/dead-letters',
      '/v1/dead-letters/replay',
      '/v1/dead-letters/{id}/replay',
      '/v1/exports',
      '/v1/exports/{id}',
      '/v1/inventory',
      '/v1/jobs',
      '/v1/jobs/{id}',
      '/v1/jobs/{id}/rejects',
      '/v1/lineage',
      '/v1/mappings',
      '/v1/mappings/{id}',
      '/v1/metrics/daily',
      '/v1/metrics/pipeline',
      '/v1/metrics/summary',
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/products',
      '/v1/products/{id}',
      '/v1/products/{id}/images/{position}/thumbnail',
      '/v1/quality',
      '/v1/quality/runs',
      '/v1/redrives',
      '/v1/replays',
      '/v1/resyncs',
      '/v1/resyncs/{id}',
      '/v1/uploads',
      '/v1/uploads/multipart',
      '/v1/uploads/multipart/{id}',
      '/v1/uploads/multipart/{id}/complete',
      '/v1/uploads/multipart/{id}/parts/{n}',
    ]);
    const docs = await SELF.fetch('https://wharf.test/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('openapi.json');
  });

  it('answers 429 with Retry-After once a key spends its budget', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    let response = await api('/v1/products', key);
    for (let i = 0; i < 60 && response.status !== 429; i++) response = await api('/v1/products', key);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
  });
});
