import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { type Delivery, loadAsOneBatch, loadInOrder, tableOf } from '../helpers/topics';
import { rawEventsOf } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const at = (name: string, from: string, to: string, edits: Record<string, string> = {}): Delivery['body'] =>
  sample(name, { [`"updated_at": "${from}"`]: `"updated_at": "${to}"`, ...edits });

/** A day in a shop, in the order Shopify produced it. */
const stream: Delivery[] = [
  { topic: 'products/create', body: sample('products-create') },
  { topic: 'customers/create', body: sample('customers-create') },
  { topic: 'orders/create', body: sample('orders-create') },
  { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
  {
    topic: 'customers/update',
    body: at('customers-create', '2024-11-18T09:02:41-05:00', '2025-04-02T12:00:00-05:00', { '"city": "Ottawa"': '"city": "Kingston"' }),
  },
  { topic: 'orders/paid', body: at('orders-create', '2025-04-02T11:38:16-05:00', '2025-04-02T12:30:00-05:00') },
  { topic: 'fulfillments/create', body: sample('fulfillments-create') },
  {
    topic: 'orders/fulfilled',
    body: at('orders-create', '2025-04-02T11:38:16-05:00', '2025-04-03T08:31:00-05:00', { '"fulfillment_status": null': '"fulfillment_status": "fulfilled"' }),
  },
  {
    topic: 'inventory_levels/update',
    body: at('inventory_levels-update', '2025-04-02T11:40:00-05:00', '2025-04-03T08:31:00-05:00', { '"available": 6': '"available": 4' }),
  },
  { topic: 'refunds/create', body: sample('refunds-create') },
  {
    topic: 'products/update',
    body: at('products-create', '2025-03-01T09:15:00-05:00",\n  "published_at', '2025-04-04T09:00:00-05:00",\n  "published_at', {
      '"price": "21.99"': '"price": "23.99"',
    }),
  },
  { topic: 'collections/create', body: sample('collections-create') },
  { topic: 'collections/delete', body: sample('collections-delete') },
];

// A deterministic shuffle (mulberry32), so that a failure can be replayed.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const TABLES: [string, string][] = [
  ['fact_order', 'order_id'],
  ['fact_order_line', 'line_item_id'],
  ['customer_version', 'updated_at'],
  ['dim_customer', 'valid_from'],
  ['dim_product', 'product_id'],
  ['dim_variant', 'variant_id'],
  ['dim_collection', 'collection_id'],
  ['fact_inventory_level', 'inventory_item_id'],
  ['fact_inventory_level_history', 'updated_at'],
  ['fact_refund', 'refund_id'],
  ['fact_refund_line', 'refund_line_item_id'],
  ['fact_fulfillment', 'fulfillment_id'],
  ['dim_location', 'location_id'],
  ['dim_channel', 'source_name'],
];

/**
 * The warehouse state of a shop without what differs by nature between two shops' loads: lineage,
 * and the email hashes themselves (each shop's are keyed by the shop), of which only presence is compared.
 */
async function stateOf(shop: string) {
  const state: Record<string, unknown[]> = {};
  for (const [table, orderBy] of TABLES) {
    state[table] = (await tableOf(table, shop, orderBy)).map(({ shop_id: _shop, raw_key: _key, first_seen_at: _seen, ...row }) =>
      'email_hash' in row ? { ...row, email_hash: row.email_hash !== null } : row,
    );
  }
  return state;
}

describe('a mixed stream with duplicates and reordering', () => {
  it('leaves exactly the state of the newest events', async () => {
    const ordered = uniqueShop();
    await loadInOrder(ordered, stream);

    const chaotic = uniqueShop();
    const withDuplicates = shuffled([...stream, ...stream.slice(0, 6), ...stream.slice(4, 9)], 20251125);
    for (let i = 0; i < withDuplicates.length; i += 4) await loadAsOneBatch(chaotic, withDuplicates.slice(i, i + 4));

    expect(await stateOf(chaotic)).toEqual(await stateOf(ordered));
    expect((await stateOf(ordered)).fact_order).toMatchObject([{ fulfillment_status: 'fulfilled', total_price: '474.47' }]);
  });

  it('gives one effect for the same delivery sent ten times', async () => {
    const once = uniqueShop();
    const storm = uniqueShop();
    await loadInOrder(once, [stream[2]!]);
    const delivery = { ...stream[2]!, options: { webhookId: 'a7c1f3e2-storm' } };
    await loadAsOneBatch(
      storm,
      Array.from({ length: 5 }, () => delivery),
    );
    await loadAsOneBatch(
      storm,
      Array.from({ length: 5 }, () => delivery),
    );

    expect(await stateOf(storm)).toEqual(await stateOf(once));
    expect(await rawEventsOf(storm)).toMatchObject([{ seen_count: 10, status: 'loaded' }]);
  });
});
