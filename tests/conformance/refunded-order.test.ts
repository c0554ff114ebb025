/**
 * Shopify's documented refunds of its documented order 450789469 (sources in
 * tests/fixtures/shopify/2026-01/rest/README.md), delivered unchanged as refunds/create after the
 * order, with what each refund gave back: the figures the sales report's returns, shipping and
 * taxes are made of.
 *
 * By hand, from the payloads:
 *   refund 509562969: lines 703073504 (subtotal 195.66, tax 3.98) and 466157049 (195.67, 3.98);
 *     refund_shipping_lines [], no order adjustment → shipping refunded 0, its tax 0;
 *     total_duties_set 0.00, total_additional_fees_set 0.00.
 *   refund 929361471: no line; refund_shipping_lines [subtotal 5.00, no tax_amount_set] and the
 *     same shipping as a "shipping_refund" adjustment of −5.00 (tax 0.00) → shipping refunded 5.00,
 *     not 10.00; its tax 0; order adjustments −5.00.
 *   the order: lines 199.00 × 1 each, none a gift card; original_total_duties_set and
 *     original_total_additional_fees_set absent → null.
 */
import { describe, expect, it } from 'vitest';
import order from '../fixtures/shopify/2026-01/rest/order-450789469.json?raw';
import lineRefund from '../fixtures/shopify/2026-01/rest/refund-509562969.json?raw';
import shippingRefund from '../fixtures/shopify/2026-01/rest/refund-929361471.json?raw';
import { loadInOrder, tableOf } from '../helpers/topics';
import { quarantineOf } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function delivered() {
  const shop = uniqueShop();
  await loadInOrder(shop, [
    { topic: 'orders/create', body: order },
    { topic: 'refunds/create', body: lineRefund },
    { topic: 'refunds/create', body: shippingRefund },
  ]);
  return shop;
}

describe('Shopify’s documented refunds of order 450789469, delivered as refunds/create', () => {
  it('loads both refunds cleanly', async () => {
    const shop = await delivered();

    expect(await quarantineOf(shop)).toEqual([]);
    expect((await tableOf('fact_refund', shop, 'refund_id')).map((r) => r.refund_id)).toEqual(['509562969', '929361471']);
  });

  it('counts the shipping refunded once, though Shopify states it as a line and as an adjustment', async () => {
    const shop = await delivered();

    const refunds = await tableOf('fact_refund', shop, 'refund_id');
    expect(refunds.map((r) => [r.refund_id, r.shipping_refunded, r.shipping_tax_refunded, r.order_adjustments_amount])).toEqual([
      ['509562969', '0', '0', '0'],
      ['929361471', '5.00', '0', '-5.00'],
    ]);
  });

  it('records the duties and additional fees each refund gave back', async () => {
    const shop = await delivered();

    const refunds = await tableOf('fact_refund', shop, 'refund_id');
    expect(refunds.map((r) => [r.refund_id, r.duties_refunded, r.additional_fees_refunded])).toEqual([
      ['509562969', '0.00', '0.00'],
      ['929361471', '0.00', '0.00'],
    ]);
  });

  it('keeps each returned line’s value after its discount share, and its tax', async () => {
    const shop = await delivered();

    const lines = await tableOf('fact_refund_line', shop, 'refund_line_item_id');
    expect(lines.map((l) => [l.refund_line_item_id, l.line_item_id, l.quantity, l.subtotal, l.total_tax])).toEqual([
      ['104689539', '703073504', '1', '195.66', '3.98'],
      ['709875399', '466157049', '1', '195.67', '3.98'],
    ]);
  });

  it('marks no line of the order as a gift card, and leaves its unstated duties and fees unknown', async () => {
    const shop = await delivered();

    expect((await tableOf('fact_order_line', shop, 'line_item_id')).map((l) => l.gift_card)).toEqual(['false', 'false', 'false']);
    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([{ total_duties: null, total_additional_fees: null }]);
  });
});
