import { describe, expect, it } from 'vitest';
import documentedProduct from '../fixtures/shopify/2026-01/rest/product-632910392.json?raw';
import { loadInOrder, tableOf } from '../helpers/topics';
import { uniqueShop } from '../helpers/webhooks';

const BODY =
  "It's the small iPod with one very big idea: Video. Now the world's most popular music player, available in 4GB and 8GB models, lets you enjoy TV shows, movies, video podcasts, and more. The larger, brighter display means amazing picture quality. In six eye-catching colors, iPod nano is stunning all around. And with models starting at just $149, little speaks volumes.";
const CDN = 'https://cdn.shopify.com/s/files/1/0005/4838/0009/products';

/** The documented product at another version, with its third image removed. */
const newerWithTwoImages = () => {
  const third = documentedProduct.indexOf(', {"id": 378407906');
  const end = documentedProduct.indexOf('}', documentedProduct.indexOf('"variant_ids": []', third)) + 1;
  const edited = documentedProduct.slice(0, third) + documentedProduct.slice(end);
  return edited.replace('"updated_at": "2025-04-02T11:29:59-05:00", "published_at"', '"updated_at": "2025-04-09T11:29:59-05:00", "published_at"');
};

describe('a product webhook keeps the whole product record', () => {
  it('keeps the description as HTML and as plain text', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'products/update', body: documentedProduct }]);

    expect(await tableOf('dim_product', shop, 'product_id')).toMatchObject([
      {
        product_id: '632910392',
        body_html: `<p>${BODY}</p>`,
        body_text: BODY,
        tags: 'Emotive, Flash Memory, MP3, Music',
        product_type: 'Cult Products',
        image_count: '3',
      },
    ]);
  });

  it('keeps every image by position, with its MediaImage id, size and linked variants', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'products/create', body: documentedProduct }]);

    const version = { product_id: '632910392', alt: null, width: '123', height: '456', updated_at: '2025-04-02T16:29:59+00:00' };
    expect(await tableOf('product_image', shop, 'position')).toMatchObject([
      { ...version, position: '1', image_id: '498048120', url: `${CDN}/ipod-nano.png?v=1735835399`, variant_ids: '[]' },
      { ...version, position: '2', image_id: '1071517486', url: `${CDN}/ipod-nano-2.png?v=1735835399`, variant_ids: '[808950810]' },
      { ...version, position: '3', image_id: '220090436', url: `${CDN}/ipod-nano.png?v=1735835399`, variant_ids: '[]' },
    ]);
  });

  it('replaces the images as a set with a newer version, whatever the arrival order', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'products/update', body: newerWithTwoImages() },
      { topic: 'products/update', body: documentedProduct },
    ]);
    const other = uniqueShop();
    await loadInOrder(other, [
      { topic: 'products/update', body: documentedProduct },
      { topic: 'products/update', body: newerWithTwoImages() },
    ]);

    for (const s of [shop, other]) {
      expect((await tableOf('product_image', s, 'position')).map((i) => [i.position, i.image_id, i.updated_at])).toEqual([
        ['1', '498048120', '2025-04-09T16:29:59+00:00'],
        ['2', '1071517486', '2025-04-09T16:29:59+00:00'],
      ]);
    }
  });
});
