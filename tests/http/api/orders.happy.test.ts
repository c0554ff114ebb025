import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { uniqueShop } from '../../helpers/webhooks';

/** The sample order under another id, with line ids of its own. */
const orderNumbered = (id: string, extra: Record<string, string> = {}) =>
  sample('orders-create', {
    '820982911946154508': id,
    '866550311766439020': `${id}1`,
    '141249953214522974': `${id}2`,
    ...extra,
  });

async function seededShop() {
  const shop = uniqueShop();
  await loadInOrder(shop, [
    { topic: 'orders/create', body: sample('orders-create') },
    { topic: 'refunds/create', body: sample('refunds-create') },
    { topic: 'fulfillments/create', body: sample('fulfillments-create') },
    { topic: 'orders/create', body: orderNumbered('820982911946154600', { '"source_name": "web"': '"source_name": "pos"', '"financial_status": "paid"': '"financial_status": "pending"' }) },
  ]);
  return { shop, key: (await apiKeyFor(shop)).key };
}

type Page = { data: Record<string, unknown>[]; nextCursor: string | null };

describe('GET /v1/orders', () => {
  it('lists the shop’s orders with ids and money as exact strings', async () => {
    const { key } = await seededShop();
    const { status, body } = await apiJson<Page>('/v1/orders', key);

    expect(status).toBe(200);
    expect(body.data.map((o) => o.id)).toEqual(['820982911946154508', '820982911946154600']);
    expect(body.data[0]).toMatchObject({ totalPrice: '474.47', customerId: '115310627314723954', channel: 'web', currency: 'USD' });
    expect(body.data[0]?.createdAt).toBe('2025-04-02T16:38:15+00:00');
    expect(body.nextCursor).toBeNull();
  });

  it('filters by financial status and channel', async () => {
    const { key } = await seededShop();
    expect((await apiJson<Page>('/v1/orders?financial_status=pending', key)).body.data.map((o) => o.id)).toEqual(['820982911946154600']);
    expect((await apiJson<Page>('/v1/orders?channel=web', key)).body.data.map((o) => o.id)).toEqual(['820982911946154508']);
    expect((await apiJson<Page>('/v1/orders?updated_since=2030-01-01T00:00:00Z', key)).body.data).toEqual([]);
  });

  it('pages with an opaque cursor that stays stable while orders are inserted', async () => {
    const { shop, key } = await seededShop();
    const first = await apiJson<Page>('/v1/orders?limit=1', key);
    expect(first.body.data.map((o) => o.id)).toEqual(['820982911946154508']);

    // A new order with a smaller id, and one with a larger id, arrive between pages.
    await loadInOrder(shop, [
      { topic: 'orders/create', body: orderNumbered('820982911946154000') },
      { topic: 'orders/create', body: orderNumbered('820982911946154999') },
    ]);
    const second = await apiJson<Page>(`/v1/orders?limit=1&cursor=${first.body.nextCursor}`, key);
    const third = await apiJson<Page>(`/v1/orders?limit=5&cursor=${second.body.nextCursor}`, key);

    expect(second.body.data.map((o) => o.id)).toEqual(['820982911946154600']);
    expect(third.body.data.map((o) => o.id)).toEqual(['820982911946154999']);
    expect(third.body.nextCursor).toBeNull();
  });
});

describe('GET /v1/orders/{id}', () => {
  it('returns the order with its lines, refunds and fulfillments', async () => {
    const { key } = await seededShop();
    const { status, body } = await apiJson<Record<string, unknown[]>>('/v1/orders/820982911946154508', key);

    expect(status).toBe(200);
    expect(body.lines).toHaveLength(2);
    expect(body.refunds).toMatchObject([{ id: '890088186047892319', refundedAmount: '204.34', lines: [{ lineItemId: '866550311766439020', quantity: 1 }] }]);
    expect(body.fulfillments).toMatchObject([{ id: '123456789012345678', trackingCompany: 'UPS', quantity: 3 }]);
  });
});
