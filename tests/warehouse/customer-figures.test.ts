/**
 * fact_customer_lifetime and fact_customer_month, kept by every load: a customer's orders net of
 * their returns, with expected figures worked out by hand from the deliveries (USD, shop in
 * Auckland, UTC+13 in summer).
 *
 *   #1101 2025-11-20 10:00, customer 5101: beanie 2 × 50.00 (gross 100.00, 2 units).
 *   #1102 2025-12-03 10:00, customer 5101: socks 1 × 20.00 (gross 20.00, 1 unit).
 *   Refund 9101 on 2025-12-10: one beanie of #1101, subtotal 50.00: charged to #1101, so to November.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { refreshMarkedCustomerFigures } from '../../src/warehouse/customer-figures';
import { loadWarehouseRows } from '../../src/warehouse/load-rows';
import { orderBody, refundBody } from '../analytics/shop';
import { rowsOf } from '../helpers/delivery-rows';
import { runCron } from '../helpers/pipeline';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const customer = (id: number, updatedAt = '2025-11-01T09:00:00+13:00') => ({ id, updatedAt });
const beanies = { id: 1101, processedAt: '2025-11-20T10:00:00+13:00', channel: 'web', tax: '0.00', total: '100.00' };
const socks = { id: 1102, processedAt: '2025-12-03T10:00:00+13:00', channel: 'web', tax: '0.00', total: '20.00' };
const beanieLines = [{ id: 11011, variant: 'V1' as const, quantity: 2, price: '50.00' }];
const sockLines = [{ id: 11021, variant: 'V2' as const, quantity: 1, price: '20.00' }];

const order = (spec: typeof beanies, lines: typeof beanieLines | typeof sockLines, customerId: number, updatedAt?: string) => ({
  topic: updatedAt ? 'orders/updated' : 'orders/create',
  body: orderBody({ ...spec, lines, customer: customer(customerId), updatedAt }),
});
const beanieRefund = {
  topic: 'refunds/create',
  body: refundBody({
    id: 9101,
    orderId: 1101,
    processedAt: '2025-12-10T10:00:00+13:00',
    lines: [{ id: 91011, lineItemId: 11011, quantity: 1, subtotal: '50.00', tax: '0.00' }],
  }),
};

async function lifetimes(shop: string) {
  return query<Record<string, unknown>>(sql`
    select l.customer_id::text, l.orders, l.units::integer, l.net_revenue::text, to_char(l.first_order_date, 'YYYY-MM-DD') as first, to_char(l.last_order_date, 'YYYY-MM-DD') as last
    from fact_customer_lifetime l join dim_shop s using (shop_id) where s.domain = ${shop} order by l.customer_id`);
}

async function months(shop: string) {
  return query<Record<string, unknown>>(sql`
    select m.customer_id::text, to_char(m.month, 'YYYY-MM') as month, m.orders, m.units::integer, m.net_sales::text
    from fact_customer_month m join dim_shop s using (shop_id) where s.domain = ${shop} order by m.customer_id, m.month`);
}

describe("a customer's figures, kept at load", () => {
  it('sums orders per month of the shop, with a later refund charged to its order’s month', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [order(beanies, beanieLines, 5101), order(socks, sockLines, 5101), beanieRefund]);

    expect(await months(shop)).toEqual([
      { customer_id: '5101', month: '2025-11', orders: 1, units: 2, net_sales: '50.00' },
      { customer_id: '5101', month: '2025-12', orders: 1, units: 1, net_sales: '20.00' },
    ]);
    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 2, units: 3, net_revenue: '70.00', first: '2025-11-20', last: '2025-12-03' }]);
  });

  it('is the same whatever order the deliveries arrive in, and after replays', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [beanieRefund, order(socks, sockLines, 5101), order(beanies, beanieLines, 5101), beanieRefund, order(socks, sockLines, 5101)]);

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 2, units: 3, net_revenue: '70.00', first: '2025-11-20', last: '2025-12-03' }]);
  });

  it('moves an order to the customer it was given to', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [order(beanies, beanieLines, 5101), order(socks, sockLines, 5101), order(socks, sockLines, 5102, '2025-12-04T10:00:00+13:00')]);

    expect(await lifetimes(shop)).toEqual([
      { customer_id: '5101', orders: 1, units: 2, net_revenue: '100.00', first: '2025-11-20', last: '2025-11-20' },
      { customer_id: '5102', orders: 1, units: 1, net_revenue: '20.00', first: '2025-12-03', last: '2025-12-03' },
    ]);
  });

  it('forgets a customer whose only order was deleted', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      order(socks, sockLines, 5102),
      order(beanies, beanieLines, 5101),
      { topic: 'orders/delete', body: sample('orders-delete', { '820982911946154508': '1102' }) },
    ]);

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 1, units: 2, net_revenue: '100.00', first: '2025-11-20', last: '2025-11-20' }]);
    expect(await months(shop)).toEqual([{ customer_id: '5101', month: '2025-11', orders: 1, units: 2, net_sales: '100.00' }]);
  });

  it('counts both orders, and both versions of the customer, when two loads of one customer run at once', async () => {
    const shop = uniqueShop();
    // Load the shop row first, so that neither transaction creates it.
    await loadInOrder(shop, [order(beanies, beanieLines, 5100)]);
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstLoaded!: () => void;
    const firstHasLoaded = new Promise<void>((resolve) => {
      firstLoaded = resolve;
    });
    const first = withDb((db) =>
      db.transaction(async (tx) => {
        await loadWarehouseRows(tx, rowsOf(shop, order(beanies, beanieLines, 5101, '2025-11-21T10:00:00+13:00')));
        firstLoaded();
        await firstMayCommit;
      }),
    );
    await Promise.race([firstHasLoaded, first]);
    // The second load shares no row with the first but the customer's (another channel, another
    // version of the customer), and reaches the customer while the first holds it uncommitted.
    const atPos = {
      topic: 'orders/create',
      body: orderBody({ ...socks, channel: 'pos', lines: sockLines, customer: customer(5101, '2025-12-01T09:00:00+13:00') }),
    };
    const second = withDb((db) => db.transaction((tx) => loadWarehouseRows(tx, rowsOf(shop, atPos))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    releaseFirst();
    await Promise.all([first, second]);

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 2, units: 3, net_revenue: '120.00', first: '2025-11-20', last: '2025-12-03' }]);
    // Both versions hold the same attributes: one span, as new as the later version.
    expect(
      await query(sql`
        select to_json(d.valid_from) #>> '{}' as valid_from, to_json(d.updated_at) #>> '{}' as updated_at, d.is_current
        from dim_customer d join dim_shop s using (shop_id) where s.domain = ${shop} and d.customer_id = 5101`),
    ).toEqual([{ valid_from: '2025-10-31T20:00:00+00:00', updated_at: '2025-11-30T20:00:00+00:00', is_current: true }]);
  });
});

describe("a customer's figures, kept after a resync's pages", () => {
  /** The customer and the November order as a webhook load gave them, then a resync page with the December order and the refund. */
  async function pageLoaded(shop: string) {
    await withDb((db) => db.transaction((tx) => loadWarehouseRows(tx, rowsOf(shop, order(beanies, beanieLines, 5101)))));
    await withDb((db) =>
      db.transaction(async (tx) => {
        await loadWarehouseRows(tx, rowsOf(shop, order(socks, sockLines, 5101)), { deferCustomerFigures: true });
        await loadWarehouseRows(tx, rowsOf(shop, beanieRefund), { deferCustomerFigures: true });
      }),
    );
  }

  const marks = (shop: string) =>
    query<{ customer_id: string }>(sql`
      select p.customer_id::text from customer_figures_pending p join dim_shop s using (shop_id) where s.domain = ${shop} order by p.id`);

  it('leaves the customers a page touched marked, and their figures as they were', async () => {
    const shop = uniqueShop();
    await pageLoaded(shop);

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 1, units: 2, net_revenue: '100.00', first: '2025-11-20', last: '2025-11-20' }]);
    // One mark for the December order's customer, one for the refunded order's.
    expect(await marks(shop)).toEqual([{ customer_id: '5101' }, { customer_id: '5101' }]);
  });

  it('refreshes each marked customer once, to the figures the webhooks give, and drops the marks', async () => {
    const shop = uniqueShop();
    await pageLoaded(shop);
    const [{ shop_id: shopId }] = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)) as [{ shop_id: number }];

    expect(await withDb((db) => refreshMarkedCustomerFigures(db, shopId))).toBe(2);
    expect(await withDb((db) => refreshMarkedCustomerFigures(db, shopId))).toBe(0);

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 2, units: 3, net_revenue: '70.00', first: '2025-11-20', last: '2025-12-03' }]);
    expect(await marks(shop)).toEqual([]);
  });

  it('refreshes every five minutes the marks of a shop with no resync at work (one that failed left them)', async () => {
    const shop = uniqueShop();
    await pageLoaded(shop);

    await runCron('*/5 * * * *');

    expect(await lifetimes(shop)).toEqual([{ customer_id: '5101', orders: 2, units: 3, net_revenue: '70.00', first: '2025-11-20', last: '2025-12-03' }]);
    expect(await marks(shop)).toEqual([]);
  });
});
