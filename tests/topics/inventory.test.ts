import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { loadInOrder, tableOf } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';

const level = (available: number, updatedAt: string) =>
  sample('inventory_levels-update', {
    '"available": 6': `"available": ${available}`,
    '"updated_at": "2025-04-02T11:40:00-05:00"': `"updated_at": "${updatedAt}"`,
  });

describe('inventory topics', () => {
  it('inventory_levels/update keys the level on item and location, which it has instead of an id', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'inventory_levels/update', body: sample('inventory_levels-update') }]);

    expect(await tableOf('fact_inventory_level', shop, 'inventory_item_id')).toMatchObject([
      { inventory_item_id: '271878346596884015', location_id: '24826418', available: '6', disconnected_at: null },
    ]);
    expect(await tableOf('dim_location', shop, 'location_id')).toMatchObject([{ location_id: '24826418' }]);
  });

  it('keeps the newest level current and every reading in the history, once each', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'inventory_levels/update', body: level(4, '2025-04-02T12:00:00-05:00') },
      { topic: 'inventory_levels/update', body: level(6, '2025-04-02T11:40:00-05:00') },
      { topic: 'inventory_levels/update', body: level(4, '2025-04-02T12:00:00-05:00') },
    ]);

    expect(await tableOf('fact_inventory_level', shop, 'inventory_item_id')).toMatchObject([{ available: '4' }]);
    expect((await tableOf('fact_inventory_level_history', shop, 'updated_at')).map((h) => h.available)).toEqual(['6', '4']);
  });

  it('inventory_levels/disconnect marks the level; a later connect clears it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
      { topic: 'inventory_levels/disconnect', body: sample('inventory_levels-disconnect'), options: { triggeredAt: '2025-04-03T00:00:00Z' } },
    ]);
    expect((await tableOf('fact_inventory_level', shop, 'inventory_item_id'))[0]?.disconnected_at).not.toBeNull();

    await loadInOrder(shop, [{ topic: 'inventory_levels/connect', body: level(0, '2025-04-04T00:00:00Z') }]);
    expect(await tableOf('fact_inventory_level', shop, 'inventory_item_id')).toMatchObject([{ available: '0', disconnected_at: null }]);
  });

  it('a disconnect older than the stored level does not disconnect it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
      { topic: 'inventory_levels/disconnect', body: sample('inventory_levels-disconnect'), options: { triggeredAt: '2025-04-01T00:00:00Z' } },
    ]);
    expect((await tableOf('fact_inventory_level', shop, 'inventory_item_id'))[0]?.disconnected_at).toBeNull();
  });

  it('inventory_items/update records cost exactly and inventory_items/delete soft-deletes', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'inventory_items/update', body: sample('inventory_items-update') }]);
    expect(await tableOf('dim_inventory_item', shop, 'inventory_item_id')).toMatchObject([
      { inventory_item_id: '271878346596884015', sku: 'CREW-S', cost: '7.45', tracked: 'true', country_code_of_origin: 'PT', deleted_at: null },
    ]);

    await loadInOrder(shop, [{ topic: 'inventory_items/delete', body: sample('inventory_items-delete') }]);
    expect((await tableOf('dim_inventory_item', shop, 'inventory_item_id'))[0]?.deleted_at).not.toBeNull();
  });
});
