/**
 * The warehouse: what BI tools and the partner API read. Every fact and dimension row carries
 * `shop_id` (tenancy) and lineage (`raw_key`: the R2 object it came from; `loaded_at`).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  bigint,
} from 'drizzle-orm/pg-core';
import { instant, money, shopifyId } from './columns';

const lineage = {
  rawKey: text('raw_key').notNull(),
  loadedAt: instant('loaded_at').notNull().defaultNow(),
};

export const dimShop = pgTable('dim_shop', {
  shopId: integer('shop_id').primaryKey().generatedAlwaysAsIdentity(),
  domain: text('domain').notNull().unique(),
  firstSeenAt: instant('first_seen_at').notNull().defaultNow(),
});

export const dimCustomer = pgTable(
  'dim_customer',
  {
    shopId: integer('shop_id').notNull().references(() => dimShop.shopId),
    customerId: shopifyId('customer_id').notNull(),
    emailHash: text('email_hash'),
    email: text('email'),
    state: text('state'),
    verifiedEmail: boolean('verified_email'),
    tags: text('tags'),
    currency: text('currency'),
    country: text('country'),
    province: text('province'),
    city: text('city'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.customerId] }), index('dim_customer_email_hash').on(t.shopId, t.emailHash)],
);

export const factOrder = pgTable(
  'fact_order',
  {
    shopId: integer('shop_id').notNull().references(() => dimShop.shopId),
    orderId: shopifyId('order_id').notNull(),
    adminGraphqlApiId: text('admin_graphql_api_id'),
    name: text('name'),
    orderNumber: integer('order_number'),
    customerId: shopifyId('customer_id'),
    emailHash: text('email_hash'),
    currency: text('currency').notNull(),
    presentmentCurrency: text('presentment_currency'),
    subtotalPrice: money('subtotal_price'),
    totalLineItemsPrice: money('total_line_items_price'),
    totalDiscounts: money('total_discounts'),
    totalTax: money('total_tax'),
    totalShipping: money('total_shipping'),
    totalPrice: money('total_price').notNull(),
    financialStatus: text('financial_status'),
    fulfillmentStatus: text('fulfillment_status'),
    sourceName: text('source_name'),
    tags: text('tags'),
    test: boolean('test').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    processedAt: instant('processed_at'),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    closedAt: instant('closed_at'),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.orderId] }),
    index('fact_order_created_at').on(t.shopId, t.createdAt),
    index('fact_order_updated_at').on(t.shopId, t.updatedAt),
  ],
);

export const factOrderLine = pgTable(
  'fact_order_line',
  {
    shopId: integer('shop_id').notNull().references(() => dimShop.shopId),
    lineItemId: shopifyId('line_item_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    productId: shopifyId('product_id'),
    variantId: shopifyId('variant_id'),
    sku: text('sku'),
    title: text('title'),
    variantTitle: text('variant_title'),
    vendor: text('vendor'),
    quantity: integer('quantity').notNull(),
    price: money('price').notNull(),
    totalDiscount: money('total_discount').notNull(),
    grossAmount: money('gross_amount').generatedAlwaysAs(sql`price * quantity`),
    orderCreatedAt: instant('order_created_at').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.lineItemId] }), index('fact_order_line_order').on(t.shopId, t.orderId)],
);

export const rawEventStatus = pgEnum('raw_event_status', ['validated', 'quarantined', 'unmodelled', 'loaded']);

/** Every accepted webhook delivery, once per (shop, webhook id): the pipeline's ledger. */
export const rawEvent = pgTable(
  'raw_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopDomain: text('shop_domain').notNull(),
    webhookId: text('webhook_id').notNull(),
    eventId: text('event_id'),
    topic: text('topic').notNull(),
    apiVersion: text('api_version').notNull(),
    rawKey: text('raw_key').notNull(),
    triggeredAt: instant('triggered_at'),
    receivedAt: instant('received_at').notNull(),
    status: rawEventStatus('status').notNull(),
    seenCount: integer('seen_count').notNull().default(1),
    loadedAt: instant('loaded_at'),
  },
  (t) => [
    uniqueIndex('raw_event_delivery').on(t.shopDomain, t.webhookId),
    index('raw_event_shop_topic_received').on(t.shopDomain, t.topic, t.receivedAt),
  ],
);

export const pipelineStage = pgEnum('pipeline_stage', ['validate', 'transform', 'dead_letter']);

/** Records the pipeline could not take, with the reason and where to find the raw bytes to replay. */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    stage: pipelineStage('stage').notNull(),
    rawKey: text('raw_key'),
    shopDomain: text('shop_domain'),
    topic: text('topic'),
    webhookId: text('webhook_id'),
    reason: text('reason').notNull(),
    path: text('path'),
    details: jsonb('details'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('quarantine_raw_key_stage').on(t.rawKey, t.stage)],
);
