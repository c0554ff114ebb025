/**
 * What an export writes: every table of the star schema and every analytics mart, one line each.
 * A table's name is its folder under exports/{shop}/; its key orders its files and is what a
 * reader deduplicates on.
 *
 * - `changes`: tables whose rows are only ever inserted, updated or soft-deleted (`deleted_at`),
 *   each change stamped with `loaded_at`. A run writes the rows loaded since the table's cursor;
 *   a reader gets the current state as the latest row per key across runs.
 * - `snapshot`: tables whose rows a load may remove (an edit drops an order's line, a rebuild
 *   replaces a customer's versions), tables without `loaded_at`, and the marts. A run writes every
 *   current row; the current state is the latest run's files.
 *
 * `personal` marks the tables holding what a customer redaction erases: a purging run
 * (exports/run.ts) exports them in full and deletes their earlier files.
 */
import type { ExportRelation } from '../warehouse/exports';

const star = (name: string, mode: ExportRelation['mode'], key: string[], nullableKey: string[] = []): ExportRelation => ({
  name,
  schema: 'public',
  mode,
  key: key.map((column) => ({ column, nullable: nullableKey.includes(column) })),
  perShop: true,
  personalData: false,
});

/** A table whose rows hold a customer's personal data: what erase-customer.ts rewrites. */
const personal = (relation: ExportRelation): ExportRelation => ({ ...relation, personalData: true });

const mart = (name: string, key: string[], nullableKey: string[] = []): ExportRelation => ({
  ...star(name, 'snapshot', key, nullableKey),
  schema: 'analytics',
});

export const EXPORT_TABLES: readonly ExportRelation[] = [
  star('dim_shop', 'snapshot', ['shop_id']),
  personal(star('dim_customer', 'snapshot', ['customer_id', 'valid_from'])),
  star('dim_product', 'changes', ['product_id']),
  star('product_metafield', 'snapshot', ['metafield_id']),
  star('dim_variant', 'snapshot', ['variant_id']),
  star('product_image', 'snapshot', ['product_id', 'position']),
  star('product_content', 'changes', ['product_id']),
  star('variant_market_price', 'snapshot', ['variant_id', 'market']),
  star('dim_collection', 'changes', ['collection_id']),
  star('collection_product', 'snapshot', ['collection_id', 'product_id']),
  star('dim_location', 'snapshot', ['location_id']),
  star('dim_inventory_item', 'changes', ['inventory_item_id']),
  star('dim_inventory_item_cost_history', 'changes', ['inventory_item_id', 'updated_at']),
  star('dim_discount', 'changes', ['discount_id']),
  star('dim_discount_code', 'snapshot', ['discount_code_id']),
  star('dim_channel', 'snapshot', ['source_name']),
  { ...star('dim_date', 'snapshot', ['date_key']), perShop: false },
  personal(star('fact_order', 'changes', ['order_id'])),
  star('fact_order_line', 'snapshot', ['line_item_id']),
  star('fact_order_discount', 'snapshot', ['order_id', 'application_index']),
  star('fact_discount_allocation', 'snapshot', ['target_type', 'target_id', 'application_index']),
  star('fact_shipping_line', 'snapshot', ['shipping_line_id']),
  star('fact_order_transaction', 'changes', ['transaction_id']),
  star('fact_refund', 'changes', ['refund_id']),
  star('fact_refund_line', 'snapshot', ['refund_line_item_id']),
  star('fact_fulfillment', 'changes', ['fulfillment_id']),
  star('fact_fulfillment_order', 'changes', ['fulfillment_order_id']),
  star('fact_fulfillment_order_line', 'snapshot', ['fulfillment_order_line_item_id']),
  star('fact_fulfillment_order_event', 'changes', ['fulfillment_order_id', 'topic', 'occurred_at']),
  star('fact_order_edit', 'changes', ['order_edit_id']),
  personal(star('fact_draft_order', 'changes', ['draft_order_id'])),
  star('fact_draft_order_line', 'snapshot', ['line_item_id']),
  personal(star('fact_checkout', 'changes', ['checkout_id'])),
  star('fact_return', 'changes', ['return_id']),
  star('fact_return_line', 'snapshot', ['return_line_item_id']),
  star('fact_return_event', 'changes', ['return_id', 'topic', 'occurred_at']),
  star('fact_inventory_level', 'changes', ['inventory_item_id', 'location_id']),
  star('fact_inventory_level_history', 'changes', ['inventory_item_id', 'location_id', 'updated_at']),
  star('fact_sales_line', 'changes', ['job_id', 'row_number']),
  star('fact_customer_lifetime', 'snapshot', ['customer_id']),
  star('fact_customer_month', 'snapshot', ['customer_id', 'month']),
  star('fact_product_day', 'snapshot', ['date', 'product_id', 'variant_id'], ['product_id', 'variant_id']),
  mart('sales_daily', ['date', 'channel', 'currency']),
  mart('product_sales_daily', ['date', 'product_id', 'variant_id'], ['product_id', 'variant_id']),
  mart('channel_sales_daily', ['date', 'source', 'channel', 'currency']),
  mart('discounts', ['date', 'discount', 'method'], ['discount', 'method']),
  mart('checkout_funnel_daily', ['date']),
  mart('fulfillment_daily', ['date']),
  mart('customers', ['customer_id']),
  mart('cohorts_monthly', ['cohort_month', 'months_since_first_order']),
  mart('inventory_position', ['inventory_item_id', 'location_id']),
];

export const EXPORT_TABLE_NAMES = EXPORT_TABLES.map((t) => t.name);

/** What a run for customer redactions exports in full, and whose earlier files it deletes. */
export const PERSONAL_TABLE_NAMES = EXPORT_TABLES.filter((t) => t.personalData).map((t) => t.name);

export function exportTable(name: string): ExportRelation | undefined {
  return EXPORT_TABLES.find((t) => t.name === name);
}
