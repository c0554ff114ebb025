/**
 * Partner file uploads: jobs, their chunks, rejected rows, the lines they loaded, multipart
 * uploads in progress and the column mappings partners save.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, lineage, money } from './columns';
import { shopRef } from './dimensions';

export const uploadSource = pgEnum('upload_source', ['retail-csv', 'shopify-jsonl', 'shopify-bulk', 'shopify-products-csv', 'mapped-orders']);
export const jobStatus = pgEnum('job_status', ['queued', 'splitting', 'loading', 'done', 'failed']);

/**
 * Declared column mappings of other channels' order exports. Never updated: a job refers to
 * exactly the mapping it was loaded with, and a change is a new mapping.
 */
export const orderMapping = pgTable(
  'order_mapping',
  {
    id: text('id').primaryKey(),
    shopId: shopRef(),
    name: text('name').notNull(),
    /** As validated by src/files/mapped-orders/mapping.ts, defaults filled in; the name is not part of it. */
    definition: jsonb('definition').notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('order_mapping_shop_name').on(t.shopId, t.name)],
);

/** One uploaded file and its progress. Counters are sums over its chunks, so redelivery cannot inflate them. */
export const uploadJob = pgTable(
  'upload_job',
  {
    id: text('id').primaryKey(),
    shopId: shopRef(),
    source: uploadSource('source').notNull(),
    /** For Shopify resource files: the webhook topic whose schema and mapping every line takes. */
    topic: text('topic'),
    /** For bulk operation results: the resync whose staging area the lines go to. */
    resyncId: text('resync_id'),
    /** For mapped order files: the mapping that reads them. */
    mappingId: text('mapping_id').references(() => orderMapping.id),
    rawKey: text('raw_key').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    contentMd5: text('content_md5'),
    status: jobStatus('status').notNull(),
    header: text('header'),
    chunksTotal: integer('chunks_total'),
    chunksDone: integer('chunks_done').notNull().default(0),
    rowsSeen: bigint('rows_seen', { mode: 'number' }).notNull().default(0),
    rowsLoaded: bigint('rows_loaded', { mode: 'number' }).notNull().default(0),
    rowsRejected: bigint('rows_rejected', { mode: 'number' }).notNull().default(0),
    rowsDuplicate: bigint('rows_duplicate', { mode: 'number' }).notNull().default(0),
    error: text('error'),
    /** Times the stalled-work sweep has queued the job again since a chunk last loaded; it fails after a few. */
    sweeps: integer('sweeps').notNull().default(0),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('upload_job_shop').on(t.shopId, t.createdAt)],
);

/** Each chunk of a job (a byte range holding whole records) and what loading it counted. */
export const uploadChunk = pgTable(
  'upload_chunk',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => uploadJob.id),
    chunk: integer('chunk').notNull(),
    shopId: shopRef(),
    startByte: bigint('start_byte', { mode: 'number' }).notNull(),
    endByte: bigint('end_byte', { mode: 'number' }).notNull(),
    firstRow: integer('first_row').notNull(),
    rowsSeen: integer('rows_seen'),
    rowsLoaded: integer('rows_loaded'),
    rowsRejected: integer('rows_rejected'),
    rowsDuplicate: integer('rows_duplicate'),
    loadedAt: instant('loaded_at'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.chunk] })],
);

/** Every row a job did not load, with where it was and why. */
export const uploadReject = pgTable(
  'upload_reject',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => uploadJob.id),
    rowNumber: integer('row_number').notNull(),
    shopId: shopRef(),
    lineHash: text('line_hash').notNull(),
    field: text('field').notNull(),
    value: text('value'),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.rowNumber] }), uniqueIndex('upload_reject_dedupe').on(t.jobId, t.lineHash)],
);

/**
 * Sales lines from other channels' exports (the Online-Retail shape, or any order-line export read
 * through a mapping). Returns are negative quantities; `line_total` is computed exactly by
 * Postgres. `line_hash` drops exact duplicate lines per job. `channel` is the mapping's source
 * name, null for the retail export.
 */
export const factSalesLine = pgTable(
  'fact_sales_line',
  {
    shopId: shopRef(),
    jobId: text('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    lineHash: text('line_hash').notNull(),
    invoiceNo: text('invoice_no').notNull(),
    stockCode: text('stock_code').notNull(),
    description: text('description'),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    lineTotal: money('line_total').generatedAlwaysAs(sql`quantity * unit_price`),
    invoicedAt: instant('invoiced_at').notNull(),
    invoiceDateKey: integer('invoice_date_key').notNull(),
    customerId: text('customer_id'),
    isGuest: boolean('is_guest').notNull(),
    country: text('country'),
    currency: text('currency'),
    isReturn: boolean('is_return').notNull(),
    channel: text('channel'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.jobId, t.rowNumber] }),
    uniqueIndex('fact_sales_line_dedupe').on(t.jobId, t.lineHash),
    index('fact_sales_line_invoice').on(t.shopId, t.invoiceNo),
  ],
);

/** A file arriving in parts (R2 multipart upload) before it becomes a job. */
export const multipartUpload = pgTable('multipart_upload', {
  id: text('id').primaryKey(),
  shopId: shopRef(),
  source: uploadSource('source').notNull(),
  topic: text('topic'),
  mappingId: text('mapping_id').references(() => orderMapping.id),
  rawKey: text('raw_key').notNull(),
  r2UploadId: text('r2_upload_id').notNull(),
  createdAt: instant('created_at').notNull().default(sql`now()`),
  completedJobId: text('completed_job_id'),
  abortedAt: instant('aborted_at'),
});

export const multipartPart = pgTable(
  'multipart_part',
  {
    uploadId: text('upload_id')
      .notNull()
      .references(() => multipartUpload.id),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

/**
 * Records of an upload already taken: a JSON line by its hash (an exact repeat anywhere in the job
 * is a duplicate), a product CSV's product by its id (a handle whose rows come twice is rejected).
 */
export const uploadLine = pgTable(
  'upload_line',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => uploadJob.id),
    lineHash: text('line_hash').notNull(),
    rowNumber: integer('row_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.lineHash] })],
);
