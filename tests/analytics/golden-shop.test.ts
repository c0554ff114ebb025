/**
 * Every mart of the analytics schema on the shop of shop.ts, against figures worked out by hand
 * from its deliveries with Shopify's sales-report definitions (docs/analytics.md).
 *
 * The shop (Pacific/Auckland, UTC+13 in December; amounts in USD):
 *   #1001 12-01 23:30 web, customer 5001 (first order): beanie 2 × 50.00, socks 1 × 20.00; code
 *         SAVE10 takes 10.00 + 2.00; shipping 10.00; tax 10.80. Fulfilled 24 h later.
 *         Refund 901 on 12-06 09:00: 1 beanie, subtotal 45.00 (50.00 less its 5.00 discount share),
 *         tax 4.50, shipping 5.00 with 0.50 tax.
 *   #1002 12-02 01:30 pos (12-01 12:30 UTC: another day in UTC), customer 5001 again: socks 3 ×
 *         20.00, automatic "Holiday" 5.00; a gift card 25.00 (not a sale); tax 5.50. Fulfilled
 *         36 h later. Refund 902 on 12-06 23:00: the 3 socks, subtotal 55.00, tax 5.50.
 *   #1003 12-02 22:00 web, guest: beanie 1 × 50.00; shipping 8.00 taken off by code FREESHIP;
 *         tax 5.00; edited at 23:00 the same day to add socks 1 × 20.00 (tax 7.00 in all).
 *   #1004 12-03 15:00 web, customer 5002 (first order), paid in EUR: beanie 1 × 50.00, shipping
 *         10.00, tax 6.00. Cancelled 12-04 14:00 and refunded whole (904: 50.00, tax 6.00,
 *         shipping 10.00).
 *   #1007 two days ago, web, guest: beanie 2 × 50.00. #1008: a test order (left out everywhere).
 *   Unit costs: beanie 20.00, 22.00 from 12-03 01:00; socks 8.00.
 *   Stock at location 9001: beanie 5 (since 40 days ago); socks 4 ten days ago, 0 three days ago.
 *   Checkouts: 601 started 12-01 23:00, completed; 602 started 12-02 00:30, abandoned; 603 started
 *   12-02 21:00, completed.
 *   Uploads: two retail files of one source that share a line (3 distinct lines on 2010-12-01).
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildProductDays } from '../../src/warehouse/product-days';
import { quarantineOf, query, withDb } from '../helpers/warehouse';
import { aucklandDaysAgo, goldenShop } from './shop';

let shop: string;

beforeAll(async () => {
  shop = (await goldenShop()).shop;
}, 60_000);

/** A mart's rows for the shop, as JSON (numbers as numbers), without the shop id. */
async function mart(view: string, orderBy: string) {
  const rows = await query<{ row: Record<string, unknown> }>(sql`
    select to_jsonb(t) - 'shop_id' as row from ${sql.identifier('analytics')}.${sql.identifier(view)} t
    join dim_shop s using (shop_id) where s.domain = ${shop} order by ${sql.raw(orderBy)}`);
  return rows.map((r) => r.row);
}

const recent = aucklandDaysAgo(2).date;
const today = aucklandDaysAgo(0).date;
const daysSince = (date: string) => (Date.parse(today) - Date.parse(date)) / 86_400_000;

const ZERO = { duties: 0, additional_fees: 0 };
const sale = { units_returned: 0, returns: 0, presentment_currencies: [] };
const refundDay = {
  orders: 0,
  units_sold: 0,
  gross_sales: 0,
  discounts: 0,
  average_order_value: null,
  new_customer_orders: 0,
  returning_customer_orders: 0,
  guest_orders: 0,
  presentment_currencies: [],
};

describe('the analytics marts of a hand-computed shop', () => {
  it('loads every delivery cleanly', async () => {
    expect(await quarantineOf(shop)).toEqual([]);
  });

  it('sales_daily: Shopify’s sales report per shop-local day and channel', async () => {
    expect(await mart('sales_daily', 'date, channel')).toEqual([
      // #1001: 120.00 gross, 12.00 off; net 108.00; + 10.00 shipping + 10.80 tax = 128.80.
      {
        date: '2025-12-01',
        channel: 'web',
        currency: 'USD',
        orders: 1,
        units_sold: 3,
        gross_sales: 120,
        discounts: 12,
        net_sales: 108,
        shipping: 10,
        taxes: 10.8,
        total_sales: 128.8,
        average_order_value: 108,
        new_customer_orders: 1,
        returning_customer_orders: 0,
        guest_orders: 0,
        ...sale,
        ...ZERO,
      },
      // #1002 (the gift card left out): 60.00 − 5.00 = 55.00; + 5.50 tax = 60.50.
      {
        date: '2025-12-02',
        channel: 'pos',
        currency: 'USD',
        orders: 1,
        units_sold: 3,
        gross_sales: 60,
        discounts: 5,
        net_sales: 55,
        shipping: 0,
        taxes: 5.5,
        total_sales: 60.5,
        average_order_value: 55,
        new_customer_orders: 0,
        returning_customer_orders: 1,
        guest_orders: 0,
        ...sale,
        ...ZERO,
      },
      // #1003 as edited: 50.00 + 20.00; shipping 8.00 − 8.00; tax 7.00 → 77.00.
      {
        date: '2025-12-02',
        channel: 'web',
        currency: 'USD',
        orders: 1,
        units_sold: 2,
        gross_sales: 70,
        discounts: 0,
        net_sales: 70,
        shipping: 0,
        taxes: 7,
        total_sales: 77,
        average_order_value: 70,
        new_customer_orders: 0,
        returning_customer_orders: 0,
        guest_orders: 1,
        ...sale,
        ...ZERO,
      },
      // #1004, paid in EUR: 50.00 + 10.00 + 6.00 = 66.00.
      {
        date: '2025-12-03',
        channel: 'web',
        currency: 'USD',
        orders: 1,
        units_sold: 1,
        gross_sales: 50,
        discounts: 0,
        net_sales: 50,
        shipping: 10,
        taxes: 6,
        total_sales: 66,
        average_order_value: 50,
        new_customer_orders: 1,
        returning_customer_orders: 0,
        guest_orders: 0,
        ...sale,
        ...ZERO,
        presentment_currencies: ['EUR'],
      },
      // Its cancellation's refund: −50.00 net, −10.00 shipping, −6.00 tax.
      {
        date: '2025-12-04',
        channel: 'web',
        currency: 'USD',
        ...refundDay,
        units_returned: 1,
        returns: 50,
        net_sales: -50,
        shipping: -10,
        taxes: -6,
        total_sales: -66,
        ...ZERO,
      },
      // Refund 902: −55.00, tax −5.50.
      {
        date: '2025-12-06',
        channel: 'pos',
        currency: 'USD',
        ...refundDay,
        units_returned: 3,
        returns: 55,
        net_sales: -55,
        shipping: 0,
        taxes: -5.5,
        total_sales: -60.5,
        ...ZERO,
      },
      // Refund 901: −45.00, shipping −5.00, tax −4.50 − 0.50.
      {
        date: '2025-12-06',
        channel: 'web',
        currency: 'USD',
        ...refundDay,
        units_returned: 1,
        returns: 45,
        net_sales: -45,
        shipping: -5,
        taxes: -5,
        total_sales: -55,
        ...ZERO,
      },
      {
        date: recent,
        channel: 'web',
        currency: 'USD',
        orders: 1,
        units_sold: 2,
        gross_sales: 100,
        discounts: 0,
        net_sales: 100,
        shipping: 0,
        taxes: 0,
        total_sales: 100,
        average_order_value: 100,
        new_customer_orders: 0,
        returning_customer_orders: 0,
        guest_orders: 1,
        ...sale,
        ...ZERO,
      },
    ]);
  });

  it('product_sales_daily: units, money and cost of goods at the cost of the day', async () => {
    const rows = await mart('product_sales_daily', 'date, variant_id');
    const picked = rows.map((r) => [
      r.date,
      r.variant_id,
      r.units_sold,
      r.units_returned,
      r.gross_sales,
      r.discounts,
      r.returns,
      r.net_sales,
      r.cost_of_goods,
      r.gross_margin,
      r.margin_rate,
      r.return_rate_units,
      r.return_rate_value,
    ]);
    expect(picked).toEqual([
      // beanie 2 × 50 − 10 = 90, cost 2 × 20 = 40, margin 50 (0.5556); socks 20 − 2 = 18, cost 8, margin 10.
      ['2025-12-01', 7101, 2, 0, 100, 10, 0, 90, 40, 50, 0.5556, 0, 0],
      ['2025-12-01', 7102, 1, 0, 20, 2, 0, 18, 8, 10, 0.5556, 0, 0],
      // #1003's beanie before the cost rose (20.00); socks: 3 of #1002 and 1 of #1003, 80 − 5 = 75, cost 32.
      ['2025-12-02', 7101, 1, 0, 50, 0, 0, 50, 20, 30, 0.6, 0, 0],
      ['2025-12-02', 7102, 4, 0, 80, 5, 0, 75, 32, 43, 0.5733, 0, 0],
      // #1004's beanie at 22.00, then its return.
      ['2025-12-03', 7101, 1, 0, 50, 0, 0, 50, 22, 28, 0.56, 0, 0],
      ['2025-12-04', 7101, 0, 1, 0, 0, 50, -50, -22, -28, 0.56, null, null],
      // Returns at the cost of their sale: #1001's beanie (20.00), #1002's 3 socks (24.00).
      ['2025-12-06', 7101, 0, 1, 0, 0, 45, -45, -20, -25, 0.5556, null, null],
      ['2025-12-06', 7102, 0, 3, 0, 0, 55, -55, -24, -31, 0.5636, null, null],
      [recent, 7101, 2, 0, 100, 0, 0, 100, 44, 56, 0.56, 0, 0],
    ]);
    expect(rows.every((r) => r.units_without_cost === null)).toBe(true);
  });

  it('product_sales_daily: the same rows once the days the loads marked are kept', async () => {
    const computed = await mart('product_sales_daily', 'date, variant_id');
    const [row] = await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`);
    const shopId = row!.shop_id;

    while ((await withDb((db) => rebuildProductDays(db, shopId))) > 0);

    expect(await query(sql`select date from product_day_pending where shop_id = ${shopId}`)).toEqual([]);
    expect(await query(sql`select count(*)::integer as days from fact_product_day where shop_id = ${shopId}`)).toEqual([{ days: computed.length }]);
    expect(await mart('product_sales_daily', 'date, variant_id')).toEqual(computed);
  });

  it('customers: history, RFM and segment, lifetime value', async () => {
    expect(await mart('customers', 'customer_id')).toEqual([
      {
        customer_id: 5001,
        first_order_at: expect.any(String),
        last_order_at: expect.any(String),
        orders: 2,
        units: 6,
        // #1001: 108 − 45; #1002: 55 − 55.
        net_revenue: 63,
        average_order_value: 31.5,
        average_days_between_orders: 1,
        days_since_last_order: daysSince('2025-12-02'),
        is_repeat: true,
        cohort_month: '2025-12-01',
        // Two customers: the lower percent rank (0) scores 1, the higher (1) scores 5.
        recency_score: 1,
        frequency_score: 5,
        monetary_score: 5,
        segment: 'at_risk',
        // A year since the last order is more than twice the usual day: no projection.
        clv_estimate: 63,
      },
      {
        customer_id: 5002,
        first_order_at: expect.any(String),
        last_order_at: expect.any(String),
        orders: 1,
        units: 1,
        net_revenue: 0,
        average_order_value: 0,
        average_days_between_orders: null,
        days_since_last_order: daysSince('2025-12-03'),
        is_repeat: false,
        cohort_month: '2025-12-01',
        recency_score: 5,
        frequency_score: 1,
        monetary_score: 1,
        segment: 'new',
        clv_estimate: 0,
      },
    ]);
  });

  it('customers: first and last orders at their processing instants', async () => {
    const rows = await mart('customers', 'customer_id');
    expect(rows.map((r) => [new Date(String(r.first_order_at)).toISOString(), new Date(String(r.last_order_at)).toISOString()])).toEqual([
      ['2025-12-01T10:30:00.000Z', '2025-12-01T12:30:00.000Z'],
      ['2025-12-03T02:00:00.000Z', '2025-12-03T02:00:00.000Z'],
    ]);
  });

  it('cohorts_monthly: both customers in December’s cohort, and what they are worth', async () => {
    expect(await mart('cohorts_monthly', 'cohort_month, months_since_first_order')).toEqual([
      { cohort_month: '2025-12-01', months_since_first_order: 0, cohort_customers: 2, customers: 2, retention_rate: 1, net_revenue: 63 },
    ]);
  });

  it('inventory_position: stock, pace, cover and stockout days', async () => {
    expect(await mart('inventory_position', 'inventory_item_id')).toEqual([
      // 2 beanies in 28 days: 5 / (2 / 28) = 70 days; 2 / 7 = 0.2857; 2 × 365 / 28 / 5 = 5.21.
      {
        inventory_item_id: 8001,
        location_id: 9001,
        variant_id: 7101,
        product_id: 7001,
        sku: 'BEANIE',
        location_name: null,
        on_hand: 5,
        item_on_hand: 5,
        units_sold_28d: 2,
        days_of_cover: 70,
        sell_through_28d: 0.2857,
        stockout_days_28d: 0,
        turnover_annualized: 5.21,
        unit_cost: 22,
        stock_value: 110,
      },
      // Socks at 0 since three days ago: today and the three days before.
      {
        inventory_item_id: 8002,
        location_id: 9001,
        variant_id: 7102,
        product_id: 7002,
        sku: 'SOCKS',
        location_name: null,
        on_hand: 0,
        item_on_hand: 0,
        units_sold_28d: 0,
        days_of_cover: null,
        sell_through_28d: null,
        stockout_days_28d: 4,
        turnover_annualized: null,
        unit_cost: 8,
        stock_value: 0,
      },
    ]);
  });

  it('discounts: per code and automatic discount, with the orders they brought', async () => {
    expect(await mart('discounts', 'date, discount')).toEqual([
      // #1001: 120 gross, 12 off, net after its refund 63, a first order.
      { date: '2025-12-01', discount: 'SAVE10', method: 'code', orders: 1, gross_sales: 120, discount_amount: 12, net_sales: 63, new_customers: 1 },
      // #1003: free shipping (8.00) on 70.00 of goods.
      { date: '2025-12-02', discount: 'FREESHIP', method: 'code', orders: 1, gross_sales: 70, discount_amount: 8, net_sales: 70, new_customers: 0 },
      // #1002: all returned.
      { date: '2025-12-02', discount: 'Holiday', method: 'automatic', orders: 1, gross_sales: 60, discount_amount: 5, net_sales: 0, new_customers: 0 },
    ]);
  });

  it('channel_sales_daily: Shopify and uploads together, a line in two overlapping uploads counted once', async () => {
    const rows = await mart('channel_sales_daily', 'date, source, channel');
    expect(rows[0]).toEqual(
      // 6 × 2.55 + 6 × 3.39 = 35.64 sold, one discount line of 27.50 returned.
      {
        date: '2010-12-01',
        source: 'upload',
        channel: 'retail',
        currency: '',
        orders: 1,
        units: 11,
        gross_sales: 35.64,
        discounts: 0,
        returns: 27.5,
        net_sales: 8.14,
      },
    );
    expect(rows.slice(1).map((r) => [r.date, r.source, r.channel, r.orders, r.units, r.net_sales])).toEqual([
      ['2025-12-01', 'shopify', 'web', 1, 3, 108],
      ['2025-12-02', 'shopify', 'pos', 1, 3, 55],
      ['2025-12-02', 'shopify', 'web', 1, 2, 70],
      ['2025-12-03', 'shopify', 'web', 1, 1, 50],
      ['2025-12-04', 'shopify', 'web', 0, -1, -50],
      ['2025-12-06', 'shopify', 'pos', 0, -3, -55],
      ['2025-12-06', 'shopify', 'web', 0, -1, -45],
      [recent, 'shopify', 'web', 1, 2, 100],
    ]);
  });

  it('checkout_funnel_daily: started, completed and abandoned by the shop-local day they started', async () => {
    expect(await mart('checkout_funnel_daily', 'date')).toEqual([
      { date: '2025-12-01', checkouts_started: 1, checkouts_completed: 1, checkouts_abandoned: 0, conversion_rate: 1, abandonment_rate: 0 },
      { date: '2025-12-02', checkouts_started: 2, checkouts_completed: 1, checkouts_abandoned: 1, conversion_rate: 0.5, abandonment_rate: 0.5 },
    ]);
  });

  it('fulfillment_daily: hours to the first fulfillment, cancelled orders left out', async () => {
    expect(await mart('fulfillment_daily', 'date')).toEqual([
      {
        date: '2025-12-01',
        orders: 1,
        fulfilled_orders: 1,
        hours_to_fulfill_p50: 24,
        hours_to_fulfill_p90: 24,
        fulfilled_within_24h: 1,
        fulfilled_within_48h: 1,
        share_fulfilled_within_24h: 1,
        share_fulfilled_within_48h: 1,
      },
      {
        date: '2025-12-02',
        orders: 2,
        fulfilled_orders: 1,
        hours_to_fulfill_p50: 36,
        hours_to_fulfill_p90: 36,
        fulfilled_within_24h: 0,
        fulfilled_within_48h: 1,
        share_fulfilled_within_24h: 0,
        share_fulfilled_within_48h: 0.5,
      },
      {
        date: recent,
        orders: 1,
        fulfilled_orders: 0,
        hours_to_fulfill_p50: null,
        hours_to_fulfill_p90: null,
        fulfilled_within_24h: 0,
        fulfilled_within_48h: 0,
        share_fulfilled_within_24h: 0,
        share_fulfilled_within_48h: 0,
      },
    ]);
  });
});
