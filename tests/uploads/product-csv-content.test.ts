import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import current from '../../samples/uploads/shopify-products-2025.csv?raw';
import { syntheticId } from '../../src/files/product-csv/synthetic-ids';
import { apiKeyFor } from '../helpers/api';
import { tableOf } from '../helpers/topics';
import { finishedJob, upload } from '../helpers/uploads';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function loaded(file: string, shop = uniqueShop()) {
  const key = (await apiKeyFor(shop, ['read', 'upload'])).key;
  const job = await finishedJob(key, (await upload(key, file, 'shopify-products-csv')).body.id);
  return { shop, job };
}

const CDN = 'https://cdn.shopify.com/s/files/1/0262/4071/2726/products';

/** Rows of `table` for one product of the shop, by the product's handle. */
async function ofProduct(table: string, shop: string, handle: string, orderBy: string) {
  const productId = syntheticId('product', shop, handle);
  return (await tableOf(table, shop, orderBy)).filter((row) => row.product_id === productId);
}

describe('a product CSV keeps the whole product record', () => {
  it('keeps the description as HTML and as plain text', async () => {
    const { shop } = await loaded(current);

    const [product] = await ofProduct('dim_product', shop, 'classic-crew-tshirt', 'product_id');
    expect(product?.body_html).toBe(
      '<p>Our everyday crew, cut from 100% combed cotton.</p>\n<ul>\n<li>Relaxed fit, true to size</li>\n<li>Pre-shrunk, so it keeps its shape</li>\n</ul>\n<p>Pair it with the "Linen Apron" for the full look.</p>',
    );
    expect(product?.body_text).toBe(
      'Our everyday crew, cut from 100% combed cotton.\nRelaxed fit, true to size\nPre-shrunk, so it keeps its shape\nPair it with the "Linen Apron" for the full look.',
    );
  });

  it('keeps SEO, category and Google Shopping columns from the product’s first row', async () => {
    const { shop } = await loaded(current);

    expect(await ofProduct('product_content', shop, 'classic-crew-tshirt', 'product_id')).toMatchObject([
      {
        seo_title: 'Classic Crew T-Shirt',
        seo_description: null,
        category: 'Apparel & Accessories > Clothing > Clothing Tops > T-Shirts',
        google_product_category: null,
        google_gender: 'unisex',
        google_custom_product: null,
      },
    ]);
  });

  it('keeps every image with its alt text, by position, under an id derived from its URL', async () => {
    const { shop } = await loaded(current);
    const image = (src: string) => syntheticId('image', shop, 'classic-crew-tshirt', `${CDN}/${src}`);

    expect(
      (await ofProduct('product_image', shop, 'classic-crew-tshirt', 'position')).map((i) => [i.position, i.image_id, i.url, i.alt, i.width, i.variant_ids]),
    ).toEqual([
      ['1', image('crew-black-front.jpg'), `${CDN}/crew-black-front.jpg`, 'Classic Crew in black, front', null, '[]'],
      ['2', image('crew-black-back.jpg'), `${CDN}/crew-black-back.jpg`, 'Classic Crew in black, back', null, '[]'],
      ['3', image('crew-white-front.jpg'), `${CDN}/crew-white-front.jpg`, 'Classic Crew in white', null, '[]'],
      ['4', image('crew-detail-collar.jpg'), `${CDN}/crew-detail-collar.jpg`, 'Collar detail', null, '[]'],
    ]);
  });

  it('keeps each variant’s price and compare-at price per market, a blank compare-at price as none', async () => {
    const { shop } = await loaded(current);
    const large = syntheticId('variant', shop, 'classic-crew-tshirt', 'L', 'Black', '');
    const small = syntheticId('variant', shop, 'classic-crew-tshirt', 'S', 'Black', '');

    const prices = await ofProduct('variant_market_price', shop, 'classic-crew-tshirt', 'market');
    expect(prices).toHaveLength(8);
    expect(prices.filter((p) => p.variant_id === large).map((p) => [p.market, p.currency, p.price, p.compare_at_price])).toEqual([
      ['International', null, '24.00', null],
      ['United States', null, '21.99', null],
    ]);
    expect(prices.filter((p) => p.variant_id === small).map((p) => [p.market, p.price, p.compare_at_price])).toEqual([
      ['International', '22.00', '27.00'],
      ['United States', '19.99', '24.99'],
    ]);
  });

  it('links a variant to the image its Variant Image column names, and reads every Google Shopping column', async () => {
    const header =
      'Handle,Title,Option1 Name,Option1 Value,Variant Price,Image Src,Image Position,Image Alt Text,Variant Image,Google Shopping / Google Product Category,Google Shopping / Gender,Google Shopping / Age Group,Google Shopping / MPN,Google Shopping / AdWords Grouping,Google Shopping / AdWords Labels,Google Shopping / Condition,Google Shopping / Custom Product,Google Shopping / Custom Label 0,Google Shopping / Custom Label 1,Google Shopping / Custom Label 2,Google Shopping / Custom Label 3,Google Shopping / Custom Label 4,Compare At Price / International';
    const file = [
      header,
      `mug,Mug,Color,Blue,12.00,${CDN}/mug.jpg,1,A mug,${CDN}/mug-blue.jpg,Home & Garden > Kitchen & Dining,unisex,adult,MUG-1,mugs,"kitchen, gifts",new,FALSE,summer,,,,clearance,15.00`,
      `mug,,,Red,12.00,,,,${CDN}/mug-red.jpg,,,,,,,,,,,,,,`,
      `mug,,,,,${CDN}/mug-red.jpg,3,Red mug,,,,,,,,,,,,,,,`,
    ].join('\n');
    const { shop } = await loaded(`${file}\n`);
    const blue = syntheticId('variant', shop, 'mug', 'Blue', '', '');
    const red = syntheticId('variant', shop, 'mug', 'Red', '', '');

    // The file's positions first (1, then 3); the blue mug's image, named only by its variant, after them.
    expect((await ofProduct('product_image', shop, 'mug', 'position')).map((i) => [i.position, i.url, i.alt, i.variant_ids])).toEqual([
      ['1', `${CDN}/mug.jpg`, 'A mug', '[]'],
      ['2', `${CDN}/mug-red.jpg`, 'Red mug', `[${red}]`],
      ['3', `${CDN}/mug-blue.jpg`, null, `[${blue}]`],
    ]);
    expect(await ofProduct('product_content', shop, 'mug', 'product_id')).toMatchObject([
      {
        google_product_category: 'Home & Garden > Kitchen & Dining',
        google_gender: 'unisex',
        google_age_group: 'adult',
        google_mpn: 'MUG-1',
        google_adwords_grouping: 'mugs',
        google_adwords_labels: 'kitchen, gifts',
        google_condition: 'new',
        google_custom_product: 'false',
        google_custom_label_0: 'summer',
        google_custom_label_1: null,
        google_custom_label_4: 'clearance',
      },
    ]);
    expect((await ofProduct('variant_market_price', shop, 'mug', 'variant_id')).map((p) => [p.variant_id, p.market, p.price, p.compare_at_price])).toEqual([
      [blue, 'International', null, '15.00'],
    ]);
  });

  it('replaces images and market prices as a set when a newer file drops some', async () => {
    const { shop } = await loaded(current);
    const fewer = current
      .split('\n')
      .filter((line) => !line.includes('crew-detail-collar.jpg'))
      .join('\n')
      .replaceAll(',22.00,27.00,19.99,24.99\n', ',,,19.99,24.99\n');
    await loaded(fewer, shop);

    expect((await ofProduct('product_image', shop, 'classic-crew-tshirt', 'position')).map((i) => i.position)).toEqual(['1', '2', '3']);
    const markets = await query<{ market: string; n: number }>(sql`
      select market, count(*)::int as n from variant_market_price m join dim_shop s using (shop_id)
      where s.domain = ${shop} and m.product_id = ${syntheticId('product', shop, 'classic-crew-tshirt')} group by market order by market`);
    // CREW-L-BLK's International price (24.00, no compare-at price) is on a line of its own, which the edit leaves.
    expect(markets).toEqual([
      { market: 'International', n: 1 },
      { market: 'United States', n: 4 },
    ]);
  });
});
