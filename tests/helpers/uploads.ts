/** Uploading files through the partner API and following their jobs. */

import { sql } from 'drizzle-orm';
import { api, apiJson } from './api';
import { eventually, query } from './warehouse';

export interface JobView {
  id: string;
  status: string;
  mappingId: string | null;
  error: string | null;
  rows: { seen: number; loaded: number; rejected: number; duplicates: number; balanced: boolean };
  chunks: { total: number | null; done: number };
}

export async function upload(key: string, body: string, source = 'retail-csv') {
  return apiJson<JobView>(`/v1/uploads?source=${source}`, key, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
}

export interface MappingView {
  id: string;
  name: string;
  format: 'csv' | 'jsonl';
  channel: string;
  fields: Record<string, string>;
  date_format: string;
  timezone: string;
  decimal_separator: string;
  returns: string;
  createdAt: string;
  uploadUrl: string;
}

export async function declareMapping(key: string, mapping: Record<string, unknown>) {
  return apiJson<MappingView>('/v1/mappings', key, { method: 'POST', body: JSON.stringify(mapping) });
}

/** The column mapping of the sample Amazon order report (samples/uploads/amazon-orders.csv). */
export const AMAZON = {
  name: 'amazon-all-orders',
  format: 'csv',
  channel: 'amazon',
  fields: {
    order_id: 'amazon-order-id',
    sku: 'sku',
    quantity: 'quantity',
    unit_price: 'item-price',
    ordered_at: 'purchase-date',
    description: 'product-name',
    country: 'ship-country',
  },
};

/** The mapping of the sample POS export (samples/uploads/pos-legacy-orders.jsonl). */
export const POS = {
  name: 'pos-legacy',
  format: 'jsonl',
  channel: 'pos-legacy',
  fields: {
    order_id: 'receipt.number',
    sku: 'item.sku',
    quantity: 'item.qty',
    unit_price: 'item.price',
    ordered_at: 'receipt.closed_at',
    description: 'item.name',
    customer_id: 'customer.id',
    country: 'customer.country',
    currency: 'currency',
    line_total: 'item.total',
  },
  date_format: 'YYYY-MM-DD HH:mm:ss',
  timezone: 'Europe/Berlin',
  decimal_separator: ',',
};

export async function uploadMapped(key: string, mappingId: string, body: string) {
  return apiJson<JobView>(`/v1/uploads?source=mapped-orders&mapping=${mappingId}`, key, { method: 'POST', body });
}

/** Waits on the warehouse (polling the API would spend the key's rate limit), then reads the job through the API. */
export async function finishedJob(key: string, jobId: string): Promise<JobView> {
  await eventually(
    () => query<{ status: string }>(sql`select status::text from upload_job where id = ${jobId}`),
    (rows) => rows[0]?.status === 'done' || rows[0]?.status === 'failed',
    30_000,
  );
  return (await apiJson<JobView>(`/v1/jobs/${jobId}`, key)).body;
}

export async function rejectsOf(key: string, jobId: string) {
  return (await apiJson<{ data: { row: number; field: string; value: string | null; reason: string }[] }>(`/v1/jobs/${jobId}/rejects?limit=1000`, key)).body
    .data;
}

export { api };
