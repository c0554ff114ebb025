/**
 * Shopify's documented discounted order (the REST reference's order 450789469, source in
 * tests/fixtures/shopify/2026-01/rest/README.md), delivered unchanged as orders/create through the
 * real pipeline, with the discount rows it must leave. The webhook samples' orders carry no
 * discount application, so this is the documented payload that proves the mapping.
 *
 * By hand, from the payload:
 *   discount_applications[0]: discount_code "TENOFF", value "10.0" fixed_amount, allocation "across",
 *     target_selection "all", target_type "line_item"; no title, no description.
 *   line 466157049: 199.00 × 1, allocated 3.34 by application 0
 *   line 518995019: 199.00 × 1, allocated 3.33 by application 0
 *   line 703073504: 199.00 × 1, allocated 3.33 by application 0
 *   shipping line 369256396 "Free Shipping": 0.00, no allocation → total discount 0
 *   application 0's amount = 3.34 + 3.33 + 3.33 = 10.00
 *   lines + shipping = 10.00 + 0 = 10.00 = total_discounts "10.00": the payload is consistent.
 *   (Its current_total_discounts "3.33" is what is left after lines 466157049 and 703073504 were
 *   refunded: 10.00 − 3.34 − 3.33; Wharf keeps the order's total_discounts, not the current one.)
 * Each line's own total_discount is "0.00": the allocations, not that field, are the line's discount.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import discountedOrder from '../fixtures/shopify/2026-01/rest/order-450789469.json?raw';
import { loadInOrder, tableOf } from '../helpers/topics';
import { quarantineOf, query, rawEventsOf } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function delivered() {
  const shop = uniqueShop();
  await loadInOrder(shop, [{ topic: 'orders/create', body: discountedOrder }]);
  return shop;
}

describe('Shopify’s documented discounted order, delivered as orders/create', () => {
  it('loads cleanly, with the order’s total discounts and code', async () => {
    const shop = await delivered();

    expect(await quarantineOf(shop)).toEqual([]);
    expect((await rawEventsOf(shop)).map((e) => e.status)).toEqual(['loaded']);
    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([
      { order_id: '450789469', name: '#1001', subtotal_price: '597.00', total_discounts: '10.00', total_price: '598.94', discount_codes: 'TENOFF' },
    ]);
  });

  it('gives each line what the application allocated to it, not the line’s own "0.00"', async () => {
    const shop = await delivered();

    const lines = await tableOf('fact_order_line', shop, 'line_item_id');
    expect(lines.map((l) => [l.line_item_id, l.price, l.quantity, l.total_discount])).toEqual([
      ['466157049', '199.00', '1', '3.34'],
      ['518995019', '199.00', '1', '3.33'],
      ['703073504', '199.00', '1', '3.33'],
    ]);
  });

  it('records each allocation against its line and application', async () => {
    const shop = await delivered();

    const allocations = await tableOf('fact_discount_allocation', shop, 'target_id');
    expect(allocations.map((a) => [a.order_id, a.target_type, a.target_id, a.application_index, a.amount])).toEqual([
      ['450789469', 'line_item', '466157049', '0', '3.34'],
      ['450789469', 'line_item', '518995019', '0', '3.33'],
      ['450789469', 'line_item', '703073504', '0', '3.33'],
    ]);
  });

  it('records the code application, its value as a number, and the sum of its allocations', async () => {
    const shop = await delivered();

    expect(await tableOf('fact_order_discount', shop, 'application_index')).toEqual([
      expect.objectContaining({
        order_id: '450789469',
        application_index: '0',
        type: 'discount_code',
        code: 'TENOFF',
        title: null,
        description: null,
        value: '10',
        value_type: 'fixed_amount',
        allocation_method: 'across',
        target_selection: 'all',
        target_type: 'line_item',
        amount: '10.00',
      }),
    ]);
  });

  it('records the free shipping line with no discount', async () => {
    const shop = await delivered();

    expect(await tableOf('fact_shipping_line', shop, 'shipping_line_id')).toEqual([
      expect.objectContaining({
        shipping_line_id: '369256396',
        order_id: '450789469',
        title: 'Free Shipping',
        code: 'Free Shipping',
        source: 'shopify',
        price: '0.00',
        total_discount: '0',
      }),
    ]);
  });

  it('has line and shipping discounts that add up to the order’s total discounts', async () => {
    const shop = await delivered();

    const [sums] = await query<{ lines: string; shipping: string; allocated: string; total: string }>(sql`
      select (select sum(l.total_discount) from fact_order_line l where l.shop_id = o.shop_id and l.order_id = o.order_id)::text as lines,
             (select sum(sl.total_discount) from fact_shipping_line sl where sl.shop_id = o.shop_id and sl.order_id = o.order_id)::text as shipping,
             (select sum(d.amount) from fact_order_discount d where d.shop_id = o.shop_id and d.order_id = o.order_id)::text as allocated,
             o.total_discounts::text as total
      from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(sums).toEqual({ lines: '10.00', shipping: '0', allocated: '10.00', total: '10.00' });
  });
});
