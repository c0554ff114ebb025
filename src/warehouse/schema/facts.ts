/**
 * Facts: orders and their lines, discounts, shipping, transactions, refunds, fulfillments, edits,
 * draft orders, checkouts, returns and inventory levels, each with the lineage of the delivery it came from.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { instant, lineage, money, shopifyId } from './columns';
import { shopRef } from './dimensions';

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
    /** Duties and additional fees as first charged; null where the source does not state them. */
    totalDuties: money('total_duties'),
    totalAdditionalFees: money('total_additional_fees'),
    totalPrice: money('total_price').notNull(),
    /**
     * The order's figures in Shopify's sales report, from its lines as loaded with it: units, line
     * price × quantity and line discounts, gift cards left out; shipping charged less its discounts.
     */
    salesUnits: integer('sales_units').notNull().default(0),
    salesGross: money('sales_gross').notNull().default('0'),
    salesDiscounts: money('sales_discounts').notNull().default('0'),
    salesShipping: money('sales_shipping').notNull().default('0'),
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
    /** The shop's day the order counts on in sales reports: when it was processed (else created). */
    processedDateKey: integer('processed_date_key').notNull(),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    closedAt: instant('closed_at'),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.orderId] }),
    index('fact_order_processed_date').on(t.shopId, t.processedDateKey),
    index('fact_order_created_at').on(t.shopId, t.createdAt),
    index('fact_order_updated_at').on(t.shopId, t.updatedAt),
    index('fact_order_customer').on(t.shopId, t.customerId),
    // Whether an order is its customer's first, in one index probe (analytics.orders).
    index('fact_order_customer_sequence')
      .on(t.shopId, t.customerId, sql`coalesce(${t.processedAt}, ${t.createdAt})`, t.orderId)
      .where(sql`not ${t.test} and ${t.deletedAt} is null`),
  ],
);

/**
 * A known customer's reported orders over its whole history, net of their returns: what
 * analytics.customers reads, a row per customer instead of every order of the shop. Kept with
 * fact_customer_month by every load that touches the customer's orders or refunds
 * (customer-figures.ts); the row is also what serializes two loads recomputing one customer.
 */
export const factCustomerLifetime = pgTable(
  'fact_customer_lifetime',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    orders: integer('orders').notNull().default(0),
    units: bigint('units', { mode: 'number' }).notNull().default(0),
    netRevenue: money('net_revenue').notNull().default('0'),
    /** Null only inside the loading transaction that creates the row. */
    firstOrderAt: instant('first_order_at'),
    lastOrderAt: instant('last_order_at'),
    /** The first and last order's days in the shop's calendar. */
    firstOrderDate: date('first_order_date'),
    lastOrderDate: date('last_order_date'),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.customerId] })],
);

/** A known customer's reported orders in one month of the shop's calendar, net of their returns: what analytics.cohorts_monthly reads. */
export const factCustomerMonth = pgTable(
  'fact_customer_month',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    /** The month's first day. */
    month: date('month').notNull(),
    orders: integer('orders').notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    netSales: money('net_sales').notNull(),
    firstOrderedAt: instant('first_ordered_at').notNull(),
    lastOrderedAt: instant('last_ordered_at').notNull(),
    firstDate: date('first_date').notNull(),
    lastDate: date('last_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.customerId, t.month] })],
);

/**
 * One day's sales of one product variant in the shop's calendar (product and variant null for custom
 * items): what analytics.product_sales_daily reads instead of every order and refund line. A load
 * marks the days it changes in product_day_pending; the view computes marked days from the lines
 * until product-days.ts rebuilds them here.
 */
export const factProductDay = pgTable(
  'fact_product_day',
  {
    shopId: shopRef(),
    date: date('date').notNull(),
    productId: shopifyId('product_id'),
    variantId: shopifyId('variant_id'),
    unitsSold: bigint('units_sold', { mode: 'number' }).notNull(),
    unitsReturned: bigint('units_returned', { mode: 'number' }).notNull(),
    grossSales: money('gross_sales').notNull(),
    discounts: money('discounts').notNull(),
    returns: money('returns').notNull(),
    /** Null when no unit of the day has a known cost. */
    costOfGoods: money('cost_of_goods'),
    unitsWithoutCost: bigint('units_without_cost', { mode: 'number' }),
  },
  (t) => [unique('fact_product_day_key').on(t.shopId, t.date, t.productId, t.variantId).nullsNotDistinct()],
);

/**
 * Days whose product sales a load changed. Loads only append (two loads marking one day never wait
 * for each other); a rebuild takes the marks it can see, so a mark of a load still running stays for
 * the next one.
 */
export const productDayPending = pgTable(
  'product_day_pending',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopId: shopRef(),
    date: date('date').notNull(),
  },
  (t) => [index('product_day_pending_day').on(t.shopId, t.date)],
);

/**
 * Customers whose figures a resync page left to be recomputed once: a page names the same frequent
 * customers as every other page of the shop, and each recomputation reads all of a customer's
 * orders. Pages only append; a refresh takes the marks it can see (customer-figures.ts).
 */
export const customerFiguresPending = pgTable(
  'customer_figures_pending',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
  },
  (t) => [index('customer_figures_pending_customer').on(t.shopId, t.customerId)],
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
    giftCard: boolean('gift_card').notNull().default(false),
    orderCreatedAt: instant('order_created_at').notNull(),
    orderDateKey: integer('order_date_key').notNull(),
    orderUpdatedAt: instant('order_updated_at').notNull(),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.lineItemId] }),
    index('fact_order_line_order').on(t.shopId, t.orderId),
    // The few gift card lines, which returns leave out (analytics.returned_lines).
    index('fact_order_line_gift_card').on(t.shopId, t.lineItemId).where(sql`${t.giftCard}`),
    // A variant's sales, whose days a new cost or inventory item of the variant changes (product-days.ts).
    index('fact_order_line_variant').on(t.shopId, t.variantId),
  ],
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
    /**
     * Shipping, its tax, duties and additional fees given back, in the shop's currency. Null where
     * the source does not state them (a resync reads shipping, not duties or fees): a stored figure
     * is then kept.
     */
    shippingRefunded: money('shipping_refunded'),
    shippingTaxRefunded: money('shipping_tax_refunded'),
    dutiesRefunded: money('duties_refunded'),
    additionalFeesRefunded: money('additional_fees_refunded'),
    createdAt: instant('created_at').notNull(),
    createdDateKey: integer('created_date_key').notNull(),
    processedAt: instant('processed_at'),
    /** The shop's day the refund counts on in sales reports: when it was processed (else created). */
    processedDateKey: integer('processed_date_key').notNull(),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.refundId] }),
    index('fact_refund_order').on(t.shopId, t.orderId),
    index('fact_refund_processed_date').on(t.shopId, t.processedDateKey),
  ],
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
  (t) => [
    primaryKey({ columns: [t.shopId, t.refundLineItemId] }),
    index('fact_refund_line_order').on(t.shopId, t.orderId),
    index('fact_refund_line_refund').on(t.shopId, t.refundId),
    // Returns of given order lines (the days a repriced variant came back on), whatever the planner
    // estimates of lines loaded moments ago.
    index('fact_refund_line_line_item').on(t.shopId, t.lineItemId),
  ],
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
