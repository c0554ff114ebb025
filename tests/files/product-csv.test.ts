import { describe, expect, it } from 'vitest';
import current from '../../samples/uploads/shopify-products-2025.csv?raw';
import legacy from '../../samples/uploads/shopify-products-legacy.csv?raw';
import { parseCsv } from '../../src/files/csv';
import { type ProductCsvColumns, productCsvColumns } from '../../src/files/product-csv/columns';
import { productCsvChunk } from '../../src/files/product-csv/products';
import { syntheticId } from '../../src/files/product-csv/synthetic-ids';

const context = { shopDomain: 'harbor-goods.myshopify.com', updatedAt: '2025-05-01T10:00:00+00:00' };

function columnsOf(header: string): ProductCsvColumns {
  const result = productCsvColumns(parseCsv(header)[0]!.fields);
  if (!result.ok) throw new Error(result.reason);
  return result.columns;
}

/** A file's header and its data records, as the splitter and a chunk see them. */
function split(file: string) {
  const end = file.indexOf('\n') + 1;
  return { columns: columnsOf(file.slice(0, end)), body: file.slice(end) };
}

const LEGACY_HEADER = 'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Image Position';

describe('product CSV headers', () => {
  it('maps both header generations by name, whatever the order, case or spacing', () => {
    const old = columnsOf('Handle,Title,Variant Price,Variant SKU,Image Src');
    const renamed = columnsOf('image  src ,PRICE,url handle,sku,Title');
    expect(Object.fromEntries(Object.entries(old.fields).map(([f, c]) => [f, c.header]))).toEqual({
      handle: 'Handle',
      title: 'Title',
      price: 'Variant Price',
      sku: 'Variant SKU',
      imageSrc: 'Image Src',
    });
    expect(Object.keys(renamed.fields).sort()).toEqual(Object.keys(old.fields).sort());
    expect(renamed.handle).toEqual({ index: 2, header: 'url handle' });
  });

  it('recognises metafield and market price columns and ignores unknown ones', () => {
    const { columns } = split(current);
    expect(columns.metafields.map((m) => [m.namespace, m.key])).toEqual([
      ['shopify', 'color-pattern'],
      ['custom', 'fabric'],
      ['custom', 'care_guide'],
    ]);
    expect(columns.markets.map((m) => m.header)).toEqual([
      'Price / International',
      'Compare-at price / International',
      'Price / United States',
      'Compare-at price / United States',
    ]);
    expect(Object.values(columns.fields).flatMap((c) => (c.header.startsWith('Google Shopping') ? [c.header] : []))).toEqual([
      'Google Shopping / Google product category',
      'Google Shopping / Gender',
    ]);
  });

  it('names what is missing from a header without a handle', () => {
    expect(productCsvColumns(['Title', 'Variant Price'])).toEqual({
      ok: false,
      reason: 'expected a Shopify product CSV header with a Handle (or URL handle) column; found: Title, Variant Price',
    });
  });
});

describe('product CSV rows', () => {
  it('groups rows by handle into products, variants and images', () => {
    const { columns, body } = split(legacy);
    const chunk = productCsvChunk(body, 1, columns, context);

    expect(chunk).toMatchObject({ seen: 14, duplicates: 0, rejects: [] });
    expect(chunk.products.map((p) => [p.handle, p.rows.length, p.resource.variants.length, p.resource.images.length])).toEqual([
      ['classic-crew-tshirt', 5, 4, 4],
      ['ceramic-pour-over', 2, 1, 2],
      ['harbor-gift-card', 3, 3, 1],
      ['linen-apron', 2, 2, 2],
      ['trail-socks', 2, 2, 1],
    ]);
    expect(chunk.products[0]?.resource.variants.map((v) => v.title)).toEqual(['S / Black', 'M / Black', 'L / Black', 'S / White']);
    expect(chunk.products[1]?.resource.variants[0]).toMatchObject({ title: 'Default Title', option1: 'Default Title', sku: 'POUR-01', price: '34.00' });
  });

  it('takes image-only rows as images of the product, in their positions', () => {
    const file = [
      LEGACY_HEADER,
      'mug,Mug,Title,Default Title,MUG-1,12.00,https://cdn.example/mug-side.jpg,2',
      'mug,,,,,,https://cdn.example/mug-front.jpg,1',
      'mug,,,,,,https://cdn.example/mug-top.jpg,',
    ].join('\n');
    const { columns, body } = split(file);
    const [mug] = productCsvChunk(body, 1, columns, context).products;

    expect(mug?.resource.variants).toHaveLength(1);
    expect(mug?.resource.images.map((i) => [i.src, i.position])).toEqual([
      ['https://cdn.example/mug-front.jpg', 1],
      ['https://cdn.example/mug-side.jpg', 2],
      ['https://cdn.example/mug-top.jpg', 3],
    ]);
    expect(mug?.resource.image).toEqual({ src: 'https://cdn.example/mug-front.jpg' });
  });

  it('rejects a product with an invalid row whole, each row with its reason', () => {
    const file = [
      LEGACY_HEADER,
      'mug,Mug,Size,Small,MUG-S,12.00,,',
      'mug,,,Large,MUG-L,"12,50",,',
      'mug,,,,,,https://cdn.example/mug.jpg,1',
      'bowl,Bowl,Title,Default Title,BOWL,9.00,,',
    ].join('\n');
    const { columns, body } = split(file);
    const chunk = productCsvChunk(body, 1, columns, context);

    expect(chunk.products.map((p) => p.handle)).toEqual(['bowl']);
    expect(chunk.rejects.map(({ rowNumber, field, value, reason }) => ({ rowNumber, field, value, reason }))).toEqual([
      { rowNumber: 1, field: 'Handle', value: 'mug', reason: 'product "mug" is not loaded: row 2 is invalid' },
      { rowNumber: 2, field: 'Variant Price', value: '12,50', reason: 'expected a decimal amount, e.g. 19.99' },
      { rowNumber: 3, field: 'Handle', value: 'mug', reason: 'product "mug" is not loaded: row 2 is invalid' },
    ]);
  });

  it('rejects a row without a handle alone, and a handle whose first row has no title', () => {
    const file = [
      LEGACY_HEADER,
      'mug,Mug,Title,Default Title,MUG,12.00,,',
      ',,,,,,https://cdn.example/stray.jpg,1',
      'mug,,,,,,https://cdn.example/mug.jpg,1',
      'plate,,,,,,https://cdn.example/plate.jpg,1',
    ].join('\n');
    const { columns, body } = split(file);
    const chunk = productCsvChunk(body, 1, columns, context);

    expect(chunk.products.map((p) => [p.handle, p.rows.map((r) => r.rowNumber)])).toEqual([['mug', [1, 3]]]);
    expect(chunk.rejects.map((r) => [r.rowNumber, r.field, r.reason])).toEqual([
      [2, 'Handle', 'missing handle: the row belongs to no product'],
      [4, 'Title', `handle "plate" starts a product here, but the row has no Title: variant and image rows must follow their product's first row`],
    ]);
  });

  it('rejects variants whose option values do not fit the product, or repeat', () => {
    const file = [
      'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant Price',
      'tee,Tee,Size,S,,,10.00',
      'tee,,,S,,,11.00',
      'cap,Cap,Size,One,,,8.00',
      'cap,,,Two,,Red,8.00',
    ].join('\n');
    const { columns, body } = split(file);
    const chunk = productCsvChunk(body, 1, columns, context);

    expect(chunk.rejects.filter((r) => r.field !== 'Handle').map((r) => [r.rowNumber, r.field, r.reason])).toEqual([
      [2, 'Option1 Value', 'row 1 of this product has the same option values'],
      [4, 'Option2 Value', "the product's first row has no Option2 Name for this value"],
    ]);
  });

  it('counts an exact repeat of a row of the same product as a duplicate', () => {
    const { columns, body } = split(
      [LEGACY_HEADER, 'mug,Mug,Title,Default Title,MUG,12.00,,', 'mug,,,,,,https://cdn.example/a.jpg,2', 'mug,,,,,,https://cdn.example/a.jpg,2'].join('\n'),
    );
    const chunk = productCsvChunk(body, 1, columns, context);
    expect(chunk).toMatchObject({ seen: 3, duplicates: 1, rejects: [] });
    expect(chunk.products[0]?.rows).toHaveLength(2);
  });

  it('rejects a handle that comes back after another product', () => {
    const { columns, body } = split([LEGACY_HEADER, 'mug,Mug,,,,12.00,,', 'bowl,Bowl,,,,9.00,,', 'mug,Mug again,,,,13.00,,'].join('\n'));
    const chunk = productCsvChunk(body, 1, columns, context);
    expect(chunk.products.map((p) => p.handle)).toEqual(['mug', 'bowl']);
    expect(chunk.rejects.map((r) => [r.rowNumber, r.reason])).toEqual([
      [3, `handle "mug" already started a product at row 1: a product's rows must be contiguous`],
    ]);
  });
});

describe('synthetic ids', () => {
  it('are deterministic per shop and handle, and above every Shopify id (2^62 and up)', () => {
    const id = syntheticId('product', 'a.myshopify.com', 'mug');
    expect(syntheticId('product', 'a.myshopify.com', 'mug')).toBe(id);
    expect(syntheticId('product', 'b.myshopify.com', 'mug')).not.toBe(id);
    expect(syntheticId('variant', 'a.myshopify.com', 'mug')).not.toBe(id);
    expect(BigInt(id) >= 2n ** 62n && BigInt(id) < 2n ** 63n).toBe(true);
  });
});
