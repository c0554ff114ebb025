import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { finished, registeredShop } from '../../helpers/resync';

interface ResyncView {
  id: string;
  kind: string;
  status: string;
  lines: { total: number; loaded: number; rejected: number; duplicates: number; balanced: boolean };
  operations: { entity: string; status: string | null; jobId: string | null }[];
}

describe('resync endpoints', () => {
  it('POST /v1/resyncs requests a resync, and asking again while it runs returns the same one', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('api-resync.myshopify.com');
    const { key } = await apiKeyFor(shop.domain, ['admin']);

    const first = await apiJson<ResyncView>('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });
    const again = await apiJson<ResyncView>('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });

    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(`/v1/resyncs/${first.body.id}`);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await finished(first.body.id);
  });

  it('GET /v1/resyncs/{id} shows the reconciled resync with its operations and balanced counts', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('api-resync-show.myshopify.com');
    const { key } = await apiKeyFor(shop.domain, ['admin']);
    const requested = await apiJson<ResyncView>('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });
    await finished(requested.body.id);

    const { status, body } = await apiJson<ResyncView>(`/v1/resyncs/${requested.body.id}`, key);

    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'full', status: 'reconciled', lines: { total: shop.counts.jsonlLines, balanced: true } });
    expect(body.operations.map((op) => op.entity).sort()).toEqual([
      'abandonedCheckouts',
      'collections',
      'customers',
      'discountCodes',
      'discounts',
      'draftOrders',
      'fulfillmentOrders',
      'inventoryItems',
      'locations',
      'orders',
      'products',
      'refundLineItems',
      'refundShippingLines',
      'returns',
    ]);
    expect(body.operations.every((op) => op.status === 'COMPLETED' && op.jobId)).toBe(true);
  });
});
