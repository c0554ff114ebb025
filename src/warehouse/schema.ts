/**
 * The warehouse: a star schema BI tools query directly, plus the pipeline's ledger. Every
 * warehouse row carries `shop_id` (tenancy) and lineage: `raw_key`, the R2 object it came from,
 * and `loaded_at`. Deletes are soft (`deleted_at`) so that history and totals stay explainable.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { COMPLIANCE_TOPICS } from '../shopify/compliance-topics';
import { instant, money, shopifyId } from './columns';

const lineage = {
  rawKey: text('raw_key').notNull(),
  loadedAt: instant('loaded_at').notNull().default(sql`now()`),
};

const shopRef = () => integer('shop_id').notNull().references(() => dimShop.shopId);

// ---------------------------------------------------------------------------------------------
// Dimensions

export const dimShop = pgTable('dim_shop', {
  shopId: integer('shop_id').primaryKey().generatedAlwaysAsIdentity(),
  domain: text('domain').notNull().unique(),
  shopifyShopId: shopifyId('shopify_shop_id'),
  name: text('name'),
  email: text('email'),
  currency: text('currency'),
  countryCode: text('country_code'),
  ianaTimezone: text('iana_timezone'),
  planName: text('plan_name'),
  updatedAt: instant('updated_at'),
  firstSeenAt: instant('first_seen_at').notNull().default(sql`now()`),
  uninstalledAt: instant('uninstalled_at'),
  redactedAt: instant('redacted_at'),
  rawKey: text('raw_key'),
});

/** Every version of every customer seen, newest or not: the source `dim_customer` is derived from. */
export const customerVersion = pgTable(
  'customer_version',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
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
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.customerId, t.updatedAt] })],
);

/**
 * Customers as a type 2 slowly changing dimension: a change to a tracked attribute closes the
 * current row (`valid_to`) and opens a new one. Rebuilt from `customer_version` whenever a
 * customer's versions change, so late and out-of-order deliveries land in the right place.
 */
export const dimCustomer = pgTable(
  'dim_customer',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    validFrom: instant('valid_from').notNull(),
    validTo: instant('valid_to'),
    isCurrent: boolean('is_current').notNull(),
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
    redactedAt: instant('redacted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.customerId, t.validFrom] }),
    uniqueIndex('dim_customer_current').on(t.shopId, t.customerId).where(sql`is_current`),
    index('dim_customer_email_hash').on(t.shopId, t.emailHash),
  ],
);

export const dimProduct = pgTable(
  'dim_product',
  {
    shopId: shopRef(),
    productId: shopifyId('product_id').notNull(),
    title: text('title').notNull(),
    handle: text('handle'),
    vendor: text('vendor'),
    productType: text('product_type'),
    status: text('status'),
    tags: text('tags'),
    imageCount: integer('image_count').notNull().default(0),
    featuredImageUrl: text('featured_image_url'),
    publishedAt: instant('published_at'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.productId] })],
);

/** Product metafields, as resyncs export them (product webhooks do not carry them). */
export const productMetafield = pgTable(
  'product_metafield',
  {
    shopId: shopRef(),
    metafieldId: shopifyId('metafield_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    type: text('type'),
    value: text('value'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.metafieldId] }), index('product_metafield_product').on(t.shopId, t.productId)],
);

export const dimVariant = pgTable(
  'dim_variant',
  {
    shopId: shopRef(),
    variantId: shopifyId('variant_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    title: text('title'),
    sku: text('sku'),
    barcode: text('barcode'),
    price: money('price'),
    compareAtPrice: money('compare_at_price'),
    position: integer('position'),
    option1: text('option1'),
    option2: text('option2'),
    option3: text('option3'),
    inventoryItemId: shopifyId('inventory_item_id'),
    productUpdatedAt: instant('product_updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.variantId] }), index('dim_variant_product').on(t.shopId, t.productId)],
);

export const dimCollection = pgTable(
  'dim_collection',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    title: text('title').notNull(),
    handle: text('handle'),
    collectionType: text('collection_type').notNull(),
    sortOrder: text('sort_order'),
    publishedAt: instant('published_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId] })],
);

/** The version of each collection's membership that `collection_product` holds. */
export const collectionMembership = pgTable(
  'collection_membership',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId] })],
);

/** Which products are in which collection (a bridge between dim_collection and dim_product), from resyncs. */
export const collectionProduct = pgTable(
  'collection_product',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    collectionUpdatedAt: instant('collection_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId, t.productId] }), index('collection_product_product').on(t.shopId, t.productId)],
);

/**
 * The merchant's locations. A location named by an inventory level, a fulfillment or a
 * fulfillment order before its own delivery arrives has only its id until then.
 */
export const dimLocation = pgTable(
  'dim_location',
  {
    shopId: shopRef(),
    locationId: shopifyId('location_id').notNull(),
    name: text('name'),
    address1: text('address1'),
    address2: text('address2'),
    city: text('city'),
    zip: text('zip'),
    province: text('province'),
    provinceCode: text('province_code'),
    countryCode: text('country_code'),
    active: boolean('active'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at'),
    deletedAt: instant('deleted_at'),
    firstSeenAt: instant('first_seen_at').notNull().default(sql`now()`),
    rawKey: text('raw_key'),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.locationId] })],
);

export const dimInventoryItem = pgTable(
  'dim_inventory_item',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    sku: text('sku'),
    cost: money('cost'),
    tracked: boolean('tracked'),
    requiresShipping: boolean('requires_shipping'),
    countryCodeOfOrigin: text('country_code_of_origin'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId] })],
);

/** Every unit cost an inventory item has had, by the version that carried it: what goods cost at the time they sold. */
export const dimInventoryItemCostHistory = pgTable(
  'dim_inventory_item_cost_history',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    cost: money('cost').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId, t.updatedAt] })],
);

/**
 * The shop's discounts (code and automatic; price rules left the GraphQL Admin API in 2024-10).
 * Webhooks carry the title, status and timestamps; the terms (type, summary, start and end,
 * usage) come from resyncs and are kept as they are when a webhook updates the rest.
 */
export const dimDiscount = pgTable(
  'dim_discount',
  {
    shopId: shopRef(),
    discountId: shopifyId('discount_id').notNull(),
    /** `code` or `automatic`, from the node type of the discount's gid. */
    method: text('method').notNull(),
    title: text('title'),
    status: text('status'),
    discountType: text('discount_type'),
    summary: text('summary'),
    startsAt: instant('starts_at'),
    endsAt: instant('ends_at'),
    usageCount: integer('usage_count'),
    codesCount: integer('codes_count'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.discountId] })],
);

/**
 * The redeem codes of code discounts, from resyncs: what an order's discount application names
 * as its `code`. A resync restates a discount's codes, versioned by when it was observed.
 */
export const dimDiscountCode = pgTable(
  'dim_discount_code',
  {
    shopId: shopRef(),
    discountCodeId: shopifyId('discount_code_id').notNull(),
    discountId: shopifyId('discount_id').notNull(),
    code: text('code').notNull(),
    usageCount: integer('usage_count'),
    observedAt: instant('observed_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.discountCodeId] }), index('dim_discount_code_discount').on(t.shopId, t.discountId), index('dim_discount_code_code').on(t.shopId, t.code)],
);

/** Sales channels, from orders' `source_name`, grouped for reporting (see domain/channels.ts). */
export const dimChannel = pgTable(
  'dim_channel',
  {
    shopId: shopRef(),
    sourceName: text('source_name').notNull(),
    channelGroup: text('channel_group').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.sourceName] })],
);

/** A calendar, 2000 to 2050, filled by a migration: join facts on `date_key` (yyyymmdd). */
export const dimDate = pgTable('dim_date', {
  dateKey: integer('date_key').primaryKey(),
  date: date('date').notNull().unique(),
  year: smallint('year').notNull(),
  quarter: smallint('quarter').notNull(),
  month: smallint('month').notNull(),
  monthName: text('month_name').notNull(),
  day: smallint('day').notNull(),
  dayOfWeek: smallint('day_of_week').notNull(),
  dayName: text('day_name').notNull(),
  isoWeek: smallint('iso_week').notNull(),
  isWeekend: boolean('is_weekend').notNull(),
});

// ---------------------------------------------------------------------------------------------
// Facts

export const factOrder = pgTable(
  'fact_order',
  {
    shopId: shopRef(),
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
    discountCodes: text('discount_codes'),
    tags: text('tags'),
    test: boolean('test').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
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
    index('fact_order_customer').on(t.shopId, t.customerId),
  ],
);

export const factOrderLine = pgTable(
  'fact_order_line',
  {
    shopId: shopRef(),
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
    orderDateKey: integer('order_date_key').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.lineItemId] }), index('fact_order_line_order').on(t.shopId, t.orderId)],
);

/**
 * An order's discount applications (codes, automatic, manual and script discounts), by their
 * position in the order, with what each took off in all (the sum of its allocations).
 */
export const factOrderDiscount = pgTable(
  'fact_order_discount',
  {
    shopId: shopRef(),
    orderId: shopifyId('order_id').notNull(),
    applicationIndex: integer('application_index').notNull(),
    type: text('type'),
    code: text('code'),
    title: text('title'),
    description: text('description'),
    value: numeric('value'),
    valueType: text('value_type'),
    allocationMethod: text('allocation_method'),
    targetSelection: text('target_selection'),
    targetType: text('target_type'),
    amount: money('amount').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.orderId, t.applicationIndex] })],
);

/** What each discount application took off each line item or shipping line, in the shop's currency. */
export const factDiscountAllocation = pgTable(
  'fact_discount_allocation',
  {
    shopId: shopRef(),
    orderId: shopifyId('order_id').notNull(),
    targetType: text('target_type').notNull(),
    targetId: shopifyId('target_id').notNull(),
    applicationIndex: integer('application_index').notNull(),
    amount: money('amount').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.targetType, t.targetId, t.applicationIndex] }), index('fact_discount_allocation_order').on(t.shopId, t.orderId)],
);

/** An order's shipping lines: the price charged and the discounts allocated to it. */
export const factShippingLine = pgTable(
  'fact_shipping_line',
  {
    shopId: shopRef(),
    shippingLineId: shopifyId('shipping_line_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    title: text('title'),
    code: text('code'),
    source: text('source'),
    price: money('price').notNull(),
    totalDiscount: money('total_discount').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.shippingLineId] }), index('fact_shipping_line_order').on(t.shopId, t.orderId)],
);

/**
 * Payment events of orders (authorizations, sales, captures, refunds, voids) in the transaction's
 * currency. Transactions carry no `updated_at`: `observed_at` (when Shopify sent the state) is
 * their version, so a late delivery of an older status does not win.
 */
export const factOrderTransaction = pgTable(
  'fact_order_transaction',
  {
    shopId: shopRef(),
    transactionId: shopifyId('transaction_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    parentId: shopifyId('parent_id'),
    kind: text('kind').notNull(),
    status: text('status'),
    gateway: text('gateway'),
    amount: money('amount').notNull(),
    currency: text('currency'),
    errorCode: text('error_code'),
    test: boolean('test').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
    processedAt: instant('processed_at'),
    observedAt: instant('observed_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.transactionId] }), index('fact_order_transaction_order').on(t.shopId, t.orderId)],
);

export const factRefund = pgTable(
  'fact_refund',
  {
    shopId: shopRef(),
    refundId: shopifyId('refund_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    note: text('note'),
    /** The sum of the refund's successful transactions, in their currency (the presentment currency). */
    refundedAmount: money('refunded_amount').notNull(),
    currency: text('currency'),
    orderAdjustmentsAmount: money('order_adjustments_amount').notNull(),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
    processedAt: instant('processed_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.refundId] }), index('fact_refund_order').on(t.shopId, t.orderId)],
);

export const factRefundLine = pgTable(
  'fact_refund_line',
  {
    shopId: shopRef(),
    refundLineItemId: shopifyId('refund_line_item_id').notNull(),
    refundId: shopifyId('refund_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    lineItemId: shopifyId('line_item_id').notNull(),
    quantity: integer('quantity').notNull(),
    restockType: text('restock_type'),
    locationId: shopifyId('location_id'),
    subtotal: money('subtotal'),
    totalTax: money('total_tax'),
    refundCreatedAt: instant('refund_created_at').notNull(),
    refundDateKey: integer('refund_date_key').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.refundLineItemId] }), index('fact_refund_line_order').on(t.shopId, t.orderId)],
);

export const factFulfillment = pgTable(
  'fact_fulfillment',
  {
    shopId: shopRef(),
    fulfillmentId: shopifyId('fulfillment_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    name: text('name'),
    status: text('status'),
    shipmentStatus: text('shipment_status'),
    service: text('service'),
    locationId: shopifyId('location_id'),
    trackingCompany: text('tracking_company'),
    trackingNumber: text('tracking_number'),
    lineCount: integer('line_count').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.fulfillmentId] }), index('fact_fulfillment_by_order').on(t.shopId, t.orderId)],
);

/** Fulfillment orders: an order's lines to fulfill from one location, exported by resyncs. */
export const factFulfillmentOrder = pgTable(
  'fact_fulfillment_order',
  {
    shopId: shopRef(),
    fulfillmentOrderId: shopifyId('fulfillment_order_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    assignedLocationId: shopifyId('assigned_location_id'),
    status: text('status').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.fulfillmentOrderId] }), index('fact_fulfillment_order_order').on(t.shopId, t.orderId)],
);

export const factFulfillmentOrderLine = pgTable(
  'fact_fulfillment_order_line',
  {
    shopId: shopRef(),
    fulfillmentOrderLineItemId: shopifyId('fulfillment_order_line_item_id').notNull(),
    fulfillmentOrderId: shopifyId('fulfillment_order_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    lineItemId: shopifyId('line_item_id').notNull(),
    quantity: integer('quantity').notNull(),
    fulfillableQuantity: integer('fulfillable_quantity').notNull(),
    fulfillmentOrderUpdatedAt: instant('fulfillment_order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.fulfillmentOrderLineItemId] }), index('fact_fulfillment_order_line_parent').on(t.shopId, t.fulfillmentOrderId)],
);

/** What the fulfillment_orders/* webhooks said: a fulfillment order's status at an event, once per event and order. */
export const factFulfillmentOrderEvent = pgTable(
  'fact_fulfillment_order_event',
  {
    shopId: shopRef(),
    fulfillmentOrderId: shopifyId('fulfillment_order_id').notNull(),
    topic: text('topic').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    status: text('status').notNull(),
    requestStatus: text('request_status'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.fulfillmentOrderId, t.topic, t.occurredAt] })],
);

export const factOrderEdit = pgTable(
  'fact_order_edit',
  {
    shopId: shopRef(),
    orderEditId: shopifyId('order_edit_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    linesAdded: integer('lines_added').notNull(),
    linesRemoved: integer('lines_removed').notNull(),
    staffNote: text('staff_note'),
    createdAt: instant('created_at').notNull(),
    committedAt: instant('committed_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.orderEditId] })],
);

/**
 * Draft orders: what merchants quote, invoice and complete into orders. `total_discounts` is the
 * draft's own discount and its lines' together.
 */
export const factDraftOrder = pgTable(
  'fact_draft_order',
  {
    shopId: shopRef(),
    draftOrderId: shopifyId('draft_order_id').notNull(),
    name: text('name'),
    status: text('status'),
    customerId: shopifyId('customer_id'),
    emailHash: text('email_hash'),
    currency: text('currency'),
    subtotalPrice: money('subtotal_price'),
    totalDiscounts: money('total_discounts'),
    totalTax: money('total_tax'),
    totalPrice: money('total_price'),
    /** The order the draft was completed into. */
    orderId: shopifyId('order_id'),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
    updatedAt: instant('updated_at').notNull(),
    completedAt: instant('completed_at'),
    invoiceSentAt: instant('invoice_sent_at'),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.draftOrderId] }),
    index('fact_draft_order_customer').on(t.shopId, t.customerId),
    index('fact_draft_order_order').on(t.shopId, t.orderId),
  ],
);

export const factDraftOrderLine = pgTable(
  'fact_draft_order_line',
  {
    shopId: shopRef(),
    lineItemId: shopifyId('line_item_id').notNull(),
    draftOrderId: shopifyId('draft_order_id').notNull(),
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
    custom: boolean('custom'),
    draftOrderUpdatedAt: instant('draft_order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.lineItemId] }), index('fact_draft_order_line_draft').on(t.shopId, t.draftOrderId)],
);

/**
 * Checkouts, for the conversion funnel: started (`created_at`), completed (`completed_at`) or not,
 * with their totals in the presentment currency, line count and units, and the customer.
 */
export const factCheckout = pgTable(
  'fact_checkout',
  {
    shopId: shopRef(),
    checkoutId: shopifyId('checkout_id').notNull(),
    name: text('name'),
    customerId: shopifyId('customer_id'),
    emailHash: text('email_hash'),
    currency: text('currency'),
    presentmentCurrency: text('presentment_currency'),
    subtotalPrice: money('subtotal_price'),
    totalLineItemsPrice: money('total_line_items_price'),
    totalDiscounts: money('total_discounts'),
    totalTax: money('total_tax'),
    totalPrice: money('total_price'),
    discountCodes: text('discount_codes'),
    lineCount: integer('line_count').notNull(),
    quantity: integer('quantity').notNull(),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
    updatedAt: instant('updated_at').notNull(),
    completedAt: instant('completed_at'),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.checkoutId] }),
    index('fact_checkout_created_at').on(t.shopId, t.createdAt),
    index('fact_checkout_customer').on(t.shopId, t.customerId),
  ],
);

/**
 * Returns: a buyer's intent to send fulfilled items back. No return payload carries `updated_at`:
 * the status, `closed_at` and decline reason are those of the latest observation (`observed_at`,
 * when Shopify sent it), and each topic fills in only what it carries (see load-rows.ts).
 */
export const factReturn = pgTable(
  'fact_return',
  {
    shopId: shopRef(),
    returnId: shopifyId('return_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    name: text('name'),
    status: text('status').notNull(),
    totalQuantity: integer('total_quantity'),
    createdAt: instant('created_at'),
    requestApprovedAt: instant('request_approved_at'),
    closedAt: instant('closed_at'),
    declineReason: text('decline_reason'),
    observedAt: instant('observed_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.returnId] }), index('fact_return_order').on(t.shopId, t.orderId)],
);

/** The lines of returns: which order line goes back, how many, and why. */
export const factReturnLine = pgTable(
  'fact_return_line',
  {
    shopId: shopRef(),
    returnLineItemId: shopifyId('return_line_item_id').notNull(),
    returnId: shopifyId('return_id').notNull(),
    orderId: shopifyId('order_id').notNull(),
    lineItemId: shopifyId('line_item_id'),
    quantity: integer('quantity').notNull(),
    returnReason: text('return_reason'),
    observedAt: instant('observed_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.returnLineItemId] }), index('fact_return_line_return').on(t.shopId, t.returnId)],
);

/** What the returns/* webhooks said: a return's status at each event, once per event. */
export const factReturnEvent = pgTable(
  'fact_return_event',
  {
    shopId: shopRef(),
    returnId: shopifyId('return_id').notNull(),
    topic: text('topic').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    orderId: shopifyId('order_id').notNull(),
    status: text('status').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.returnId, t.topic, t.occurredAt] })],
);

/** Current inventory per item and location. Levels have no id: the pair is the key. */
export const factInventoryLevel = pgTable(
  'fact_inventory_level',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    locationId: shopifyId('location_id').notNull(),
    available: integer('available'),
    updatedAt: instant('updated_at').notNull(),
    disconnectedAt: instant('disconnected_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId, t.locationId] })],
);

/** Every inventory level reading, once each: how stock moved over time. */
export const factInventoryLevelHistory = pgTable(
  'fact_inventory_level_history',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    locationId: shopifyId('location_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    available: integer('available'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId, t.locationId, t.updatedAt] })],
);

// ---------------------------------------------------------------------------------------------
// Deletions, lifecycle and compliance

export const entityKind = pgEnum('entity_kind', ['order', 'product', 'collection', 'customer', 'inventory_item', 'location', 'draft_order', 'checkout', 'discount']);

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

export const complianceTopic = pgEnum('compliance_topic', COMPLIANCE_TOPICS);

/** Each GDPR request and where its outcome is: the export's R2 key, or when the erasure completed. */
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

// ---------------------------------------------------------------------------------------------
// The pipeline's ledger

export const rawEventStatus = pgEnum('raw_event_status', ['validated', 'quarantined', 'unmodelled', 'loaded']);

/**
 * Every accepted webhook delivery, once per (shop, webhook id), with the ids it concerns so that
 * compliance requests can find every raw object that mentions a customer or an order.
 */
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
    customerId: shopifyId('customer_id'),
    orderId: shopifyId('order_id'),
    triggeredAt: instant('triggered_at'),
    receivedAt: instant('received_at').notNull(),
    status: rawEventStatus('status').notNull(),
    /** Times Shopify delivered it: the distinct instants its deliveries were received, kept in `seen_at`, so that recording a delivery again (a retried batch, a replay) counts nothing twice. */
    seenCount: integer('seen_count').notNull().default(1),
    seenAt: instant('seen_at').array().notNull().default(sql`'{}'`),
    loadedAt: instant('loaded_at'),
    /** What the load left out of a valid delivery, and why (e.g. an embedded customer without a version). */
    notes: jsonb('notes'),
  },
  (t) => [
    uniqueIndex('raw_event_delivery').on(t.shopDomain, t.webhookId),
    index('raw_event_shop_topic_received').on(t.shopDomain, t.topic, t.receivedAt),
    index('raw_event_customer').on(t.shopDomain, t.customerId),
    index('raw_event_order').on(t.shopDomain, t.orderId),
  ],
);

/** Where in the pipeline a record failed: validating or loading a delivery, splitting or loading an upload, a resync step. */
export const pipelineStage = pgEnum('pipeline_stage', ['validate', 'transform', 'split', 'chunk', 'resync']);

/**
 * Why it failed: `invalid` input (JSON, schema), a `permanent` refusal (the warehouse rejected the
 * rows; no retry can help), a `transient` failure that outlasted its retries (connection loss,
 * serialization failures), a `malformed` queue message, or `unknown` when the consumer stopped
 * before it could say (the message reached a dead-letter queue).
 */
export const failureClass = pgEnum('failure_class', ['invalid', 'permanent', 'transient', 'malformed', 'unknown']);

/**
 * Records the pipeline could not take (quarantined deliveries and dead letters), with the cause and
 * what is needed to replay them. One row per subject (the raw key of a delivery, or an upload's or
 * resync's step) and stage: failing again updates it, and a successful replay or load resolves it.
 */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    stage: pipelineStage('stage').notNull(),
    /** What failed: a delivery's raw key, `upload:{job}`, `upload:{job}/chunk:{n}`, `resync:{id}`, … */
    subject: text('subject').notNull(),
    /** The queue the message was on when it failed for the last time. */
    queue: text('queue'),
    errorClass: failureClass('error_class').notNull(),
    rawKey: text('raw_key'),
    shopDomain: text('shop_domain'),
    topic: text('topic'),
    webhookId: text('webhook_id'),
    reason: text('reason').notNull(),
    sqlstate: text('sqlstate'),
    path: text('path'),
    /** The message body (the claim check or step to re-drive) and what else was known. */
    details: jsonb('details'),
    attempts: integer('attempts').notNull().default(1),
    /** The first failure; `last_failed_at` the latest. */
    createdAt: instant('created_at').notNull().default(sql`now()`),
    lastFailedAt: instant('last_failed_at').notNull().default(sql`now()`),
    replayedAt: instant('replayed_at'),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    uniqueIndex('quarantine_subject_stage').on(t.subject, t.stage),
    index('quarantine_shop').on(t.shopDomain, t.id),
    index('quarantine_open_delivery').on(t.shopDomain, t.webhookId).where(sql`resolved_at is null`),
    index('quarantine_open_class').on(t.errorClass, t.id).where(sql`resolved_at is null`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Partner API access

export const apiScope = pgEnum('api_scope', ['read', 'upload', 'admin']);

/**
 * Partner API keys. The key itself is shown once and never stored: only its SHA-256 (keys are
 * 256-bit random, so a plain hash cannot be brute-forced) and a public prefix to find it by.
 */
export const apiKey = pgTable(
  'api_key',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    shopId: shopRef(),
    scopes: apiScope('scopes').array().notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [index('api_key_shop').on(t.shopId)],
);

/** Further shops an admin key spans beyond its own (an agency or operator managing several stores). */
export const apiKeySpan = pgTable(
  'api_key_span',
  {
    keyId: bigint('key_id', { mode: 'number' })
      .notNull()
      .references(() => apiKey.id),
    shopId: shopRef(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.shopId] })],
);

// ---------------------------------------------------------------------------------------------
// Partner file uploads

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
    jobId: text('job_id').notNull().references(() => uploadJob.id),
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
    jobId: text('job_id').notNull().references(() => uploadJob.id),
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
    uploadId: text('upload_id').notNull().references(() => multipartUpload.id),
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
    jobId: text('job_id').notNull().references(() => uploadJob.id),
    lineHash: text('line_hash').notNull(),
    rowNumber: integer('row_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.lineHash] })],
);

// ---------------------------------------------------------------------------------------------
// Resyncs from the Admin GraphQL API (bulk operations)

/**
 * An installed shop: where its Admin API is served (`https://{shop}`; requests go to
 * `{shop_url}/admin/api/{SHOPIFY_API_VERSION}/graphql.json`) and its access token, encrypted.
 */
export const shopInstall = pgTable('shop_install', {
  shopId: integer('shop_id')
    .primaryKey()
    .references(() => dimShop.shopId),
  shopUrl: text('shop_url').notNull(),
  accessTokenSealed: text('access_token_sealed').notNull(),
  scopes: text('scopes'),
  /** The Admin API's cost bucket as last reported, so the next client starts within budget. */
  throttle: jsonb('throttle'),
  installedAt: instant('installed_at').notNull().default(sql`now()`),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
});

export const resyncKind = pgEnum('resync_kind', ['full', 'incremental']);
export const resyncStatus = pgEnum('resync_status', ['requested', 'running', 'downloading', 'loading', 'reconciled', 'failed']);

/**
 * One resync of a shop: its state machine, advanced by cron ticks, the bulk_operations/finish
 * webhook and its own queue. At most one is active per shop (the partial unique index), so
 * repeated ticks and requests find the running one instead of starting another.
 */
export const resync = pgTable(
  'resync',
  {
    id: text('id').primaryKey(),
    shopId: shopRef(),
    kind: resyncKind('kind').notNull(),
    status: resyncStatus('status').notNull().default('requested'),
    requestedBy: text('requested_by').notNull(),
    /** Incremental only: records updated at or after this instant (the cursor less the overlap). */
    windowFrom: instant('window_from'),
    /** The export's upper bound: cursors advance to it once every line is loaded and counted. */
    windowTo: instant('window_to').notNull(),
    linesTotal: bigint('lines_total', { mode: 'number' }).notNull().default(0),
    linesLoaded: bigint('lines_loaded', { mode: 'number' }).notNull().default(0),
    linesRejected: bigint('lines_rejected', { mode: 'number' }).notNull().default(0),
    linesDuplicate: bigint('lines_duplicate', { mode: 'number' }).notNull().default(0),
    deletesReconciled: integer('deletes_reconciled').notNull().default(0),
    /** When the polling tick now queued is due: one chain of polling ticks per resync. */
    nextTickAt: instant('next_tick_at'),
    error: text('error'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('resync_one_active_per_shop').on(t.shopId).where(sql`status not in ('reconciled', 'failed')`),
    index('resync_shop').on(t.shopId, t.createdAt),
  ],
);

/**
 * One bulk operation of a resync, per entity and attempt. A failed, expired or canceled
 * operation is retried as a new attempt after a backoff; its partial data is kept and staged.
 */
export const resyncOperation = pgTable(
  'resync_operation',
  {
    resyncId: text('resync_id')
      .notNull()
      .references(() => resync.id),
    entity: text('entity').notNull(),
    attempt: integer('attempt').notNull(),
    bulkOperationId: text('bulk_operation_id'),
    status: text('status'),
    errorCode: text('error_code'),
    objectCount: bigint('object_count', { mode: 'number' }),
    /** Set while one ticker starts or downloads the operation, so that another does not too. */
    claimedUntil: instant('claimed_until'),
    notBefore: instant('not_before'),
    rawKey: text('raw_key'),
    partial: boolean('partial'),
    jobId: text('job_id'),
    /** Assembly progress: the last parent gid loaded into the warehouse, and what it counted. */
    assembledThrough: text('assembled_through'),
    assembledAt: instant('assembled_at'),
    linesLoaded: bigint('lines_loaded', { mode: 'number' }).notNull().default(0),
    linesRejected: bigint('lines_rejected', { mode: 'number' }).notNull().default(0),
    startedAt: instant('started_at'),
    completedAt: instant('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.resyncId, t.entity, t.attempt] }), uniqueIndex('resync_operation_bulk_id').on(t.bulkOperationId)],
);

/**
 * Bulk result lines waiting to be joined: children (`__parentId`) may come anywhere after their
 * parent, so every line is staged by entity and gid and records are assembled in SQL, never in
 * memory. The entity is part of the key: two exports may name the same object (an order is the
 * root of the orders export and of the returns export).
 */
export const resyncStaging = pgTable(
  'resync_staging',
  {
    resyncId: text('resync_id').notNull(),
    gid: text('gid').notNull(),
    entity: text('entity').notNull(),
    parentGid: text('parent_gid'),
    /** Where the line is in its file (1-based), for rejects. */
    lineNo: integer('line_no').notNull(),
    /** The line as it came, byte for byte. */
    body: text('body').notNull(),
    /** A parent's parts that children may name as their `__parentId` (an order's refunds and fulfillments). */
    anchors: text('anchors').array(),
  },
  (t) => [
    primaryKey({ columns: [t.resyncId, t.entity, t.gid] }),
    index('resync_staging_parent').on(t.resyncId, t.entity, t.parentGid),
    // Assembly pages through an entity's parents in gid order: a range of this index per page,
    // whatever the planner knows of a table that was filled moments ago.
    index('resync_staging_parents_in_order')
      .on(t.resyncId, t.entity, t.gid)
      .where(sql`parent_gid is null`),
  ],
);

/** How far each entity of a shop is loaded: incremental resyncs start here, less an overlap. */
export const resyncCursor = pgTable(
  'resync_cursor',
  {
    shopId: shopRef(),
    entity: text('entity').notNull(),
    loadedThrough: instant('loaded_through').notNull(),
    resyncId: text('resync_id').notNull(),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.entity] })],
);
