/** Reading the test warehouse directly, to assert on what the pipeline left there. */
import { env } from 'cloudflare:test';
import { type SQL, sql } from 'drizzle-orm';
import { warehouseConfig } from '../../src/config';
import { connectWarehouse, type Warehouse } from '../../src/warehouse/db';

/** Runs `work` on a connection of its own to the test warehouse, closed once it is done. */
export async function withDb<T>(work: (db: Warehouse) => Promise<T>): Promise<T> {
  const connection = await connectWarehouse(warehouseConfig(env).database);
  try {
    return await work(connection.db);
  } finally {
    await connection.close();
  }
}

export async function query<T extends Record<string, unknown>>(statement: SQL): Promise<T[]> {
  return withDb(async (db) => (await db.execute(statement)).rows as T[]);
}

export async function ordersOf(shop: string) {
  return query<{ order_id: string; total_price: string; updated_at: Date; customer_id: string | null; raw_key: string }>(sql`
    select o.order_id::text, o.total_price::text, o.updated_at, o.customer_id::text, o.raw_key
    from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop} order by o.order_id`);
}

export async function orderLinesOf(shop: string) {
  return query<{ line_item_id: string; product_id: string | null; quantity: number; price: string; gross_amount: string }>(sql`
    select l.line_item_id::text, l.product_id::text, l.quantity, l.price::text, l.gross_amount::text
    from fact_order_line l join dim_shop s using (shop_id) where s.domain = ${shop} order by l.line_item_id`);
}

export async function rawEventsOf(shop: string) {
  return query<{ webhook_id: string; topic: string; status: string; seen_count: number; raw_key: string }>(sql`
    select webhook_id, topic, status::text, seen_count, raw_key from raw_event where shop_domain = ${shop} order by id`);
}

export type QuarantineRow = {
  stage: string;
  queue: string | null;
  error_class: string;
  reason: string;
  sqlstate: string | null;
  path: string | null;
  raw_key: string | null;
  attempts: number;
  resolved: boolean;
};

export async function quarantineOf(shop: string) {
  return query<QuarantineRow>(sql`
    select stage::text, queue, error_class::text, reason, sqlstate, path, raw_key, attempts, resolved_at is not null as resolved
    from quarantine where shop_domain = ${shop} order by id`);
}

/** Polls until `check` passes: for flows that cross the real local queues. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `during` while inserts into `table` of rows matching `condition` fail with `sqlstate`. */
async function whileInsertsFail<T>(table: string, condition: string, sqlstate: string, during: () => Promise<T>): Promise<T> {
  const name = `fail_insert_${crypto.randomUUID().replaceAll('-', '')}`;
  await query(
    sql.raw(`
    create function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'injected failure ${sqlstate}' using errcode = '${sqlstate}'; end $$;
    create trigger ${name} before insert on ${table} for each row when (${condition}) execute function ${name}();`),
  );
  try {
    return await during();
  } finally {
    await query(sql.raw(`drop trigger ${name} on ${table}; drop function ${name}();`));
  }
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Runs `during` while the warehouse refuses to load the order of one raw delivery: by default with
 * the serialization failure Postgres reports under contention (transient: worth retrying).
 */
export function whileOrderLoadsFail<T>(rawKey: string, during: () => Promise<T>, sqlstate = '40001'): Promise<T> {
  return whileInsertsFail('fact_order', `new.raw_key = ${literal(rawKey)}`, sqlstate, during);
}

/**
 * Runs `during` while the ledger refuses to record one delivery with what it concerns, as it would
 * a value out of a column's range (22003, permanent); it still takes the delivery without them.
 */
export function whileLedgerRejects<T>(rawKey: string, during: () => Promise<T>): Promise<T> {
  return whileInsertsFail('raw_event', `new.raw_key = ${literal(rawKey)} and new.order_id is not null`, '22003', during);
}

/** Runs `during` while one shop's sales lines cannot be inserted, with `sqlstate`. */
export async function whileSalesLinesFail<T>(shop: string, sqlstate: string, during: () => Promise<T>): Promise<T> {
  const [found] = await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`);
  return whileInsertsFail('fact_sales_line', `new.shop_id = ${Number(found!.shop_id)}`, sqlstate, during);
}
