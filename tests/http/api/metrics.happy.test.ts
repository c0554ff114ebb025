import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { uniqueShop } from '../../helpers/webhooks';

/** Two orders by one customer on two days, the first partly refunded; plus a test order. */
async function seededShop() {
  const shop = uniqueShop();
  const secondOrder = sample('orders-create', {
    '820982911946154508': '820982911946154600',
    '866550311766439020': '8209829119461546001',
    '141249953214522974': '8209829119461546002',
    '"created_at": "2025-04-02T11:38:15-05:00"': '"created_at": "2025-04-03T09:00:00-05:00"',
    '"source_name": "web"': '"source_name": "pos"',
  });
  const testOrder = sample('orders-create', {
    '820982911946154508': '820982911946154700',
    '"test": false': '"test": true',
    '866550311766439020': '1',
    '141249953214522974': '2',
  });
  await loadInOrder(shop, [
    { topic: 'orders/create', body: sample('orders-create') },
    { topic: 'refunds/create', body: sample('refunds-create') },
    { topic: 'orders/create', body: secondOrder },
    { topic: 'orders/create', body: testOrder },
  ]);
  return { key: (await apiKeyFor(shop)).key };
}

describe('GET /v1/metrics', () => {
  it('reports daily orders, units, sales, refunds, AOV, refund rate and new vs returning customers', async () => {
    const { key } = await seededShop();
    const { status, body } = await apiJson<{ data: unknown[] }>('/v1/metrics/daily?from=2025-04-01&to=2025-04-30', key);

    expect(status).toBe(200);
    expect(body.data).toEqual([
      {
        date: '2025-04-02',
        orders: 1,
        units: '3',
        gross_sales: '458.87',
        discounts: '19.90',
        total_sales: '474.47',
        refunded: '204.34',
        net_revenue: '270.13',
        average_order_value: '474.47',
        refund_rate: '1.0000',
        new_customer_orders: 1,
        returning_customer_orders: 0,
      },
      {
        date: '2025-04-03',
        orders: 1,
        units: '3',
        gross_sales: '458.87',
        discounts: '19.90',
        total_sales: '474.47',
        refunded: '0',
        net_revenue: '474.47',
        average_order_value: '474.47',
        refund_rate: '0.0000',
        new_customer_orders: 0,
        returning_customer_orders: 1,
      },
    ]);
  });

  it('sums a period, deriving ratios from the summed parts', async () => {
    const { key } = await seededShop();
    const { body } = await apiJson('/v1/metrics/summary?from=2025-04-01&to=2025-04-30', key);

    expect(body).toEqual({
      orders: 2,
      units: '6',
      gross_sales: '917.74',
      discounts: '39.80',
      total_sales: '948.94',
      refunded: '204.34',
      net_revenue: '744.60',
      average_order_value: '474.47',
      refund_rate: '0.5000',
      new_customer_orders: 1,
      returning_customer_orders: 1,
    });
  });

  it('filters by channel', async () => {
    const { key } = await seededShop();
    const { body } = await apiJson<{ orders: number; total_sales: string }>('/v1/metrics/summary?from=2025-04-01&to=2025-04-30&channel=pos', key);
    expect(body).toMatchObject({ orders: 1, total_sales: '474.47' });
  });
});
