/**
 * A product CSV header → the column of each field, by name (case and spacing aside), never by
 * position, so that both header generations (legacy `Handle, Body (HTML), Variant Price, …`
 * and 2025's `URL handle, Description, Price, …`) and any column order are read alike. Unknown
 * columns are ignored; metafield and market price columns are recognised by their shape.
 */
import { type Column, headerKey, headerSample } from '../csv';
import type { ProductCsvField } from './cells';

const ALIASES = {
  handle: ['Handle', 'URL handle'],
  title: ['Title'],
  vendor: ['Vendor'],
  productType: ['Type'],
  tags: ['Tags'],
  published: ['Published', 'Published on online store'],
  status: ['Status'],
  option1Name: ['Option1 Name'],
  option2Name: ['Option2 Name'],
  option3Name: ['Option3 Name'],
  option1Value: ['Option1 Value'],
  option2Value: ['Option2 Value'],
  option3Value: ['Option3 Value'],
  sku: ['Variant SKU', 'SKU'],
  barcode: ['Variant Barcode', 'Barcode'],
  grams: ['Variant Grams', 'Weight value (grams)'],
  inventoryQuantity: ['Variant Inventory Qty', 'Inventory quantity'],
  price: ['Variant Price', 'Price'],
  compareAtPrice: ['Variant Compare At Price', 'Compare-at price'],
  requiresShipping: ['Variant Requires Shipping', 'Requires shipping'],
  taxable: ['Variant Taxable', 'Charge tax'],
  imageSrc: ['Image Src', 'Product image URL'],
  imagePosition: ['Image Position'],
  imageAlt: ['Image Alt Text'],
  variantImage: ['Variant Image', 'Variant image URL'],
  bodyHtml: ['Body (HTML)', 'Description'],
  category: ['Product Category'],
  seoTitle: ['SEO Title'],
  seoDescription: ['SEO Description'],
  googleProductCategory: ['Google Shopping / Google Product Category'],
  googleGender: ['Google Shopping / Gender'],
  googleAgeGroup: ['Google Shopping / Age Group'],
  googleMpn: ['Google Shopping / MPN'],
  googleAdwordsGrouping: ['Google Shopping / AdWords Grouping'],
  googleAdwordsLabels: ['Google Shopping / AdWords Labels'],
  googleCondition: ['Google Shopping / Condition'],
  googleCustomProduct: ['Google Shopping / Custom Product'],
  googleCustomLabel0: ['Google Shopping / Custom Label 0'],
  googleCustomLabel1: ['Google Shopping / Custom Label 1'],
  googleCustomLabel2: ['Google Shopping / Custom Label 2'],
  googleCustomLabel3: ['Google Shopping / Custom Label 3'],
  googleCustomLabel4: ['Google Shopping / Custom Label 4'],
} as const satisfies Record<ProductCsvField, readonly string[]>;

const FIELD_BY_NAME = new Map<string, ProductCsvField>(
  (Object.entries(ALIASES) as [ProductCsvField, readonly string[]][]).flatMap(([field, names]) => names.map((name) => [headerKey(name), field] as const)),
);

// `Price / International`, `Compare At Price / International`, `Compare-at price / Canada`
const MARKET_PRICE = /^(price|compare-?atprice)\/./;
const MARKET_HEADER = /^\s*(price|compare[-\s]*at\s+price)\s*\/\s*(.+?)\s*$/i;

/** A market price column's market and whether it holds the price or the compare-at price. */
export function marketOf(header: string): { market: string; kind: 'price' | 'compareAtPrice' } | null {
  const match = MARKET_HEADER.exec(header);
  return match ? { market: match[2]!, kind: match[1]!.toLowerCase() === 'price' ? 'price' : 'compareAtPrice' } : null;
}
// `Fabric (product.metafields.custom.fabric)`; variant metafields are not product data and are ignored.
const PRODUCT_METAFIELD = /\(product\.metafields\.([^\s.()]+)\.([^\s()]+)\)$/i;

export interface MetafieldColumn extends Column {
  namespace: string;
  key: string;
}

export interface ProductCsvColumns {
  /** Fields per row the header announces. */
  width: number;
  handle: Column;
  fields: Partial<Record<ProductCsvField, Column>>;
  markets: Column[];
  metafields: MetafieldColumn[];
}

export type ColumnsResult = { ok: true; columns: ProductCsvColumns } | { ok: false; reason: string };

export function productCsvColumns(header: readonly string[]): ColumnsResult {
  const fields: Partial<Record<ProductCsvField, Column>> = {};
  const markets: Column[] = [];
  const metafields: MetafieldColumn[] = [];
  for (const [index, raw] of header.entries()) {
    const name = raw.trim();
    const field = FIELD_BY_NAME.get(headerKey(name));
    const metafield = PRODUCT_METAFIELD.exec(name);
    if (field) {
      const earlier = fields[field];
      if (earlier) return { ok: false, reason: `columns "${earlier.header}" and "${name}" are the same field: keep one` };
      fields[field] = { index, header: name };
    } else if (MARKET_PRICE.test(headerKey(name))) {
      markets.push({ index, header: name });
    } else if (metafield) {
      metafields.push({ index, header: name, namespace: metafield[1]!, key: metafield[2]! });
    }
  }
  const seen = `found: ${headerSample(header)}`;
  if (!fields.handle) return { ok: false, reason: `expected a Shopify product CSV header with a Handle (or URL handle) column; ${seen}` };
  if (!fields.title) return { ok: false, reason: `expected a Shopify product CSV header with a Title column; ${seen}` };
  return { ok: true, columns: { width: header.length, handle: fields.handle, fields, markets, metafields } };
}
