/**
 * fact_product_day: the days a load changes are marked, analytics.product_sales_daily computes
 * marked days from the lines, and keeping them changes no figure. Expected figures worked out by
 * hand (USD, shop in Auckland, UTC+13 in summer):
 *
 *   Beanie (variant 7101, inventory item 8001) at 50.00; socks (7102, item 8002) at 20.00.
 *   #1201 2025-11-20 10:00: beanie × 2 (gross 100.00). #1202 2025-12-03 10:00: beanie × 1 (50.00).
 *   Refund 9201 on 2025-12-10: one beanie of #1201, subtotal 50.00.
 *   Beanie's unit cost 20.00 from 2025-11-01; a version of 30.00 from 2025-12-01 arrives last.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadWarehouseRows } from '../../src/warehouse/load-rows';
import { rebuildProductDays } from '../../src/warehouse/product-days';
import { at, ITEM_V1, inventoryItemBody, orderBody, productBody, refundBody, shopBody } from '../analytics/shop';
import { rowsOf } from '../helpers/delivery-rows';
import { runCron } from '../helpers/pipeline';
import { type Delivery, loadInOrder } from '../helpers/topics';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const shopUpdate: Delivery = { topic: 'shop/update', body: shopBody() };
const beanieProduct: Delivery = { topic: 'products/create', body: productBody('V1', '50.00', ITEM_V1) };
const beanieCost = (cost: string, from: string): Delivery => ({ topic: 'inventory_items/update', body: inventoryItemBody(ITEM_V1, 'BEANIE', cost, at(from)) });
const beanieOrder = (id: number, processedAt: string, quantity: number): Delivery => ({
  topic: 'orders/create',
  body: orderBody({
    id,
    processedAt: at(processedAt),
    channel: 'web',
    lines: [{ id: id * 10 + 1, variant: 'V1', quantity, price: '50.00' }],
    tax: '0.00',
    total: (50 * quantity).toFixed(2),
  }),
});
const beanieRefund: Delivery = {
  topic: 'refunds/create',
  body: refundBody({
    id: 9201,
    orderId: 1201,
    processedAt: at('12-10 10:00'),
    lines: [{ id: 92011, lineItemId: 12011, quantity: 1, subtotal: '50.00', tax: '0.00' }],
  }),
};

async function shopIdOf(shop: string) {
  const [row] = await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`);
  return row!.shop_id;
}

async function pendingDays(shop: string) {
  const rows = await query<{ date: string }>(sql`
    select distinct to_char(p.date, 'YYYY-MM-DD') as date from product_day_pending p join dim_shop s using (shop_id) where s.domain = ${shop} order by 1`);
  return rows.map((r) => r.date);
}

/** The shop's product days as the mart shows them: date, variant, units sold and returned, net sales, cost of goods, units without cost. */
async function productDays(shop: string) {
  const rows = await query<{ row: unknown[] }>(sql`
    select jsonb_build_array(to_char(m.date, 'YYYY-MM-DD'), m.variant_id, m.units_sold, m.units_returned, m.net_sales::text, m.cost_of_goods::text, m.units_without_cost) as row
    from analytics.product_sales_daily m join dim_shop s using (shop_id) where s.domain = ${shop} order by m.date, m.variant_id`);
  return rows.map((r) => r.row);
}

async function keptDays(shop: string) {
  const rows = await query<{ date: string }>(sql`
    select to_char(k.date, 'YYYY-MM-DD') as date from fact_product_day k join dim_shop s using (shop_id) where s.domain = ${shop} order by 1`);
  return rows.map((r) => r.date);
}

async function keep(shop: string) {
  const shopId = await shopIdOf(shop);
  return withDb((db) => rebuildProductDays(db, shopId));
}

const catalog = [shopUpdate, beanieCost('20.00', '11-01 09:00'), beanieProduct];

describe("a day's product sales, kept after the loads that change it", () => {
  it('marks the days of the orders and refunds a load touches, and shows them computed from the lines', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...catalog, beanieOrder(1201, '11-20 10:00', 2), beanieRefund]);

    expect(await pendingDays(shop)).toEqual(['2025-11-20', '2025-12-10']);
    expect(await keptDays(shop)).toEqual([]);
    expect(await productDays(shop)).toEqual([
      ['2025-11-20', 7101, 2, 0, '100.00', '40.00', null],
      ['2025-12-10', 7101, 0, 1, '-50.00', '-20.00', null],
    ]);
  });

  it('keeps the marked days with the same figures, and drops their marks', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...catalog, beanieOrder(1201, '11-20 10:00', 2), beanieRefund]);
    const computed = await productDays(shop);

    expect(await keep(shop)).toBe(2);
    expect(await pendingDays(shop)).toEqual([]);
    expect(await keptDays(shop)).toEqual(['2025-11-20', '2025-12-10']);
    expect(await productDays(shop)).toEqual(computed);
  });

  it('reprices the days sold since a cost version that arrives after the sales', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...catalog, beanieOrder(1201, '11-20 10:00', 2), beanieOrder(1202, '12-03 10:00', 1), beanieRefund]);
    await keep(shop);

    await loadInOrder(shop, [beanieCost('30.00', '12-01 00:00')]);

    // #1202 was ordered after the new version; #1201, and so its refund, before it.
    expect(await pendingDays(shop)).toEqual(['2025-12-03']);
    await keep(shop);
    expect(await productDays(shop)).toEqual([
      ['2025-11-20', 7101, 2, 0, '100.00', '40.00', null],
      ['2025-12-03', 7101, 1, 0, '50.00', '30.00', null],
      ['2025-12-10', 7101, 0, 1, '-50.00', '-20.00', null],
    ]);
  });

  it('prices the sales of a variant that arrives after them', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [shopUpdate, beanieCost('20.00', '11-01 09:00'), beanieOrder(1201, '11-20 10:00', 2), beanieRefund]);
    await keep(shop);
    expect(await productDays(shop)).toEqual([
      ['2025-11-20', 7101, 2, 0, '100.00', null, 2],
      ['2025-12-10', 7101, 0, 1, '-50.00', null, -1],
    ]);

    await loadInOrder(shop, [beanieProduct]);

    expect(await pendingDays(shop)).toEqual(['2025-11-20', '2025-12-10']);
    await keep(shop);
    expect(await productDays(shop)).toEqual([
      ['2025-11-20', 7101, 2, 0, '100.00', '40.00', null],
      ['2025-12-10', 7101, 0, 1, '-50.00', '-20.00', null],
    ]);
  });

  it("leaves the mark of a load still running for the next rebuild, so the load's sales still show", async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...catalog, beanieOrder(1201, '11-20 10:00', 2)]);
    await keep(shop);
    let releaseLoad!: () => void;
    const loadMayCommit = new Promise<void>((resolve) => {
      releaseLoad = resolve;
    });
    let loaded!: () => void;
    const hasLoaded = new Promise<void>((resolve) => {
      loaded = resolve;
    });
    const load = withDb((db) =>
      db.transaction(async (tx) => {
        await loadWarehouseRows(tx, rowsOf(shop, beanieOrder(1203, '11-20 18:00', 1)));
        loaded();
        await loadMayCommit;
      }),
    );
    await Promise.race([hasLoaded, load]);

    // The rebuild cannot see the running load's mark, and keeps nothing.
    expect(await keep(shop)).toBe(0);
    releaseLoad();
    await load;

    expect(await pendingDays(shop)).toEqual(['2025-11-20']);
    expect(await productDays(shop)).toEqual([['2025-11-20', 7101, 3, 0, '150.00', '60.00', null]]);
    await keep(shop);
    expect(await productDays(shop)).toEqual([['2025-11-20', 7101, 3, 0, '150.00', '60.00', null]]);
  });

  it('keeps every marked day of every shop every five minutes', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...catalog, beanieOrder(1201, '11-20 10:00', 2), beanieRefund]);

    await runCron('*/5 * * * *');

    expect(await pendingDays(shop)).toEqual([]);
    expect(await keptDays(shop)).toEqual(['2025-11-20', '2025-12-10']);
  });
});
