/**
 * The data-quality rules, declared per table: completeness of key columns, validity (ranges,
 * enums, formats), uniqueness, referential integrity, reconciliation and freshness. Each is
 * measured for one shop at a time (src/warehouse/quality.ts) and scored 0–100: the share of the
 * rows it checked that pass. A rule with nothing to compare with yet (no full resync) is skipped,
 * not scored.
 */
import type { QualityCheck } from '../warehouse/quality';

export type Dimension = 'completeness' | 'validity' | 'uniqueness' | 'integrity' | 'reconciliation' | 'freshness' | 'anomaly';

export interface QualityRule {
  name: string;
  dimension: Exclude<Dimension, 'anomaly'>;
  table: string;
  description: string;
  check: QualityCheck;
}

/** Admin GraphQL OrderDisplayFinancialStatus (shopify.dev/docs/api/admin-graphql/latest/enums/OrderDisplayFinancialStatus), lower-cased as REST gives it. */
const FINANCIAL_STATUSES = ['authorized', 'expired', 'paid', 'partially_paid', 'partially_refunded', 'pending', 'refunded', 'voided'];

const complete = (table: string, key: string, column: string, why: string): QualityRule => ({
  name: `${table}.${column}.complete`,
  dimension: 'completeness',
  table,
  description: `${column} is set (${why})`,
  check: { kind: 'complete', table, key, column },
});

const valid = (table: string, key: string, name: string, condition: string, description: string): QualityRule => ({
  name: `${table}.${name}.valid`,
  dimension: 'validity',
  table,
  description,
  check: { kind: 'valid', table, key, condition },
});

const references = (table: string, key: string, columns: string[], parent: string): QualityRule => ({
  name: `${table}.${columns.join('_')}.references`,
  dimension: 'integrity',
  table,
  description: `${columns.join(', ')} names a row of ${parent}`,
  check: { kind: 'references', table, key, columns, parent, parentColumns: columns },
});

export const QUALITY_RULES: readonly QualityRule[] = [
  complete('dim_inventory_item', 'inventory_item_id', 'cost', 'cost of goods and margins need it'),
  complete('dim_variant', 'variant_id', 'inventory_item_id', 'stock and costs reach a variant through it'),
  complete('dim_location', 'location_id', 'name', 'a location only named by a level is a reference without its record'),
  complete('fact_order', 'order_id', 'source_name', 'channels are read from it'),
  valid('fact_order', 'order_id', 'total_price', 't.total_price >= 0', 'total_price is not negative'),
  valid('fact_order', 'order_id', 'currency', "t.currency ~ '^[A-Z]{3}$'", 'currency is an ISO 4217 code'),
  valid(
    'fact_order',
    'order_id',
    'financial_status',
    `t.financial_status is null or t.financial_status in (${FINANCIAL_STATUSES.map((s) => `'${s}'`).join(', ')})`,
    "financial_status is one of Shopify's",
  ),
  valid('fact_order_line', 'line_item_id', 'quantity', 't.quantity > 0', 'quantity is positive'),
  valid('fact_order_line', 'line_item_id', 'price', 't.price >= 0', 'price is not negative'),
  valid('fact_refund_line', 'refund_line_item_id', 'quantity', 't.quantity > 0', 'quantity is positive'),
  {
    name: 'dim_variant.sku.unique',
    dimension: 'uniqueness',
    table: 'dim_variant',
    description: 'one live variant per SKU (files and marketplaces that name a SKU reach one variant)',
    check: { kind: 'unique', table: 'dim_variant', key: 'variant_id', columns: ['sku'], where: "t.sku is not null and t.sku <> '' and t.deleted_at is null" },
  },
  {
    name: 'fact_order.name.unique',
    dimension: 'uniqueness',
    table: 'fact_order',
    description: 'one order per order name',
    check: { kind: 'unique', table: 'fact_order', key: 'order_id', columns: ['name'], where: 't.name is not null and t.deleted_at is null' },
  },
  references('fact_order_line', 'line_item_id', ['order_id'], 'fact_order'),
  references('fact_refund', 'refund_id', ['order_id'], 'fact_order'),
  references('fact_refund_line', 'refund_line_item_id', ['line_item_id'], 'fact_order_line'),
  references('dim_variant', 'variant_id', ['product_id'], 'dim_product'),
  references('fact_inventory_level', 'inventory_item_id', ['inventory_item_id'], 'dim_inventory_item'),
  references('fact_inventory_level', 'location_id', ['location_id'], 'dim_location'),
  {
    name: 'fact_order.lines.reconcile',
    dimension: 'reconciliation',
    table: 'fact_order',
    description: "an order's lines add up to its total line items price",
    check: { kind: 'lines_match_order' },
  },
  {
    name: 'resync.counts.reconcile',
    dimension: 'reconciliation',
    table: 'resync',
    description:
      "each entity's rows live when the last full resync's export began equal the records it saw created before then (skipped until a full resync has completed)",
    // Not variants: children of products, with no creation time in the warehouse, and removed when
    // their product drops them. Not collections or returns: their exports select no creation time.
    // Not abandoned checkouts: the export lacks those completed within ten minutes. Not fulfillment
    // orders: the warehouse keeps no deletion time for them.
    check: {
      kind: 'matches_full_resync',
      entities: [
        { entity: 'orders', table: 'fact_order' },
        { entity: 'products', table: 'dim_product' },
        { entity: 'customers', table: 'dim_customer', where: 't.is_current' },
        { entity: 'inventoryItems', table: 'dim_inventory_item' },
        { entity: 'locations', table: 'dim_location' },
        { entity: 'draftOrders', table: 'fact_draft_order' },
        { entity: 'discounts', table: 'dim_discount' },
      ],
    },
  },
  {
    name: 'raw_event.topics.fresh',
    dimension: 'freshness',
    table: 'raw_event',
    description: 'each topic delivered within three of its usual gaps over the last 7 days (an hour at least)',
    check: { kind: 'fresh_topics' },
  },
];
