import { describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../../src/warehouse/reads/orders';
import discountedOrder from '../../fixtures/shopify/2026-01/rest/order-450789469.json?raw';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { documentedSample, sample } from '../../helpers/samples';
import { type Delivery, loadInOrder } from '../../helpers/topics';
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
    {
      topic: 'orders/create',
      body: orderNumbered('820982911946154600', {
        '"source_name": "web"': '"source_name": "pos"',
        '"financial_status": "paid"': '"financial_status": "pending"',
      }),
    },
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

  /** The order as a partner reads it, from a shop holding only what `deliveries` load. */
  async function orderRead(id: string, deliveries: Delivery[]) {
    const shop = uniqueShop();
    await loadInOrder(shop, deliveries);
    const { status, body } = await apiJson<OrderDetail>(`/v1/orders/${id}`, (await apiKeyFor(shop)).key);
    expect(status).toBe(200);
    return body;
  }

  const SAMPLE_ORDER: Delivery = { topic: 'orders/create', body: sample('orders-create') };

  it('shows the discount applications, each with what its allocations took off in all', async () => {
    const order = await orderRead('450789469', [{ topic: 'orders/create', body: discountedOrder }]);

    // TENOFF's allocations to the three lines: 3.34 + 3.33 + 3.33 = 10.00.
    expect(order.discountApplications).toEqual([
      {
        index: 0,
        type: 'discount_code',
        code: 'TENOFF',
        title: null,
        value: '10',
        valueType: 'fixed_amount',
        allocationMethod: 'across',
        targetSelection: 'all',
        targetType: 'line_item',
        amount: '10.00',
      },
    ]);
    expect(order.lines.map((l) => [l.id, l.totalDiscount])).toEqual([
      ['466157049', '3.34'],
      ['518995019', '3.33'],
      ['703073504', '3.33'],
    ]);
  });

  it('shows the shipping lines with the discounts allocated to them', async () => {
    const order = await orderRead('450789469', [{ topic: 'orders/create', body: discountedOrder }]);

    expect(order.shippingLines).toEqual([
      { id: '369256396', title: 'Free Shipping', code: 'Free Shipping', source: 'shopify', price: '0.00', totalDiscount: '0' },
    ]);
  });

  // Shopify's documented authorization, and a capture of it made from that sample.
  const AUTHORIZATION = documentedSample('order_transactions-create');
  const CAPTURE = documentedSample('order_transactions-create', {
    '"id": 120560818172775265': '"id": 120560818172775266',
    '"kind": "authorization"': '"kind": "capture"',
    '"parent_id": null': '"parent_id": 120560818172775265',
    '"created_at": "2021-12-31T19:00:00-05:00"': '"created_at": "2022-01-01T09:30:00-05:00"',
    '"processed_at": null': '"processed_at": "2022-01-01T09:30:01-05:00"',
  });

  it('shows the transactions in the order they were made, ids and amounts as exact strings', async () => {
    const order = await orderRead('820982911946154508', [
      SAMPLE_ORDER,
      { topic: 'order_transactions/create', body: CAPTURE },
      { topic: 'order_transactions/create', body: AUTHORIZATION },
    ]);

    const made = { status: 'success', gateway: 'visa', amount: '419.95', currency: 'USD', errorCode: null, test: false };
    expect(order.transactions).toEqual([
      { id: '120560818172775265', parentId: null, kind: 'authorization', ...made, createdAt: '2022-01-01T00:00:00+00:00', processedAt: null },
      {
        id: '120560818172775266',
        parentId: '120560818172775265',
        kind: 'capture',
        ...made,
        createdAt: '2022-01-01T14:30:00+00:00',
        processedAt: '2022-01-01T14:30:01+00:00',
      },
    ]);
  });

  /** Shopify's documented returns sample of `topic`, moved onto order 820982911946154508. */
  const returnOfSampleOrder = (name: string, edits: Record<string, string> = {}) => documentedSample(name, { '4783296544821': '820982911946154508', ...edits });
  // The documented samples list none of their two lines: these are the sample order's two lines going back.
  const RETURN_LINES = `"return_line_items": [
    { "id": 61853925432, "fulfillment_line_item": { "id": 10736341352597, "line_item": { "id": 866550311766439020 } }, "quantity": 2, "return_reason": "size_too_small" },
    { "id": 61853925433, "fulfillment_line_item": { "id": 10736341352598, "line_item": { "id": 141249953214522974 } }, "quantity": 1, "return_reason": "unwanted" }
  ]`;
  const REQUEST: Delivery = {
    topic: 'returns/request',
    body: returnOfSampleOrder('returns-request', { '"name": null': '"name": "#1001-R1"', '"return_line_items": []': RETURN_LINES }),
    options: { triggeredAt: '2025-04-03T10:00:00.000Z' },
  };

  it('shows the returns with their lines, as requested and approved', async () => {
    const order = await orderRead('820982911946154508', [
      SAMPLE_ORDER,
      REQUEST,
      { topic: 'returns/approve', body: returnOfSampleOrder('returns-approve'), options: { triggeredAt: '2025-04-03T15:00:00.000Z' } },
    ]);

    expect(order.returns).toEqual([
      {
        id: '123134564567890',
        name: '#1001-R1',
        status: 'open',
        totalQuantity: 3,
        createdAt: '2025-04-03T10:00:00+00:00',
        requestApprovedAt: '2025-04-03T15:00:00+00:00',
        closedAt: null,
        declineReason: null,
        lines: [
          { id: '61853925432', lineItemId: '866550311766439020', quantity: 2, reason: 'size_too_small' },
          { id: '61853925433', lineItemId: '141249953214522974', quantity: 1, reason: 'unwanted' },
        ],
      },
    ]);
  });

  it('never shows another shop’s transactions or returns of the same order id', async () => {
    const shop = uniqueShop();
    const other = uniqueShop();
    await loadInOrder(shop, [SAMPLE_ORDER, { topic: 'order_transactions/create', body: AUTHORIZATION }]);
    // The other shop has the same order, the same transaction id at another amount, a capture and a return.
    await loadInOrder(other, [
      SAMPLE_ORDER,
      { topic: 'order_transactions/create', body: documentedSample('order_transactions-create', { '"amount": "419.95"': '"amount": "1.00"' }) },
      { topic: 'order_transactions/create', body: CAPTURE },
      REQUEST,
    ]);

    const { body } = await apiJson<OrderDetail>('/v1/orders/820982911946154508', (await apiKeyFor(shop)).key);
    expect(body.transactions.map((t) => [t.id, t.amount])).toEqual([['120560818172775265', '419.95']]);
    expect(body.returns).toEqual([]);
    const theirs = await apiJson<OrderDetail>('/v1/orders/820982911946154508', (await apiKeyFor(other)).key);
    expect(theirs.body.transactions.map((t) => [t.id, t.amount])).toEqual([
      ['120560818172775265', '1.00'],
      ['120560818172775266', '419.95'],
    ]);
    expect(theirs.body.returns.map((r) => r.id)).toEqual(['123134564567890']);
  });
});
