import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { uniqueShop } from '../../helpers/webhooks';

async function seededShop() {
  const shop = uniqueShop();
  await loadInOrder(shop, [
    { topic: 'products/create', body: sample('products-create') },
    { topic: 'customers/create', body: sample('customers-create') },
    {
      topic: 'customers/update',
      body: sample('customers-create', {
        '"updated_at": "2024-11-18T09:02:41-05:00"': '"updated_at": "2025-01-10T12:00:00-05:00"',
        '"city": "Ottawa"': '"city": "Toronto"',
      }),
    },
    { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
    { topic: 'inventory_levels/update', body: sample('inventory_levels-update', { '"location_id": 24826418': '"location_id": 24826419' }) },
  ]);
  return (await apiKeyFor(shop)).key;
}

describe('catalog reads', () => {
  it('GET /v1/products lists products; GET /v1/products/{id} adds variants in position order', async () => {
    const key = await seededShop();
    expect((await apiJson<{ data: { id: string }[] }>('/v1/products', key)).body.data.map((p) => p.id)).toEqual(['788032119674292922']);

    const { body } = await apiJson<{ variants: { sku: string; price: string }[] }>('/v1/products/788032119674292922', key);
    expect(body.variants.map((v) => [v.sku, v.price])).toEqual([
      ['CREW-S', '19.99'],
      ['CREW-M', '19.99'],
      ['CREW-L', '21.99'],
    ]);
  });

  it('GET /v1/customers returns current customers with hashed emails; the detail has their history', async () => {
    const key = await seededShop();
    const list = await apiJson<{ data: Record<string, unknown>[] }>('/v1/customers', key);
    expect(list.body.data).toMatchObject([{ id: '115310627314723954', city: 'Toronto', email: null }]);
    expect(list.body.data[0]?.emailHash).toMatch(/^[0-9a-f]{64}$/);

    const detail = await apiJson<{ history: { city: string }[] }>('/v1/customers/115310627314723954', key);
    expect(detail.body.history.map((h) => h.city)).toEqual(['Ottawa', 'Toronto']);
  });

  it('GET /v1/inventory filters by item and location, and pages on the pair', async () => {
    const key = await seededShop();
    const byLocation = await apiJson<{ data: { locationId: string; available: number }[] }>('/v1/inventory?location_id=24826419', key);
    expect(byLocation.body.data).toMatchObject([{ locationId: '24826419', available: 6 }]);

    const first = await apiJson<{ data: { locationId: string }[]; nextCursor: string }>('/v1/inventory?limit=1', key);
    const second = await apiJson<{ data: { locationId: string }[]; nextCursor: string | null }>(`/v1/inventory?limit=1&cursor=${first.body.nextCursor}`, key);
    expect([...first.body.data, ...second.body.data].map((l) => l.locationId)).toEqual(['24826418', '24826419']);
    expect(second.body.nextCursor).toBeNull();
  });
});
