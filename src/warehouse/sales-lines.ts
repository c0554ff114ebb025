/**
 * Sales lines (retail or mapped) into fact_sales_line: an exact duplicate of a line anywhere in the
 * job is not inserted again. A chunk's tens of thousands of lines go in one statement, one array
 * parameter per column (unnest), rather than one parameter per value.
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { WarehouseTransaction } from './db';
import { factSalesLine } from './schema';
import type { Job } from './upload-jobs';

/** A sales line as a chunk loads it: the columns of fact_sales_line that the job's file sets. */
export type SalesLineRow = Omit<typeof factSalesLine.$inferInsert, 'shopId' | 'jobId' | 'rawKey' | 'loadedAt' | 'lineTotal'> & { lineHash: string };

/** The sales lines' columns, one array parameter each, in insert order: what `insertSalesLines` takes. */
export type SalesLineColumns = SQL;

export function salesLineColumns(lines: readonly SalesLineRow[]): SalesLineColumns {
  const column = <K extends keyof SalesLineRow>(key: K, type: string) =>
    arrayParam(
      lines.map((line) => line[key]),
      type,
    );
  return sql.join(
    [
      column('rowNumber', 'integer'),
      column('lineHash', 'text'),
      column('invoiceNo', 'text'),
      column('stockCode', 'text'),
      column('description', 'text'),
      column('quantity', 'integer'),
      column('unitPrice', 'numeric'),
      column('invoicedAt', 'timestamptz'),
      column('invoiceDateKey', 'integer'),
      column('customerId', 'text'),
      column('isGuest', 'boolean'),
      column('country', 'text'),
      column('currency', 'text'),
      column('isReturn', 'boolean'),
      column('channel', 'text'),
    ],
    sql`, `,
  );
}

/** Inserts the lines the columns hold; returns how many were new to the job. */
export async function insertSalesLines(tx: WarehouseTransaction, job: Pick<Job, 'id' | 'shopId' | 'rawKey'>, columns: SalesLineColumns): Promise<number> {
  const inserted = await tx.execute(sql`
    insert into ${factSalesLine} (shop_id, job_id, raw_key, row_number, line_hash, invoice_no, stock_code, description,
      quantity, unit_price, invoiced_at, invoice_date_key, customer_id, is_guest, country, currency, is_return, channel)
    select ${job.shopId}, ${job.id}, ${job.rawKey}, * from unnest(${columns})
    on conflict do nothing`);
  return inserted.rowCount ?? 0;
}
