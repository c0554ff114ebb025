import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { loadAsOneBatch, loadInOrder, tableOf } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';

const created = () => sample('orders-create');
const laterVersion = (updatedAt: string, edits: Record<string, string> = {}) =>
  sample('orders-create', { '"updated_at": "2025-04-02T11:38:16-05:00"': `"updated_at": "${updatedAt}"`, ...edits });

describe('order topics', () => {
  it('orders/paid, orders/fulfilled and orders/cancelled update the header facts', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: created() },
      { topic: 'orders/fulfilled', body: laterVersion('2025-04-03T09:00:00-05:00', { '"fulfillment_status": null': '"fulfillment_status": "fulfilled"' }) },
      {
        topic: 'orders/cancelled',
        body: laterVersion('2025-04-04T09:00:00-05:00', {
          '"fulfillment_status": null': '"fulfillment_status": "fulfilled"',
          '"cancelled_at": null': '"cancelled_at": "2025-04-04T09:00:00-05:00"',
          '"cancel_reason": null': '"cancel_reason": "customer"',
          '"financial_status": "paid"': '"financial_status": "refunded"',
        }),
      },
    ]);

    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([
      { fulfillment_status: 'fulfilled', cancel_reason: 'customer', financial_status: 'refunded', created_date_key: '20250402' },
    ]);
  });

  it('records the sales channel from source_name', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create', { '"source_name": "web"': '"source_name": "pos"' }) }]);

    expect(await tableOf('dim_channel', shop, 'source_name')).toMatchObject([{ source_name: 'pos', channel_group: 'pos' }]);
  });

  it('orders/edited records the edit with the lines it added and removed', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/edited', body: sample('orders-edited') }]);

    expect(await tableOf('fact_order_edit', shop, 'order_edit_id')).toMatchObject([
      { order_edit_id: '78912328', order_id: '820982911946154508', lines_added: '0', lines_removed: '1' },
    ]);
  });

  it('orders/delete soft-deletes the order and keeps its facts', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: created() },
      { topic: 'orders/delete', body: sample('orders-delete'), options: { triggeredAt: '2025-04-09T12:00:00Z' } },
    ]);

    const [order] = await tableOf('fact_order', shop, 'order_id');
    expect(order).toMatchObject({ total_price: '474.47' });
    expect(Date.parse(order!.deleted_at!)).toBe(Date.parse('2025-04-09T12:00:00Z'));
  });

  it('a delete that arrives before the create still wins', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/delete', body: sample('orders-delete') },
      { topic: 'orders/create', body: created() },
      { topic: 'orders/updated', body: laterVersion('2025-04-05T10:00:00-05:00') },
    ]);

    expect((await tableOf('fact_order', shop, 'order_id'))[0]?.deleted_at).not.toBeNull();
  });

  it('a batch holding create, update and a stale retry of the create keeps the newest state', async () => {
    const shop = uniqueShop();
    await loadAsOneBatch(shop, [
      { topic: 'orders/updated', body: laterVersion('2025-04-05T10:00:00-05:00', { '"total_price": "474.47"': '"total_price": "410.00"' }) },
      { topic: 'orders/create', body: created() },
      { topic: 'orders/create', body: created() },
    ]);

    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([{ total_price: '410.00' }]);
    expect(await tableOf('fact_order_line', shop, 'line_item_id')).toHaveLength(2);
  });
});
