import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { loadInOrder, tableOf } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';

const UPDATED = '"updated_at": "2025-03-01T09:15:00-05:00",\n  "published_at"';
const withoutLarge = (body: string) => body.replace(/,\s*\{ "id": 898514124733469185[^\n]*\}/, '');

describe('product and collection topics', () => {
  it('products/create loads the product with its three variants, exact ids and prices', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'products/create', body: sample('products-create') }]);

    expect(await tableOf('dim_product', shop, 'product_id')).toMatchObject([
      { product_id: '788032119674292922', title: 'Classic Crew T-Shirt', status: 'active', image_count: '2' },
    ]);
    expect(await tableOf('dim_variant', shop, 'position')).toMatchObject([
      { variant_id: '642667041472713922', sku: 'CREW-S', price: '19.99', compare_at_price: '24.99', inventory_item_id: '271878346596884015' },
      { variant_id: '757650484644203962', sku: 'CREW-M' },
      { variant_id: '898514124733469185', sku: 'CREW-L', price: '21.99', compare_at_price: null },
    ]);
  });

  it('products/update drops a variant the newer version no longer has, whatever the arrival order', async () => {
    const shop = uniqueShop();
    const newer = withoutLarge(sample('products-create', { [UPDATED]: '"updated_at": "2025-03-05T09:15:00-05:00",\n  "published_at"' }));
    await loadInOrder(shop, [
      { topic: 'products/update', body: newer },
      { topic: 'products/create', body: sample('products-create') },
    ]);

    expect((await tableOf('dim_variant', shop, 'position')).map((v) => v.sku)).toEqual(['CREW-S', 'CREW-M']);
  });

  it('products/delete soft-deletes the product and its variants', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'products/create', body: sample('products-create') },
      { topic: 'products/delete', body: sample('products-delete') },
    ]);

    expect((await tableOf('dim_product', shop, 'product_id'))[0]?.deleted_at).not.toBeNull();
    expect((await tableOf('dim_variant', shop, 'position')).every((v) => v.deleted_at !== null)).toBe(true);
  });

  it('collections/create records a smart collection, collections/delete soft-deletes it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'collections/create', body: sample('collections-create') }]);
    expect(await tableOf('dim_collection', shop, 'collection_id')).toMatchObject([
      { collection_id: '482865238122384623', collection_type: 'smart', deleted_at: null },
    ]);

    await loadInOrder(shop, [{ topic: 'collections/delete', body: sample('collections-delete') }]);
    expect((await tableOf('dim_collection', shop, 'collection_id'))[0]?.deleted_at).not.toBeNull();
  });

  it('collections/update of a custom collection keeps the newest title', async () => {
    const shop = uniqueShop();
    const custom = (title: string, updatedAt: string) =>
      sample('collections-create', {
        '"rules": [{ "column": "tag", "relation": "equals", "condition": "summer" }],\n': '',
        '"title": "Summer Essentials"': `"title": "${title}"`,
        '"updated_at": "2025-03-02T10:00:00-05:00"': `"updated_at": "${updatedAt}"`,
      });
    await loadInOrder(shop, [
      { topic: 'collections/update', body: custom('Summer 2025', '2025-03-09T10:00:00-05:00') },
      { topic: 'collections/update', body: custom('Summer', '2025-03-03T10:00:00-05:00') },
    ]);

    expect(await tableOf('dim_collection', shop, 'collection_id')).toMatchObject([{ title: 'Summer 2025', collection_type: 'custom' }]);
  });
});
