/**
 * What an export writes, read back the way a data team reads it: the export's own code runs in
 * Node against a database of its own and the local R2 that wrangler serves (getPlatformProxy),
 * the files are copied out of that R2 and DuckDB reads them. Row counts and money sums must equal
 * Postgres's to the last digit. Runs in Node: DuckDB is a native module.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { openLocalDatabase } from '../../scripts/lib/database';
import { handleComplianceRequest } from '../../src/compliance/requests';
import { piiPolicies } from '../../src/domain/pii';
import { topicModel } from '../../src/domain/topics';
import { advanceExport, type ExportContext, requestExport } from '../../src/exports/run';
import { EXPORT_TABLES } from '../../src/exports/tables';
import { parseJsonExact } from '../../src/lib/exact-json';
import type { ExportMessage } from '../../src/pipeline/messages';
import { connectWarehouse, type Warehouse, type WarehouseConnection } from '../../src/warehouse/db';
import { exportFiles, exportRunById } from '../../src/warehouse/exports';
import { loadWarehouseRows } from '../../src/warehouse/load-rows';

const SHOP = 'duckdb-export.myshopify.com';
/** A shop that keeps emails in plain text, whose customer is then redacted. */
const REDACTED_SHOP = 'duckdb-redact.myshopify.com';
const ORDERS = 40;
const sampleOrder = readFileSync(new URL('../../samples/shopify/orders-create.json', import.meta.url), 'utf8');

/** Order n of the shop: the sample with its own ids, and line prices (so totals) that differ per order. */
function order(n: number, updatedAt = '2025-04-02T11:38:16-05:00'): string {
  return sampleOrder
    .replace('"id": 820982911946154508', `"id": ${820982911946154508n + BigInt(n)}`)
    .replace('"id": 866550311766439020', `"id": ${866550311766439020n + BigInt(n)}`)
    .replace('"id": 141249953214522974', `"id": ${141249953214522974n + BigInt(n)}`)
    .replace('"price": "199.00"', `"price": "${199 + n}.${String(n).padStart(2, '0')}"`)
    .replace('"total_price": "474.47"', `"total_price": "${474 + n}.4${n % 10}"`)
    .replace('"updated_at": "2025-04-02T11:38:16-05:00"', `"updated_at": "${updatedAt}"`);
}

let database: Awaited<ReturnType<typeof openLocalDatabase>>;
let connection: WarehouseConnection;
let db: Warehouse;
let proxy: Awaited<ReturnType<typeof getPlatformProxy<Env>>>;
let duck: DuckDBConnection;
let dropDatabase = async () => {};
const folder = mkdtempSync(join(tmpdir(), 'wharf-export-'));

const HASH_KEY = 'duckdb-export-spec-hash-key-0123456789';

/** The warehouse rows of deliveries of a topic to the shop, as the ingest consumer maps them. */
function rowsOf(shop: string, topic: string, bodies: readonly string[], emailMode: 'hash' | 'plaintext') {
  const pii = piiPolicies({ emailMode, hashScope: 'shop', hashKey: HASH_KEY });
  return bodies.map((body, i) => {
    const parsed = parseJsonExact(body);
    if (!parsed.ok) throw new Error(parsed.reason);
    const validated = topicModel(topic)!.validate(parsed.value);
    if (!validated.ok) throw new Error(JSON.stringify(validated));
    return validated.toRows({ shopDomain: shop, rawKey: `spec/${shop}/${topic}/${i}`, eventAt: new Date().toISOString() }, pii);
  });
}

async function load(bodies: readonly string[], shop = SHOP, emailMode: 'hash' | 'plaintext' = 'hash') {
  for (const rows of rowsOf(shop, 'orders/create', bodies, emailMode)) await db.transaction((tx) => loadWarehouseRows(tx, rows).then(() => {}));
}

/** Export steps queued, taken in turn as the queue would deliver them. */
function exportSteps(options: { rowGroupRows: number; fileRowGroups: number }) {
  const steps: ExportMessage[] = [];
  const queue = { send: async (m: ExportMessage) => void steps.push(m), sendAll: async (ms: readonly ExportMessage[]) => void steps.push(...ms) };
  const context: ExportContext = { db, bucket: proxy.env.EXPORT_BUCKET, queue, rowGroupRows: options.rowGroupRows, fileRowGroups: options.fileRowGroups };
  const take = async (count = Number.POSITIVE_INFINITY) => {
    for (let taken = 0; taken < count && steps.length; taken++) await advanceExport(context, steps.shift()!.runId);
  };
  return { queue, context, take };
}

const shopIdOf = async (shop: string) => (await db.execute<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)).rows[0]!.shop_id;

/** Runs an export to completion, each step as its queue message would, and copies its files out of R2 into `folder`. */
async function exportRun(options: { full: boolean; tables?: string[]; rowGroupRows: number; fileRowGroups: number }) {
  const { context, take } = exportSteps(options);
  const { run } = await requestExport(context, { shopId: await shopIdOf(SHOP), full: options.full, tables: options.tables, requestedBy: 'spec' });
  await take();
  const files = await exportFiles(db, run.id);
  for (const file of files) {
    const object = await proxy.env.EXPORT_BUCKET.get(file.key);
    const path = join(folder, file.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, new Uint8Array(await object!.arrayBuffer()));
  }
  return { run: (await exportRunById(db, run.id))!, files };
}

const parquetOf = (table: string) => `read_parquet('${join(folder, 'exports', SHOP, table)}/*/*.parquet', hive_partitioning = true)`;

async function duckdb<T>(query: string): Promise<T[]> {
  return (await duck.runAndReadAll(query)).getRowObjectsJson() as T[];
}

async function postgres<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db.execute(query)).rows as T[];
}

beforeAll(async () => {
  const adminUrl = process.env.DATABASE_URL;
  let url: string | undefined;
  if (adminUrl) {
    const name = `wharf_export_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database ${name} with (force)`);
      await client.end();
    };
  }
  database = await openLocalDatabase({ databaseUrl: url });
  connection = await connectWarehouse({ driver: 'hyperdrive', connectionString: database.databaseUrl });
  db = connection.db;
  proxy = await getPlatformProxy<Env>({ configPath: 'wrangler.toml', persist: false });
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await load(Array.from({ length: ORDERS }, (_, n) => order(n)));
}, 120_000);

afterAll(async () => {
  duck?.closeSync();
  await proxy?.dispose();
  await connection?.close();
  await database?.stop();
  await dropDatabase();
  rmSync(folder, { recursive: true, force: true });
});

describe('a full export read back with DuckDB', () => {
  it('holds as many rows in every table and mart as Postgres, with money summing to the same decimal', { timeout: 300_000 }, async () => {
    const { run, files } = await exportRun({ full: true, rowGroupRows: 4096, fileRowGroups: 4 });
    expect(run.status).toBe('complete');

    for (const table of EXPORT_TABLES) {
      const where = table.perShop ? sql`where shop_id = (select shop_id from dim_shop where domain = ${SHOP})` : sql``;
      const [expected] = await postgres<{ n: string }>(
        sql`select count(*)::text as n from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} ${where}`,
      );
      const inFiles = files.filter((f) => f.tableName === table.name);
      const read = inFiles.length ? Number((await duckdb<{ n: string }>(`select count(*)::varchar as n from ${parquetOf(table.name)}`))[0]!.n) : 0;
      expect({ table: table.name, rows: read }).toEqual({ table: table.name, rows: Number(expected!.n) });
    }

    const [orders] = await postgres<{ total: string; tax: string }>(
      sql`select sum(total_price)::numeric(38, 6)::text as total, sum(total_tax)::numeric(38, 6)::text as tax from fact_order`,
    );
    expect(await duckdb(`select sum(total_price)::varchar as total, sum(total_tax)::varchar as tax from ${parquetOf('fact_order')}`)).toEqual([orders]);
    const [lines] = await postgres<{ gross: string }>(sql`select sum(gross_amount)::numeric(38, 6)::text as gross from fact_order_line`);
    expect(await duckdb(`select sum(gross_amount)::varchar as gross from ${parquetOf('fact_order_line')}`)).toEqual([lines]);
    const [sales] = await postgres<{ net: string }>(sql`select sum(net_sales)::numeric(38, 6)::text as net from analytics.sales_daily`);
    expect(await duckdb(`select sum(net_sales)::varchar as net from ${parquetOf('sales_daily')}`)).toEqual([sales]);
  });

  it('types ids as 64-bit integers, money as DECIMAL(38,6), instants in UTC and days as dates', async () => {
    const columns = await duckdb<{ column_name: string; column_type: string }>(
      `select column_name, column_type from (describe select order_id, total_price, created_at, export_date from ${parquetOf('fact_order')})`,
    );
    expect(columns).toEqual([
      { column_name: 'order_id', column_type: 'BIGINT' },
      { column_name: 'total_price', column_type: 'DECIMAL(38,6)' },
      { column_name: 'created_at', column_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: 'export_date', column_type: 'DATE' },
    ]);
    // A mart's own day, not the partition's.
    const [day] = await postgres<{ date: string }>(sql`select min(date)::text as date from analytics.sales_daily`);
    expect(await duckdb(`select min(date)::varchar as date from ${parquetOf('sales_daily')}`)).toEqual([day]);
    const [first] = await postgres<{ created_at: string }>(
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as created_at from fact_order order by order_id limit 1`,
    );
    expect(
      await duckdb(
        `select strftime(created_at at time zone 'UTC', '%Y-%m-%d %H:%M:%S') as created_at from ${parquetOf('fact_order')} order by order_id limit 1`,
      ),
    ).toEqual([first]);
  });

  it('gives the current state after updates: the latest row per key of a changes table, the latest run of a snapshot', { timeout: 120_000 }, async () => {
    // Three orders change after the first export; the next run writes only them, in small row groups.
    await load([0, 1, 2].map((n) => order(n, '2025-04-05T10:00:00-05:00').replace(`"total_price": "${474 + n}.4${n % 10}"`, `"total_price": "1${n}.05"`)));
    const { files } = await exportRun({ full: false, tables: ['fact_order', 'sales_daily'], rowGroupRows: 2, fileRowGroups: 1 });
    expect(files.filter((f) => f.tableName === 'fact_order').map((f) => f.rows)).toEqual([2, 1]);

    const orders = `select * from ${parquetOf('fact_order')} qualify row_number() over (partition by order_id order by loaded_at desc) = 1`;
    const [expected] = await postgres<{ orders: string; total: string }>(
      sql`select count(*)::text as orders, sum(total_price)::numeric(38, 6)::text as total from fact_order`,
    );
    expect(await duckdb(`select count(*)::varchar as orders, sum(total_price)::varchar as total from (${orders})`)).toEqual([expected]);

    const sales = `select * from ${parquetOf('sales_daily')} qualify export_run = max(export_run) over ()`;
    const [net] = await postgres<{ net: string }>(sql`select sum(net_sales)::numeric(38, 6)::text as net from analytics.sales_daily`);
    expect(await duckdb(`select sum(net_sales)::varchar as net from (${sales})`)).toEqual([net]);
    // Both runs' snapshots are in the files: summing them all would count the shop's sales twice.
    expect(await duckdb(`select count(distinct export_run)::int as runs from ${parquetOf('sales_daily')}`)).toEqual([{ runs: 2 }]);
  });
});

/**
 * The customer of Shopify's customers/redact sample (samples/shopify/customers-redact.json) is
 * the customer of the order sample; a second customer's orders are the same sample under another
 * id, address and city.
 */
const REDACTED = { id: '115310627314723954', email: 'jon@example.com', city: 'Ottawa' };
const KEPT = { id: '115310627314723955', email: 'ann@example.com', city: 'Kingston' };
const redactRequest = readFileSync(new URL('../../samples/shopify/customers-redact.json', import.meta.url), 'utf8').replace(
  '"wharf-demo.myshopify.com"',
  JSON.stringify(REDACTED_SHOP),
);

const ofKeptCustomer = (body: string) =>
  body
    .replaceAll(REDACTED.id, KEPT.id)
    .replaceAll(/jon@example\.com/gi, KEPT.email)
    .replaceAll(REDACTED.city, KEPT.city);

/** Every object R2 holds for the shop's exports, published or staged, with its bytes. */
async function exportObjects(shop: string): Promise<{ key: string; bytes: Uint8Array }[]> {
  const objects: { key: string; bytes: Uint8Array }[] = [];
  for (const prefix of [`exports/${shop}/`, `export-staging/${shop}/`]) {
    let cursor: string | undefined;
    do {
      const page = await proxy.env.EXPORT_BUCKET.list({ prefix, cursor });
      for (const { key } of page.objects) objects.push({ key, bytes: new Uint8Array(await (await proxy.env.EXPORT_BUCKET.get(key))!.arrayBuffer()) });
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  return objects;
}

describe('a customer redaction of an exported shop', () => {
  it('leaves no exported or staged file holding the customer, and the exported current state equal to Postgres', { timeout: 120_000 }, async () => {
    // Orders 100–102 are the redacted customer's, 103–105 the kept customer's; emails in plain text and hashed.
    const orders = [0, 1, 2, 3, 4, 5].map((i) => (i < 3 ? order(100 + i) : ofKeptCustomer(order(100 + i))));
    await load(orders, REDACTED_SHOP, 'plaintext');
    const pii = piiPolicies({ emailMode: 'plaintext', hashScope: 'shop', hashKey: HASH_KEY }).forShop(REDACTED_SHOP);
    const personal = [pii.emailHash(REDACTED.email)!, REDACTED.email, REDACTED.city];
    const shopId = await shopIdOf(REDACTED_SHOP);
    // A full export is published; then an order of the customer changes, and the next run has staged its file when the redaction comes.
    const first = exportSteps({ rowGroupRows: 4096, fileRowGroups: 4 });
    await requestExport(first.context, { shopId, full: true, requestedBy: 'spec' });
    await first.take();
    await load([order(100, '2025-04-05T10:00:00-05:00')], REDACTED_SHOP, 'plaintext');
    const open = exportSteps({ rowGroupRows: 2, fileRowGroups: 1 });
    await requestExport(open.context, { shopId, full: false, tables: ['fact_order'], requestedBy: 'spec' });
    await open.take(1);
    const before = new TextDecoder().decode(Buffer.concat((await exportObjects(REDACTED_SHOP)).map((o) => o.bytes)));
    expect(before).toContain(REDACTED.email);

    const [redaction] = rowsOf(REDACTED_SHOP, 'customers/redact', [redactRequest], 'plaintext');
    await handleComplianceRequest(db, { raw: proxy.env.RAW_BUCKET, exports: proxy.env.EXPORT_BUCKET, exportQueue: open.queue }, redaction!.compliance[0]!);
    const requestState = async () =>
      (
        await postgres<{ open: boolean }>(
          sql`select exports_purged_at is null as open from compliance_request where shop_domain = ${REDACTED_SHOP} and topic = 'customers/redact'`,
        )
      )[0];
    // The open run read the customer before the erasure: the request stays open through it.
    expect(await requestState()).toEqual({ open: true });

    await open.take();
    expect(await requestState()).toEqual({ open: false });
    expect(await postgres(sql`select count(*)::int as open from export_run where shop_id = ${shopId} and status <> 'complete'`)).toEqual([{ open: 0 }]);

    const objects = await exportObjects(REDACTED_SHOP);
    expect(objects.filter((o) => o.key.startsWith('export-staging/'))).toEqual([]);
    const redactedFolder = mkdtempSync(join(tmpdir(), 'wharf-redact-'));
    for (const object of objects) {
      const text = new TextDecoder().decode(object.bytes);
      for (const value of personal) expect(text.includes(value), `${value} in ${object.key}`).toBe(false);
      if (!object.key.endsWith('.parquet')) continue;
      // Compressed pages may split a value's bytes: each row is also read whole.
      const path = join(redactedFolder, object.key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, object.bytes);
      const found = await duckdb<{ n: number }>(
        `select count(*)::int as n from read_parquet('${path}') t where ${personal.map((v) => `strpos(lower(t::varchar), '${v.toLowerCase()}') > 0`).join(' or ')}`,
      );
      expect({ key: object.key, rows: found[0]!.n }).toEqual({ key: object.key, rows: 0 });
    }

    const files = (table: string) => `read_parquet('${join(redactedFolder, 'exports', REDACTED_SHOP, table)}/*/*.parquet', hive_partitioning = true)`;
    const currentOrders = `select * from ${files('fact_order')} qualify row_number() over (partition by order_id order by loaded_at desc) = 1`;
    const [expected] = await postgres<{ orders: string; total: string; kept: string }>(sql`
      select count(*)::text as orders, sum(total_price)::numeric(38, 6)::text as total, count(email_hash)::text as kept
      from fact_order where shop_id = ${shopId}`);
    // 574.40 + 575.41 + 576.42 + 577.43 + 578.44 + 579.45.
    expect(expected).toEqual({ orders: '6', total: '3461.550000', kept: '3' });
    expect(
      await duckdb(`select count(*)::varchar as orders, sum(total_price)::varchar as total, count(email_hash)::varchar as kept from (${currentOrders})`),
    ).toEqual([expected]);
    expect(await duckdb(`select count(*)::int as n from (${currentOrders}) where email_hash = '${pii.emailHash(KEPT.email)}'`)).toEqual([{ n: 3 }]);

    const customers = `select customer_id::varchar as customer_id, email, city from ${files('dim_customer')} qualify export_run = max(export_run) over () order by customer_id, valid_from`;
    expect(await duckdb(customers)).toEqual(
      (
        await postgres<{ customer_id: string; email: string | null; city: string | null }>(
          sql`select customer_id::text, email, city from dim_customer where shop_id = ${shopId} order by customer_id, valid_from`,
        )
      ).map((c) => ({ ...c })),
    );
    expect(await duckdb(`select distinct email, city from (${customers}) order by email`)).toEqual([
      { email: KEPT.email, city: KEPT.city },
      { email: null, city: null },
    ]);
    rmSync(redactedFolder, { recursive: true, force: true });
  });
});
