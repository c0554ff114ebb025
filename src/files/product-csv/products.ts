/**
 * The rows of a product CSV → products, REST-shaped as a products/update webhook carries them. A
 * new handle starts a product and its first row carries the product fields; further rows with the
 * same handle add variants and images (an image-only row fills only image columns). A single-variant
 * product names its option `Title` with the value `Default Title`.
 *
 * A product with any invalid row is rejected whole, each of its rows with a reason: loaded
 * without the row, the newer product version would remove that variant from the warehouse (a
 * product's variants are the ones its latest version lists), so a typo must not delete data.
 */
import type { z } from 'zod';
import type { MarketPrice, ProductContent } from '../../domain/product-content';
import type { product } from '../../shopify/payloads/product';
import { malformedReason, parseCsv } from '../csv';
import { lineHash } from '../line-hash';
import type { Reject } from '../rejects';
import { type ProductCsvCells, VARIANT_FIELDS } from './cells';
import { marketOf, type ProductCsvColumns } from './columns';
import { type RowRead, readRow } from './row';
import { syntheticId } from './synthetic-ids';

export type RowReject = Reject & { lineHash: string };

export interface RowRef {
  rowNumber: number;
  lineHash: string;
}

export interface ProductMetafieldValue {
  namespace: string;
  key: string;
  value: string;
}

export interface CsvProduct {
  handle: string;
  /** Every row the product is made of, for counting and lineage. */
  rows: RowRef[];
  resource: ReturnType<typeof restProduct>;
  metafields: ProductMetafieldValue[];
  /** What the rows say beyond the REST resource: SEO, category, Google Shopping, market prices. */
  content: ProductContent;
}

export interface ProductCsvChunk {
  seen: number;
  /** Rows identical to an earlier row of the same product. */
  duplicates: number;
  products: CsvProduct[];
  rejects: RowReject[];
}

/** The shop the ids are derived in, and the version every product of the upload takes. */
export interface ProductCsvContext {
  shopDomain: string;
  updatedAt: string;
}

interface GroupRow extends RowRef {
  read: RowRead;
}

interface Group {
  handle: string;
  rows: GroupRow[];
  /** Where an earlier product with this handle started: rows of one handle must be contiguous. */
  startedEarlierAt?: number;
}

type ValidRow = RowRef & { cells: ProductCsvCells };
type ImageRow = { src: string; position: number | undefined; alt: string | undefined };

const ref = (row: RowRef): RowRef => ({ rowNumber: row.rowNumber, lineHash: row.lineHash });

const OPTIONS = [
  { name: 'option1Name', value: 'option1Value' },
  { name: 'option2Name', value: 'option2Value' },
  { name: 'option3Name', value: 'option3Value' },
] as const;

const isVariantRow = (cells: ProductCsvCells) =>
  VARIANT_FIELDS.some((field) => cells[field] !== undefined) || Object.values(cells.markets).some((price) => price !== undefined);

export function productCsvChunk(text: string, firstRow: number, columns: ProductCsvColumns, context: ProductCsvContext): ProductCsvChunk {
  const chunk: ProductCsvChunk = { seen: 0, duplicates: 0, products: [], rejects: [] };
  const startedAt = new Map<string, number>();
  let group: Group | undefined;
  let hashes = new Set<string>();
  const close = () => {
    if (!group) return;
    const built = buildProduct(group, columns, context);
    if (built.ok) chunk.products.push(built.product);
    else chunk.rejects.push(...built.rejects);
  };

  for (const record of parseCsv(text)) {
    const rowNumber = firstRow + chunk.seen++;
    const hash = lineHash(record.raw);
    const malformed = malformedReason(record);
    if (malformed) {
      // No handle can be read from it, so it belongs to no product: it is rejected alone.
      chunk.rejects.push({ rowNumber, field: '*', value: record.raw.slice(0, 200), reason: malformed, lineHash: hash });
      continue;
    }
    const handle = (record.fields[columns.handle.index] ?? '').trim();
    if (!handle) {
      chunk.rejects.push({ rowNumber, field: columns.handle.header, value: '', reason: 'missing handle: the row belongs to no product', lineHash: hash });
      continue;
    }
    if (group?.handle !== handle) {
      close();
      group = { handle, rows: [], startedEarlierAt: startedAt.get(handle) };
      hashes = new Set();
      if (!startedAt.has(handle)) startedAt.set(handle, rowNumber);
    }
    if (hashes.has(hash)) {
      chunk.duplicates++;
      continue;
    }
    hashes.add(hash);
    group.rows.push({ rowNumber, lineHash: hash, read: readRow(record, columns) });
  }
  close();
  return chunk;
}

type Built = { ok: true; product: CsvProduct } | { ok: false; rejects: RowReject[] };
type Problem = Omit<RowReject, keyof RowRef>;

function buildProduct(group: Group, columns: ProductCsvColumns, context: ProductCsvContext): Built {
  const { handle, rows } = group;
  if (group.startedEarlierAt !== undefined) {
    const reason = `handle "${handle}" already started a product at row ${group.startedEarlierAt}: a product's rows must be contiguous`;
    return { ok: false, rejects: rows.map((row) => ({ ...ref(row), field: columns.handle.header, value: handle, reason })) };
  }
  const problems = new Map<number, Problem>();
  for (const { rowNumber, read } of rows) if (!read.ok) problems.set(rowNumber, { field: read.field, value: read.value, reason: read.reason });
  const head = rows[0]!;
  const productCells = head.read.ok ? head.read.cells : undefined;
  if (productCells && productCells.title === undefined) {
    problems.set(head.rowNumber, {
      field: columns.fields.title?.header ?? 'Title',
      value: '',
      reason: `handle "${handle}" starts a product here, but the row has no Title: variant and image rows must follow their product's first row`,
    });
  }
  const rejected = () => {
    const firstProblem = Math.min(...problems.keys());
    const notLoaded = { field: columns.handle.header, value: handle, reason: `product "${handle}" is not loaded: row ${firstProblem} is invalid` };
    return { ok: false as const, rejects: rows.map((row) => ({ ...ref(row), ...(problems.get(row.rowNumber) ?? notLoaded) })) };
  };
  if (!productCells) return rejected();
  const parts = productParts(rows, productCells, columns, problems);
  if (problems.size > 0) return rejected();

  const metafields = columns.metafields.flatMap(({ header, namespace, key }) => {
    const value = productCells.metafields[header];
    return value === undefined ? [] : [{ namespace, key, value }];
  });
  return {
    ok: true,
    product: {
      handle,
      rows: rows.map(ref),
      resource: restProduct(handle, productCells, parts.variants, parts.images, context),
      metafields,
      content: productContent(handle, productCells, parts.variants, columns, context),
    },
  };
}

/**
 * The variants and images the valid rows add, recording in `problems` each row that cannot be
 * one: every row after the first must add a variant or an image, and option values must fit.
 */
function productParts(rows: readonly GroupRow[], productCells: ProductCsvCells, columns: ProductCsvColumns, problems: Map<number, Problem>) {
  const variants: ValidRow[] = [];
  const images: ImageRow[] = [];
  const optionsSeenAt = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    if (!row.read.ok || problems.has(row.rowNumber)) continue;
    const { cells } = row.read;
    const variant = isVariantRow(cells);
    if (!variant && i > 0 && cells.imageSrc === undefined) {
      problems.set(row.rowNumber, { field: '*', value: null, reason: 'the row adds neither a variant nor an image' });
      continue;
    }
    if (variant) {
      const problem = optionProblem(cells, productCells, columns);
      if (problem) {
        problems.set(row.rowNumber, problem);
        continue;
      }
      const options = OPTIONS.map((o) => cells[o.value] ?? '').join('\u0000');
      const earlier = optionsSeenAt.get(options);
      if (earlier !== undefined) {
        const field = columns.fields.option1Value?.header ?? 'Option1 Value';
        problems.set(row.rowNumber, { field, value: variantTitle(cells), reason: `row ${earlier} of this product has the same option values` });
        continue;
      }
      optionsSeenAt.set(options, row.rowNumber);
      variants.push({ ...ref(row), cells });
    }
    if (cells.imageSrc !== undefined && !images.some((image) => image.src === cells.imageSrc))
      images.push({ src: cells.imageSrc, position: cells.imagePosition, alt: cells.imageAlt });
  }
  // A variant's image is one of the product's images; one named only by a variant comes after the others.
  for (const { cells } of variants) {
    if (cells.variantImage !== undefined && !images.some((image) => image.src === cells.variantImage))
      images.push({ src: cells.variantImage, position: undefined, alt: undefined });
  }
  return { variants, images };
}

/** A variant's option values must match the options its product names. */
function optionProblem(cells: ProductCsvCells, product: ProductCsvCells, columns: ProductCsvColumns): Problem | null {
  for (const [i, option] of OPTIONS.entries()) {
    const name = product[option.name];
    const value = cells[option.value];
    const field = columns.fields[option.value]?.header ?? `Option${i + 1} Value`;
    if (value !== undefined && name === undefined) return { field, value, reason: `the product's first row has no Option${i + 1} Name for this value` };
    if (value === undefined && name !== undefined)
      return { field, value: '', reason: `the product names option ${i + 1} (${name}): every variant needs a value for it` };
  }
  return null;
}

function variantTitle(cells: ProductCsvCells): string {
  const values = OPTIONS.flatMap((o) => cells[o.value] ?? []);
  return values.length ? values.join(' / ') : 'Default Title';
}

const variantIdOf = (context: ProductCsvContext, handle: string, cells: ProductCsvCells) =>
  syntheticId('variant', context.shopDomain, handle, ...OPTIONS.map((o) => cells[o.value] ?? ''));

/** The REST Product resource (src/shopify/payloads/product.ts) the rows describe. */
function restProduct(handle: string, cells: ProductCsvCells, variantRows: readonly ValidRow[], imageRows: readonly ImageRow[], context: ProductCsvContext) {
  const productId = syntheticId('product', context.shopDomain, handle);
  // Images in their stated positions; an image without one keeps its place in the file after them.
  const images = [...imageRows]
    .map((image, order) => ({ ...image, order }))
    .sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.order - b.order)
    .map((image, i) => ({
      id: syntheticId('image', context.shopDomain, handle, image.src),
      src: image.src,
      position: i + 1,
      alt: image.alt ?? null,
      variant_ids: variantRows.filter((row) => row.cells.variantImage === image.src).map((row) => variantIdOf(context, handle, row.cells)),
    }));
  const variants = variantRows.map(({ cells }, i) => ({
    id: variantIdOf(context, handle, cells),
    product_id: productId,
    title: variantTitle(cells),
    sku: cells.sku ?? null,
    barcode: cells.barcode ?? null,
    price: cells.price ?? null,
    compare_at_price: cells.compareAtPrice ?? null,
    position: i + 1,
    option1: cells.option1Value ?? null,
    option2: cells.option2Value ?? null,
    option3: cells.option3Value ?? null,
    inventory_item_id: null,
    inventory_quantity: cells.inventoryQuantity ?? null,
    taxable: cells.taxable ?? null,
    requires_shipping: cells.requiresShipping ?? null,
    grams: cells.grams ?? null,
    created_at: null,
    updated_at: context.updatedAt,
  }));
  return {
    id: productId,
    admin_graphql_api_id: null,
    title: cells.title ?? '',
    body_html: cells.bodyHtml ?? null,
    handle,
    vendor: cells.vendor ?? null,
    product_type: cells.productType ?? null,
    status: cells.status ?? null,
    tags: cells.tags ?? null,
    // The export says only whether the product is published: as of this upload, it is.
    published_at: cells.published ? context.updatedAt : null,
    created_at: null,
    updated_at: context.updatedAt,
    variants,
    images,
    image: images[0] ? { src: images[0].src } : null,
  } satisfies z.input<typeof product>;
}

/**
 * The product's content beyond the REST resource: SEO and category and the Google Shopping
 * columns from its first row, and each variant's prices in the markets the file has columns for
 * (a market whose price cells are both blank has no price of its own for the variant). The file
 * does not say a market's currency.
 */
function productContent(
  handle: string,
  cells: ProductCsvCells,
  variantRows: readonly ValidRow[],
  columns: ProductCsvColumns,
  context: ProductCsvContext,
): ProductContent {
  const marketPrices = variantRows.flatMap((row) => {
    const byMarket = new Map<string, MarketPrice>();
    for (const column of columns.markets) {
      const market = marketOf(column.header);
      const amount = row.cells.markets[column.header];
      if (!market || amount === undefined) continue;
      const price = byMarket.get(market.market) ?? {
        variantId: variantIdOf(context, handle, row.cells),
        market: market.market,
        currency: null,
        price: null,
        compareAtPrice: null,
      };
      byMarket.set(market.market, { ...price, [market.kind]: amount });
    }
    return [...byMarket.values()];
  });
  return {
    productId: syntheticId('product', context.shopDomain, handle),
    updatedAt: context.updatedAt,
    seoTitle: cells.seoTitle ?? null,
    seoDescription: cells.seoDescription ?? null,
    category: cells.category ?? null,
    googleShopping: {
      productCategory: cells.googleProductCategory ?? null,
      gender: cells.googleGender ?? null,
      ageGroup: cells.googleAgeGroup ?? null,
      mpn: cells.googleMpn ?? null,
      condition: cells.googleCondition ?? null,
      customProduct: cells.googleCustomProduct ?? null,
      adwordsGrouping: cells.googleAdwordsGrouping ?? null,
      adwordsLabels: cells.googleAdwordsLabels ?? null,
      customLabels: [
        cells.googleCustomLabel0 ?? null,
        cells.googleCustomLabel1 ?? null,
        cells.googleCustomLabel2 ?? null,
        cells.googleCustomLabel3 ?? null,
        cells.googleCustomLabel4 ?? null,
      ],
    },
    marketPrices,
  };
}
