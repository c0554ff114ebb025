/**
 * Deletions, lifecycle and compliance: tombstones, bulk operations seen, GDPR requests and
 * the customers they redacted.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant, lineage, shopifyId } from './columns';
import { shopRef } from './dimensions';

export const entityKind = pgEnum('entity_kind', [
  'order',
  'product',
  'collection',
  'customer',
  'inventory_item',
  'location',
  'draft_order',
  'checkout',
  'discount',
]);

/**
 * Tombstones: what Shopify said was deleted, and when. Kept apart from the rows so that a
 * delete that arrives before the create (no ordering) still wins when the create lands.
 */
export const deletedEntity = pgTable(
  'deleted_entity',
  {
    shopId: shopRef(),
    entity: entityKind('entity').notNull(),
    entityId: shopifyId('entity_id').notNull(),
    deletedAt: instant('deleted_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.entity, t.entityId] })],
);

export const bulkOperation = pgTable(
  'bulk_operation',
  {
    adminGraphqlApiId: text('admin_graphql_api_id').notNull(),
    shopId: shopRef(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    type: text('type'),
    createdAt: instant('created_at'),
    completedAt: instant('completed_at'),
    ...lineage,
  },
  // Keyed by shop like every shop's row: a delivery naming another shop's operation cannot touch it.
  (t) => [primaryKey({ columns: [t.shopId, t.adminGraphqlApiId] })],
);

export const complianceTopic = pgEnum('compliance_topic', ['customers/data_request', 'customers/redact', 'shop/redact']);

/**
 * Each GDPR request and where its outcome is: the export's R2 key, or when the erasure completed.
 * A customer redaction stays open until the shop's exported files no longer hold the customer:
 * `export_run_id` is the export run that rewrites them, `exports_purged_at` when it completed.
 */
export const complianceRequest = pgTable(
  'compliance_request',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopDomain: text('shop_domain').notNull(),
    topic: complianceTopic('topic').notNull(),
    customerId: shopifyId('customer_id'),
    dataRequestId: shopifyId('data_request_id'),
    exportKey: text('export_key'),
    rawObjectsRewritten: integer('raw_objects_rewritten'),
    completedAt: instant('completed_at').notNull(),
    // Not a foreign key: shop/redact deletes the shop's runs and keeps its requests.
    exportRunId: text('export_run_id'),
    exportsPurgedAt: instant('exports_purged_at'),
    rawKey: text('raw_key').notNull().unique(),
  },
  (t) => [index('compliance_request_shop').on(t.shopDomain, t.topic)],
);

/** Customers whose personal data was erased: late deliveries about them are erased on arrival. */
export const redactedCustomer = pgTable(
  'redacted_customer',
  {
    shopDomain: text('shop_domain').notNull(),
    customerId: shopifyId('customer_id').notNull(),
    redactedAt: instant('redacted_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.shopDomain, t.customerId] })],
);
