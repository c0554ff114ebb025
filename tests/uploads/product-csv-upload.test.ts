import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import current from '../../samples/uploads/shopify-products-2025.csv?raw';
import legacy from '../../samples/uploads/shopify-products-legacy.csv?raw';
import { parseCsv } from '../../src/files/csv';
import { apiJson, apiKeyFor } from '../helpers/api';
import { finishedJob, rejectsOf, upload } from '../helpers/uploads';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const uploadProducts = (key: string, file: string) => upload(key, file, 'shopify-products-csv');

async function loaded(file: string) {
  const shop = uniqueShop();
  const key = (await apiKeyFor(shop, ['read', 'upload'])).key;
  const job = await finishedJob(key, (await uploadProducts(key, file)).body.id);
  return { shop, key, job };
}

/** What the warehouse holds of a shop's products, without the ids (they are derived from the shop). */
async function catalogOf(shop: string) {
  const products = await query(sql`
    select p.handle, p.title, p.vendor, p.product_type, p.status, p.tags, p.image_count, p.featured_image_url, p.published_at is not null as published
    from dim_product p join dim_shop s using (shop_id) where s.domain = ${shop} order by p.handle`);
  const variants = await query(sql`
    select p.handle, v.position, v.title, v.sku, v.barcode, v.price::text, v.compare_at_price::text, v.option1, v.option2, v.option3
    from dim_variant v join dim_product p using (shop_id, product_id) join dim_shop s using (shop_id)
    where s.domain = ${shop} order by p.handle, v.position`);
  return { products, variants };
}

describe('Shopify product CSV uploads', () => {
  it('loads the same products and variants from the legacy and the 2025 headers', async () => {
    const old = await loaded(legacy);
    const renamed = await loaded(current);

    expect(old.job).toMatchObject({ status: 'done', rows: { seen: 14, loaded: 14, rejected: 0, duplicates: 0, balanced: true } });
    expect(renamed.job).toMatchObject({ status: 'done', rows: { seen: 14, loaded: 14, rejected: 0, duplicates: 0, balanced: true } });
    const catalog = await catalogOf(old.shop);
    expect(catalog.products).toHaveLength(5);
    expect(catalog.variants).toHaveLength(12);
    expect(await catalogOf(renamed.shop)).toEqual(catalog);
  });

  it('groups rows by handle: one product per handle, with its variants in file order', async () => {
    const { shop, key, job } = await loaded(legacy);
    const [created] = await query<{ created_at: string }>(sql`select created_at::text from upload_job where id = ${job.id}`);
    const products = await query<{ product_id: string; handle: string; updated_at: string; variants: string[] }>(sql`
      select p.product_id::text, p.handle, p.updated_at::text, array_agg(v.sku order by v.position) as variants
      from dim_product p join dim_shop s using (shop_id) join dim_variant v using (shop_id, product_id)
      where s.domain = ${shop} group by p.product_id, p.handle, p.updated_at order by p.handle`);

    expect(products.map((p) => [p.handle, p.variants])).toEqual([
      ['ceramic-pour-over', ['POUR-01']],
      ['classic-crew-tshirt', ['CREW-S-BLK', 'CREW-M-BLK', 'CREW-L-BLK', 'CREW-S-WHT']],
      ['harbor-gift-card', [null, null, null]],
      ['linen-apron', ['APRON-NAT', 'APRON-CHR']],
      ['trail-socks', ['SOCK-M-GRY-2', 'SOCK-L-GRY-2']],
    ]);
    expect(products.every((p) => p.updated_at === created?.created_at && BigInt(p.product_id) >= 2n ** 62n)).toBe(true);
    const crew = products.find((p) => p.handle === 'classic-crew-tshirt')!;
    const api = await apiJson<{ title: string; variants: { title: string; price: string }[] }>(`/v1/products/${crew.product_id}`, key);
    expect(api.body).toMatchObject({
      title: 'Classic Crew T-Shirt',
      variants: [{ title: 'S / Black', price: '19.99' }, {}, { title: 'L / Black', price: '21.99' }, {}],
    });
  });

  it('takes image-only rows as images of their product', async () => {
    const { shop } = await loaded(legacy);
    const images = await query(sql`
      select p.handle, p.image_count, p.featured_image_url from dim_product p join dim_shop s using (shop_id)
      where s.domain = ${shop} and p.handle in ('classic-crew-tshirt', 'ceramic-pour-over') order by p.handle`);
    const cdn = 'https://cdn.shopify.com/s/files/1/0262/4071/2726/products';
    expect(images).toEqual([
      { handle: 'ceramic-pour-over', image_count: 2, featured_image_url: `${cdn}/pour-over.jpg` },
      { handle: 'classic-crew-tshirt', image_count: 4, featured_image_url: `${cdn}/crew-black-front.jpg` },
    ]);
  });

  it('keeps product metafield columns in product_metafield', async () => {
    const { shop } = await loaded(current);
    const metafields = await query(sql`
      select p.handle, m.namespace, m.key, m.value from product_metafield m join dim_product p using (shop_id, product_id) join dim_shop s using (shop_id)
      where s.domain = ${shop} and p.handle in ('ceramic-pour-over', 'linen-apron') order by p.handle, m.namespace, m.key`);
    expect(metafields).toEqual([
      { handle: 'ceramic-pour-over', namespace: 'custom', key: 'care_guide', value: 'Dishwasher safe' },
      { handle: 'linen-apron', namespace: 'custom', key: 'care_guide', value: 'Machine wash cold; "gentle" cycle' },
      { handle: 'linen-apron', namespace: 'custom', key: 'fabric', value: 'Linen' },
      { handle: 'linen-apron', namespace: 'shopify', key: 'color-pattern', value: 'natural; charcoal' },
    ]);
  });

  it('rejects rows with their row number, field, value and reason, and a product with a bad row whole', async () => {
    const file = [
      'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Image Position,Price / International',
      'mug,Mug,Size,Small,MUG-S,12.00,https://cdn.example/mug.jpg,1,13.00',
      'mug,,,Large,MUG-L,twelve,,,13.00',
      ',Loose row,,,,,,,',
      'plate,,,,,,https://cdn.example/plate.jpg,1,',
      'bowl,Bowl,Title,Default Title,BOWL,9.00,,,"9,5"',
      'cup,Cup,Title,Default Title,CUP,5.00,,,5.50',
    ].join('\n');
    const { shop, key, job } = await loaded(file);

    expect(job).toMatchObject({ status: 'done', rows: { seen: 6, loaded: 1, rejected: 5, duplicates: 0, balanced: true } });
    expect(await rejectsOf(key, job.id)).toEqual([
      { row: 1, field: 'Handle', value: 'mug', reason: 'product "mug" is not loaded: row 2 is invalid' },
      { row: 2, field: 'Variant Price', value: 'twelve', reason: 'expected a decimal amount, e.g. 19.99' },
      { row: 3, field: 'Handle', value: '', reason: 'missing handle: the row belongs to no product' },
      {
        row: 4,
        field: 'Title',
        value: '',
        reason: `handle "plate" starts a product here, but the row has no Title: variant and image rows must follow their product's first row`,
      },
      { row: 5, field: 'Price / International', value: '9,5', reason: 'expected a decimal amount, e.g. 19.99' },
    ]);
    expect((await catalogOf(shop)).products.map((p) => p.handle)).toEqual(['cup']);
  });

  it('never splits one handle’s rows across chunks, even with chunks far smaller than a product', async () => {
    const header = 'Handle,Title,Body (HTML),Option1 Name,Option1 Value,Variant SKU,Variant Price';
    const product = (p: number) =>
      Array.from({ length: 20 }, (_, v) =>
        v === 0
          ? `tool-${p},Tool ${p},"<p>Forged steel, oiled handle.</p>\n<p>Lifetime warranty.</p>",Size,Size ${v},TOOL-${p}-${String(v).padStart(30, '0')},10.00`
          : `tool-${p},,,,Size ${v},TOOL-${p}-${String(v).padStart(30, '0')},10.00`,
      );
    const file = `${[header, ...Array.from({ length: 12 }, (_, p) => product(p)).flat()].join('\n')}\n`;
    const { shop, job } = await loaded(file);

    expect(job).toMatchObject({ status: 'done', rows: { seen: 240, loaded: 240, rejected: 0, balanced: true } });
    const chunks = await query<{ start_byte: string; end_byte: string }>(sql`
      select start_byte::text, end_byte::text from upload_chunk where job_id = ${job.id} order by chunk`);
    expect(chunks.length).toBeGreaterThan(3);
    const bytes = new TextEncoder().encode(file);
    const handlesPerChunk = chunks.map(
      (c) => new Set(parseCsv(new TextDecoder().decode(bytes.subarray(Number(c.start_byte), Number(c.end_byte)))).map((r) => r.fields[0])),
    );
    const all = handlesPerChunk.flatMap((handles) => [...handles]);
    expect(new Set(all).size).toBe(all.length);
    expect((await catalogOf(shop)).variants).toHaveLength(240);
  });

  it('rejects the rows of a handle that comes back in another chunk, whichever chunk loads first', async () => {
    const header = 'Handle,Title,Option1 Name,Option1 Value,Variant Price';
    const bulky = (handle: string) => Array.from({ length: 60 }, (_, v) => (v === 0 ? `${handle},Bulky,Size,Size ${v},10.00` : `${handle},,,Size ${v},10.00`));
    const file = [
      header,
      'kettle,Kettle,Title,Default Title,30.00',
      ...bulky('crate'),
      ...bulky('barrel'),
      'kettle,Kettle again,Title,Default Title,31.00',
    ].join('\n');
    const { key, job } = await loaded(file);

    expect(job).toMatchObject({ status: 'done', rows: { seen: 122, loaded: 121, rejected: 1, balanced: true } });
    const [reject] = await rejectsOf(key, job.id);
    expect([1, 122]).toContain(reject?.row);
    expect(reject).toMatchObject({
      field: 'Handle',
      value: 'kettle',
      reason: `handle "kettle" has rows elsewhere in the file: a product's rows must be contiguous`,
    });
  });

  it('loads a re-upload of the same products onto the same rows', async () => {
    const { shop, key, job } = await loaded(current);
    const before = await query<{ product_id: string }>(
      sql`select product_id::text from dim_product p join dim_shop s using (shop_id) where s.domain = ${shop} order by 1`,
    );
    // Other bytes (a byte order mark, CRLF line ends), so that it is a new job rather than the same one.
    const again = await finishedJob(key, (await uploadProducts(key, `\uFEFF${current.replaceAll('\n', '\r\n')}`)).body.id);

    expect(again.id).not.toBe(job.id);
    expect(again).toMatchObject({ status: 'done', rows: { seen: 14, loaded: 14, balanced: true } });
    const counts = await query(sql`
      select (select count(*)::int from dim_product join dim_shop s using (shop_id) where s.domain = ${shop}) as products,
             (select count(*)::int from dim_variant join dim_shop s using (shop_id) where s.domain = ${shop}) as variants,
             (select count(*)::int from product_metafield join dim_shop s using (shop_id) where s.domain = ${shop}) as metafields,
             (select array_agg(distinct p.raw_key) from dim_product p join dim_shop s using (shop_id) where s.domain = ${shop}) as sources`);
    expect(counts).toEqual([{ products: 5, variants: 12, metafields: 9, sources: [expect.stringContaining(again.id)] }]);
    expect(await query(sql`select product_id::text from dim_product p join dim_shop s using (shop_id) where s.domain = ${shop} order by 1`)).toEqual(before);
  });

  it('fails a file whose header has no handle column, saying why', async () => {
    const { job } = await loaded('Title,Variant SKU,Variant Price\nMug,MUG,12.00\n');
    expect(job.status).toBe('failed');
    expect(job.error).toBe('expected a Shopify product CSV header with a Handle (or URL handle) column; found: Title, Variant SKU, Variant Price');
  });
});
