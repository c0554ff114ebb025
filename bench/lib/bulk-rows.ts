/**
 * Writes new fact rows in bulk: one `insert … select … from unnest($2::bigint[], …)` per table, one
 * array parameter per column however many rows. It is how bench:analytics lays down a history
 * too large for Wharf's loader to take within a run, and the floor it holds that loader against:
 * plain inserts, no upserts, no last-write-wins guards. Works on PostgreSQL and on PGlite (no COPY).
 */
import type pg from 'pg';
import type { HistoryRows } from './analytics-shop';

/**
 * A table and the Postgres type of each field of its rows, every field named: a column added to the
 * schema (and so to the row type) is a type error here until the writer writes it. Column names
 * are the fields' in snake case.
 */
interface Table<R> {
  table: string;
  types: { readonly [F in Exclude<keyof R, 'shopDomain'>]-?: string };
}

type Tables = { [K in keyof HistoryRows]: Table<HistoryRows[K][number]> };

const TABLES: Tables = {
  orders: {
    table: 'fact_order',
    types: {
      orderId: 'bigint',
      adminGraphqlApiId: 'text',
      name: 'text',
      orderNumber: 'integer',
      customerId: 'bigint',
      emailHash: 'text',
      currency: 'text',
      presentmentCurrency: 'text',
      subtotalPrice: 'numeric',
      totalLineItemsPrice: 'numeric',
      totalDiscounts: 'numeric',
      totalTax: 'numeric',
      totalShipping: 'numeric',
      totalDuties: 'numeric',
      totalAdditionalFees: 'numeric',
      totalPrice: 'numeric',
      financialStatus: 'text',
      fulfillmentStatus: 'text',
      sourceName: 'text',
      discountCodes: 'text',
      tags: 'text',
      test: 'boolean',
      createdAt: 'timestamptz',
      createdDateKey: 'integer',
      updatedAt: 'timestamptz',
      processedAt: 'timestamptz',
      cancelledAt: 'timestamptz',
      cancelReason: 'text',
      closedAt: 'timestamptz',
      deletedAt: 'timestamptz',
      salesUnits: 'integer',
      salesGross: 'numeric',
      salesDiscounts: 'numeric',
      salesShipping: 'numeric',
      processedDateKey: 'integer',
      rawKey: 'text',
    },
  },
  orderLines: {
    table: 'fact_order_line',
    types: {
      lineItemId: 'bigint',
      orderId: 'bigint',
      productId: 'bigint',
      variantId: 'bigint',
      sku: 'text',
      title: 'text',
      variantTitle: 'text',
      vendor: 'text',
      quantity: 'integer',
      price: 'numeric',
      totalDiscount: 'numeric',
      giftCard: 'boolean',
      orderCreatedAt: 'timestamptz',
      orderDateKey: 'integer',
      orderUpdatedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
  orderDiscounts: {
    table: 'fact_order_discount',
    types: {
      orderId: 'bigint',
      applicationIndex: 'integer',
      type: 'text',
      code: 'text',
      title: 'text',
      description: 'text',
      value: 'numeric',
      valueType: 'text',
      allocationMethod: 'text',
      targetSelection: 'text',
      targetType: 'text',
      amount: 'numeric',
      orderUpdatedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
  discountAllocations: {
    table: 'fact_discount_allocation',
    types: {
      orderId: 'bigint',
      targetType: 'text',
      targetId: 'bigint',
      applicationIndex: 'integer',
      amount: 'numeric',
      orderUpdatedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
  shippingLines: {
    table: 'fact_shipping_line',
    types: {
      shippingLineId: 'bigint',
      orderId: 'bigint',
      title: 'text',
      code: 'text',
      source: 'text',
      price: 'numeric',
      totalDiscount: 'numeric',
      orderUpdatedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
  refunds: {
    table: 'fact_refund',
    types: {
      refundId: 'bigint',
      orderId: 'bigint',
      note: 'text',
      refundedAmount: 'numeric',
      currency: 'text',
      orderAdjustmentsAmount: 'numeric',
      shippingRefunded: 'numeric',
      shippingTaxRefunded: 'numeric',
      dutiesRefunded: 'numeric',
      additionalFeesRefunded: 'numeric',
      createdAt: 'timestamptz',
      createdDateKey: 'integer',
      processedAt: 'timestamptz',
      processedDateKey: 'integer',
      rawKey: 'text',
    },
  },
  refundLines: {
    table: 'fact_refund_line',
    types: {
      refundLineItemId: 'bigint',
      refundId: 'bigint',
      orderId: 'bigint',
      lineItemId: 'bigint',
      quantity: 'integer',
      restockType: 'text',
      locationId: 'bigint',
      subtotal: 'numeric',
      totalTax: 'numeric',
      refundCreatedAt: 'timestamptz',
      refundDateKey: 'integer',
      rawKey: 'text',
    },
  },
  fulfillments: {
    table: 'fact_fulfillment',
    types: {
      fulfillmentId: 'bigint',
      orderId: 'bigint',
      name: 'text',
      status: 'text',
      shipmentStatus: 'text',
      service: 'text',
      locationId: 'bigint',
      trackingCompany: 'text',
      trackingNumber: 'text',
      lineCount: 'integer',
      quantity: 'integer',
      createdAt: 'timestamptz',
      updatedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
  checkouts: {
    table: 'fact_checkout',
    types: {
      checkoutId: 'bigint',
      name: 'text',
      customerId: 'bigint',
      emailHash: 'text',
      currency: 'text',
      presentmentCurrency: 'text',
      subtotalPrice: 'numeric',
      totalLineItemsPrice: 'numeric',
      totalDiscounts: 'numeric',
      totalTax: 'numeric',
      totalPrice: 'numeric',
      discountCodes: 'text',
      lineCount: 'integer',
      quantity: 'integer',
      createdAt: 'timestamptz',
      createdDateKey: 'integer',
      updatedAt: 'timestamptz',
      completedAt: 'timestamptz',
      deletedAt: 'timestamptz',
      rawKey: 'text',
    },
  },
};

/** The tables written, in the order they are written. */
export const BULK_TABLES = Object.fromEntries(Object.entries(TABLES).map(([key, spec]) => [key, spec.table])) as Record<keyof HistoryRows, string>;

const snakeCase = (field: string) => field.replaceAll(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

async function insertTable<R>(db: pg.Client, shopId: number, { table, types }: Table<R>, rows: readonly R[]) {
  if (rows.length === 0) return;
  const columns = Object.entries(types) as [keyof R & string, string][];
  const names = columns.map(([field]) => snakeCase(field)).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
  const values = columns.map(([field]) => rows.map((row) => row[field] ?? null));
  await db.query(`insert into ${table} (shop_id, ${names}) select $1::integer, * from unnest(${arrays})`, [shopId, ...values]);
}

/** Inserts every table's rows for `shopId`; the rows must be new (no conflict handling). */
export async function insertHistory(db: pg.Client, shopId: number, rows: HistoryRows): Promise<void> {
  for (const key of Object.keys(TABLES) as (keyof HistoryRows)[]) {
    await insertTable(db, shopId, TABLES[key] as Table<HistoryRows[typeof key][number]>, rows[key]);
  }
}
