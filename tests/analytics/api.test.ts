/**
 * /v1/analytics/* on the hand-computed shop of shop.ts. December 2025 by hand:
 *   orders #1001–#1004: 4; gross 120 + 60 + 70 + 50 = 300.00; discounts 12 + 5 = 17.00;
 *   returns 50 + 55 + 45 = 150.00; net 300 − 17 − 150 = 133.00;
 *   shipping 10 + 0 + 0 + 10 − 10 − 5 = 5.00; taxes 10.80 + 5.50 + 7.00 + 6.00 − 6.00 − 5.50 − 5.00 = 12.80;
 *   total 133 + 5 + 12.80 = 150.80. Of it, pos (#1002 and its refund): 60 − 5 − 55 = 0 net, tax
 *   5.50 − 5.50; web: 3 orders, 240 gross, 12 off, 95 returned (50 + 45), 133 net, shipping 5.00,
 *   taxes 12.80, total 150.80, AOV (240 − 12) / 3 = 76.00.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, apiJson, apiKeyFor } from '../helpers/api';
import { loadInOrder } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';
import { goldenShop, orderBody } from './shop';

let key: string;

beforeAll(async () => {
  key = (await goldenShop()).key;
}, 60_000);

const DECEMBER = 'from=2025-12-01&to=2025-12-31';

describe('GET /v1/analytics/*', () => {
  it('sums a month of sales per channel and recomputes the average order value from the sums', async () => {
    const { status, body } = await apiJson<{ data: Record<string, unknown>[] }>(`/v1/analytics/sales?${DECEMBER}&group_by=month`, key);

    expect(status).toBe(200);
    expect(body.data).toEqual([
      expect.objectContaining({
        period: '2025-12-01',
        channel: 'pos',
        orders: 1,
        gross_sales: '60.00',
        returns: '55.00',
        net_sales: '0.00',
        total_sales: '0.00',
      }),
      expect.objectContaining({
        period: '2025-12-01',
        channel: 'web',
        orders: 3,
        gross_sales: '240.00',
        discounts: '12.00',
        returns: '95.00',
        net_sales: '133.00',
        shipping: '5.00',
        taxes: '12.80',
        total_sales: '150.80',
        average_order_value: '76.00',
      }),
    ]);
  });

  it('filters by channel', async () => {
    const pos = await apiJson<{ data: Record<string, unknown>[] }>(`/v1/analytics/sales?${DECEMBER}&group_by=month&channel=pos`, key);

    expect(pos.body.data.map((r) => [r.channel, r.orders, r.average_order_value])).toEqual([['pos', 1, '55.00']]);
  });

  it('sums the whole range into one period per product, its title beside it', async () => {
    const { body } = await apiJson<{ data: Record<string, unknown>[] }>(`/v1/analytics/products?${DECEMBER}&group_by=range`, key);

    // Beanie: sold 2 + 1 + 1 = 4 for 100 + 50 + 50 = 200.00 less 10.00; 2 returned for 50 + 45 = 95.00;
    // cost 40 + 20 + 22 − 22 − 20 = 40.00. Socks: 5 sold for 100.00 less 7.00, 3 returned for 55.00, cost 40 − 24 = 16.00.
    expect(body.data.map((r) => [r.period, r.variant_id, r.product_title, r.units_sold, r.units_returned, r.net_sales, r.cost_of_goods])).toEqual([
      ['2025-12-01', '7101', 'Merino Beanie', 4, 2, '95.00', '40.00'],
      ['2025-12-01', '7102', 'Wool Socks', 5, 3, '38.00', '16.00'],
    ]);
  });

  it('answers every report for a range', async () => {
    for (const report of ['sales', 'products', 'customers', 'cohorts', 'inventory', 'discounts', 'channels', 'funnel', 'fulfillment']) {
      const { status, body } = await apiJson<{ report: string; data: unknown[] }>(`/v1/analytics/${report}?${DECEMBER}`, key);
      expect([report, status]).toEqual([report, 200]);
      expect(body.report).toBe(report);
      expect(body.data.length).toBeGreaterThan(0);
    }
  });

  it('returns the same rows as CSV', async () => {
    const response = await api(`/v1/analytics/discounts?${DECEMBER}&format=csv`, key);

    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe(
      [
        'period,discount,method,orders,gross_sales,discount_amount,net_sales,new_customers',
        '2025-12-01,SAVE10,code,1,120.00,12.00,63.00,1',
        '2025-12-02,FREESHIP,code,1,70.00,8.00,70.00,0',
        '2025-12-02,Holiday,automatic,1,60.00,5.00,0.00,0',
        '',
      ].join('\n'),
    );
  });

  it('pages a daily report in period and key order, a custom item (no product) first in its day', async () => {
    const shop = uniqueShop();
    const custom = JSON.parse(
      orderBody({
        id: 1201,
        processedAt: '2025-12-02T10:00:00+13:00',
        channel: 'web',
        lines: [
          { id: 12011, variant: 'V2', quantity: 1, price: '20.00' },
          { id: 12012, variant: 'V1', quantity: 1, price: '50.00' },
        ],
        tax: '0.00',
        total: '95.00',
      }),
    );
    custom.line_items.push({
      ...custom.line_items[0],
      id: 12013,
      product_id: null,
      variant_id: null,
      sku: null,
      title: 'Engraving',
      name: 'Engraving',
      price: '25.00',
    });
    const beanie = orderBody({
      id: 1202,
      processedAt: '2025-12-01T10:00:00+13:00',
      channel: 'web',
      lines: [{ id: 12021, variant: 'V1', quantity: 2, price: '50.00' }],
      tax: '0.00',
      total: '100.00',
    });
    await loadInOrder(shop, [
      { topic: 'orders/create', body: JSON.stringify(custom) },
      { topic: 'orders/create', body: beanie },
    ]);
    const shopKey = (await apiKeyFor(shop)).key;

    type Page = { data: Record<string, unknown>[]; nextCursor: string | null };
    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: Page } = await apiJson<Page>(
        `/v1/analytics/products?${DECEMBER}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        shopKey,
      );
      expect(status).toBe(200);
      pages.push(body.data.map((r) => [r.period, r.variant_id, r.gross_sales]));
      cursor = body.nextCursor;
    } while (cursor);

    expect(pages).toEqual([
      [
        ['2025-12-01', '7101', '100.00'],
        ['2025-12-02', null, '25.00'],
      ],
      [
        ['2025-12-02', '7101', '50.00'],
        ['2025-12-02', '7102', '20.00'],
      ],
    ]);
  });

  it('refuses a cursor it did not give, as problem+json', async () => {
    const forged = btoa(JSON.stringify(['2025-12-01', "1' or '1'='1", '7101'])).replaceAll('=', '');
    const response = await api(`/v1/analytics/products?${DECEMBER}&cursor=${forged}`, key);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await response.json())).toContain('query.cursor');
  });

  it('shows another shop’s key nothing of this shop', async () => {
    const other = (await apiKeyFor(uniqueShop())).key;

    const { status, body } = await apiJson<{ data: unknown[] }>(`/v1/analytics/sales?${DECEMBER}`, other);

    expect(status).toBe(200);
    expect(body.data).toEqual([]);
  });

  it('refuses a range that ends before it starts, as problem+json naming the parameter', async () => {
    const response = await api('/v1/analytics/sales?from=2025-12-31&to=2025-12-01', key);

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await response.json())).toContain('query.to');
  });

  it('refuses a filter the report does not take', async () => {
    const response = await api(`/v1/analytics/funnel?${DECEMBER}&channel=web`, key);

    expect(response.status).toBe(400);
  });
});
