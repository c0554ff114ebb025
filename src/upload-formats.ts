/**
 * Every format a job's file can have, by source, as domain/topics.ts has every topic: the split and
 * chunk consumers and the upload routes dispatch through this record, so a new format is its own
 * module plus one line here (and its value in the upload_source enum).
 *
 * The record is assembled here, above the features, because one format is a resync's: its bulk
 * results are staged through the same chunk path (resync/staging.ts). Resyncs use the uploads' job
 * machinery, so uploads may not import resync; the chunk path in uploads takes this record as a
 * parameter instead, and knows nothing of resyncs.
 */
import { shopifyBulk } from './resync/staging';
import type { UploadFormats } from './uploads/formats/format';
import { mappedOrders } from './uploads/formats/mapped-orders';
import { retailCsv } from './uploads/formats/retail-csv';
import { shopifyJsonl } from './uploads/formats/shopify-jsonl';
import { shopifyProductsCsv } from './uploads/formats/shopify-products-csv';

export const uploadFormats: UploadFormats = {
  'retail-csv': retailCsv,
  'shopify-jsonl': shopifyJsonl,
  'shopify-products-csv': shopifyProductsCsv,
  'mapped-orders': mappedOrders,
  'shopify-bulk': shopifyBulk,
};
