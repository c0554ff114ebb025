import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { loadAsOneBatch, loadInOrder, tableOf } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';

describe('refund and fulfillment topics', () => {
  it('refunds/create records the refund with exact amounts from successful refund transactions only', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'refunds/create', body: sample('refunds-create') }]);

    expect(await tableOf('fact_refund', shop, 'refund_id')).toMatchObject([
      {
        refund_id: '890088186047892319',
        order_id: '820982911946154508',
        refunded_amount: '204.34',
        order_adjustments_amount: '-0.10',
        created_date_key: '20250405',
      },
    ]);
    expect(await tableOf('fact_refund_line', shop, 'refund_line_item_id')).toMatchObject([
      { line_item_id: '866550311766439020', quantity: '1', restock_type: 'return', subtotal: '189.05', total_tax: '15.29', location_id: '24826418' },
    ]);
  });

  it('a refund delivered ten times is counted once', async () => {
    const shop = uniqueShop();
    const storm = Array.from({ length: 10 }, () => ({ topic: 'refunds/create', body: sample('refunds-create') }));
    await loadAsOneBatch(shop, storm.slice(0, 5));
    await loadAsOneBatch(shop, storm.slice(5));

    expect(await tableOf('fact_refund_line', shop, 'refund_line_item_id')).toHaveLength(1);
    expect(await tableOf('fact_refund', shop, 'refund_id')).toMatchObject([{ refunded_amount: '204.34' }]);
  });

  it('fulfillments/create and /update keep the newest status', async () => {
    const shop = uniqueShop();
    const delivered = sample('fulfillments-create', {
      '"shipment_status": "in_transit"': '"shipment_status": "delivered"',
      '"updated_at": "2025-04-03T08:30:00-05:00"': '"updated_at": "2025-04-05T16:00:00-05:00"',
    });
    await loadInOrder(shop, [
      { topic: 'fulfillments/update', body: delivered },
      { topic: 'fulfillments/create', body: sample('fulfillments-create') },
    ]);

    expect(await tableOf('fact_fulfillment', shop, 'fulfillment_id')).toMatchObject([
      { fulfillment_id: '123456789012345678', shipment_status: 'delivered', tracking_company: 'UPS', line_count: '2', quantity: '3', location_id: '24826418' },
    ]);
  });
});
