/**
 * Writes new fact rows in bulk: one `insert … select … from unnest(…)` per table, one array per
 * column however many rows, built by the warehouse's own `insertFromArrays` from the schema. It is how bench:analytics lays down a history
 * too large for Wharf's loader to take within a run, and the floor it holds that loader against:
 * plain inserts, no upserts, no last-write-wins guards. Works on PostgreSQL and on PGlite (no COPY).
 */
import { getTableName } from 'drizzle-orm';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { lockCustomers, refreshCustomerFigures } from '../../src/warehouse/customer-figures';
import type { Warehouse } from '../../src/warehouse/db';
import { markProductDays, rebuildProductDays } from '../../src/warehouse/product-days';
import {
  factCheckout,
  factDiscountAllocation,
  factFulfillment,
  factOrder,
  factOrderDiscount,
  factOrderLine,
  factRefund,
  factRefundLine,
  factShippingLine,
} from '../../src/warehouse/schema';
import { insertFromArrays } from '../../src/warehouse/upsert';
import type { HistoryRows } from './analytics-shop';

/** Where each kind of history row goes, in the order they are written. */
const TABLES: Readonly<Record<keyof HistoryRows, PgTable>> = {
  orders: factOrder,
  orderLines: factOrderLine,
  orderDiscounts: factOrderDiscount,
  discountAllocations: factDiscountAllocation,
  shippingLines: factShippingLine,
  refunds: factRefund,
  refundLines: factRefundLine,
  fulfillments: factFulfillment,
  checkouts: factCheckout,
};

/** The tables written, in the order they are written. */
export const BULK_TABLES = Object.fromEntries(Object.entries(TABLES).map(([key, table]) => [key, getTableName(table)])) as Record<keyof HistoryRows, string>;

const dialect = new PgDialect();

async function insertTable(db: pg.Client, shopId: number, table: PgTable, rows: readonly object[]) {
  if (rows.length === 0) return;
  const { sql, params } = dialect.sqlToQuery(
    insertFromArrays(
      table,
      rows.map((row) => ({ ...row, shopId })),
    ),
  );
  await db.query(sql, params);
}

/** Inserts every table's rows for `shopId`; the rows must be new (no conflict handling). */
export async function insertHistory(db: pg.Client, shopId: number, rows: HistoryRows): Promise<void> {
  for (const key of Object.keys(TABLES) as (keyof HistoryRows)[]) {
    await insertTable(db, shopId, TABLES[key], rows[key]);
  }
}

/**
 * What Wharf's loader keeps beside the orders it writes: each customer's figures (fact_customer_lifetime
 * and fact_customer_month), recomputed by the warehouse's own code, `size` customers a transaction.
 */
export async function refreshAllCustomerFigures(db: pg.Client, warehouse: Warehouse, shopId: number, size = 2000): Promise<void> {
  const { rows } = await db.query<{ customer_id: string }>(
    'select distinct customer_id::text from fact_order where shop_id = $1 and customer_id is not null order by 1',
    [shopId],
  );
  for (let i = 0; i < rows.length; i += size) {
    const customers = rows.slice(i, i + size).map((row) => ({ shopId, customerId: row.customer_id }));
    await warehouse.transaction(async (tx) => {
      await lockCustomers(tx, customers);
      await refreshCustomerFigures(tx, customers);
    });
  }
}

/**
 * What the loader marks for the orders and refunds it writes, and the cron then keeps: each day's
 * product sales (fact_product_day), every day of the history, by the warehouse's own code.
 */
export async function keepAllProductDays(db: pg.Client, warehouse: Warehouse, shopId: number): Promise<void> {
  const { rows } = await db.query<{ date: string }>(
    `select d.date::text as date from dim_date d where d.date_key in (
       select processed_date_key from fact_order where shop_id = $1 union select processed_date_key from fact_refund where shop_id = $1)`,
    [shopId],
  );
  await warehouse.transaction((tx) =>
    markProductDays(
      tx,
      rows.map((row) => ({ shopId, date: row.date })),
    ),
  );
  while ((await rebuildProductDays(warehouse, shopId)) > 0);
}
