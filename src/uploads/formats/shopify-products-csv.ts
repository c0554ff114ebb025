/**
 * Shopify's product CSV export (either header generation). Each product the rows describe is
 * validated and mapped by the products/update webhook's model, so it lands in dim_product and
 * dim_variant exactly as a webhook would, versioned at the job's creation time; its metafield
 * columns go to product_metafield, and what else it says (SEO, category, Google Shopping, market
 * prices) to product_content and variant_market_price.
 */
import type { PiiPolicies } from '../../domain/pii';
import { productContentRows } from '../../domain/product-content';
import { appendRows, type PayloadRows, rows, type Source } from '../../domain/rows';
import { topicModel } from '../../domain/topics';
import { type ProductCsvColumns, productCsvColumns } from '../../files/product-csv/columns';
import { productCsvChunk, type RowRef, type RowReject } from '../../files/product-csv/products';
import { syntheticId } from '../../files/product-csv/synthetic-ids';
import { CSV } from '../../files/record-boundaries';
import { PermanentFailure } from '../../pipeline/dead-letters';
import { loadWarehouseRows } from '../../warehouse/load-rows';
import { type MetafieldRow, replaceProductMetafields } from '../../warehouse/product-metafields';
import type { ChunkLoader } from '../../warehouse/upload-chunks';
import { claimLines } from '../../warehouse/upload-lines';
import { insertRejects } from '../../warehouse/upload-rejects';
import { csvLayout, headerFields } from '../file-layout';
import { webhookSource } from '../webhook-source';
import type { UploadFormat } from './format';

interface LoadableProduct {
  productId: string;
  handle: string;
  rows: RowRef[];
  warehouseRows: PayloadRows;
  metafields: MetafieldRow[];
}

interface ProductChunk {
  seen: number;
  duplicates: number;
  /** The handle column as the file names it, for rejects about a whole product. */
  handleHeader: string;
  products: LoadableProduct[];
  rejects: RowReject[];
}

function productChunk(text: string, firstRow: number, columns: ProductCsvColumns, source: Source, pii: PiiPolicies): ProductChunk {
  const parsed = productCsvChunk(text, firstRow, columns, { shopDomain: source.shopDomain, updatedAt: source.eventAt });
  const chunk: ProductChunk = { seen: parsed.seen, duplicates: parsed.duplicates, handleHeader: columns.handle.header, products: [], rejects: parsed.rejects };
  const model = topicModel('products/update')!;
  for (const product of parsed.products) {
    const validated = model.validate(product.resource);
    if (!validated.ok) {
      const reason = `product "${product.handle}" is not a valid Shopify product: ${validated.reason}`;
      chunk.rejects.push(...product.rows.map((row) => ({ ...row, field: columns.handle.header, value: product.handle, reason })));
      continue;
    }
    const productId = product.resource.id;
    chunk.products.push({
      productId,
      handle: product.handle,
      rows: product.rows,
      warehouseRows: appendRows(validated.toRows(source, pii), productContentRows(product.content, source)),
      metafields: product.metafields.map((m) => ({
        metafieldId: syntheticId('metafield', source.shopDomain, product.handle, m.namespace, m.key),
        productId,
        namespace: m.namespace,
        key: m.key,
        type: null,
        value: m.value,
        rawKey: source.rawKey,
      })),
    });
  }
  return chunk;
}

/**
 * Claims the chunk's products for the job, then loads those it took. A product already claimed
 * came from rows of the same handle elsewhere in the file (another chunk): its rows were not contiguous.
 */
function productLoader(chunk: ProductChunk): ChunkLoader {
  return async (tx, job) => {
    const claimed = await claimLines(
      tx,
      job.id,
      chunk.products.map((p) => ({ lineHash: p.productId, rowNumber: p.rows[0]!.rowNumber })),
    );
    const taken = chunk.products.filter((p) => claimed.has(p.productId));
    const elsewhere = chunk.products
      .filter((p) => !claimed.has(p.productId))
      .flatMap((p) => {
        const reason = `handle "${p.handle}" has rows elsewhere in the file: a product's rows must be contiguous`;
        return p.rows.map((row) => ({ ...row, field: chunk.handleHeader, value: p.handle, reason }));
      });
    await loadWarehouseRows(
      tx,
      taken.reduce((all, p) => appendRows(all, p.warehouseRows), rows({})),
    );
    await replaceProductMetafields(tx, job, taken);
    const rejects = await insertRejects(tx, job, [...chunk.rejects, ...elsewhere]);
    const loaded = taken.reduce((n, p) => n + p.rows.length, 0);
    return { loaded, rejected: rejects.rejected, duplicates: chunk.duplicates + rejects.duplicates };
  };
}

export const shopifyProductsCsv: UploadFormat = {
  description: 'the Shopify admin product export (legacy or 2025 headers), loaded as products/update would load each product',
  layout: (ctx, job) =>
    csvLayout(ctx, job, (fields) => {
      const columns = productCsvColumns(fields);
      // A product is loaded from all its rows at once, so a chunk ends only where the handle changes.
      return columns.ok ? { ok: true, format: { ...CSV, groupColumn: columns.columns.handle.index } } : columns;
    }),
  async read(ctx, job, bytes, firstRow) {
    const { source, pii } = await webhookSource(ctx, job);
    const columns = productCsvColumns(headerFields(job));
    if (!columns.ok) throw new PermanentFailure(`job ${job.id}: ${columns.reason}`);
    const chunk = productChunk(new TextDecoder().decode(bytes), firstRow, columns.columns, source, pii);
    return { seen: chunk.seen, load: productLoader(chunk) };
  },
  upload: { parameters: [], extension: () => 'csv' },
};
