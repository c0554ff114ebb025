/**
 * npm run bench:analytics
 *
 * 1. A simulated shop (bench/lib/analytics-shop.ts): BENCH_ANALYTICS_ORDERS orders (200,000, about
 *    2.7 lines each) over two years ending now, a tenth as many customers, in Pacific/Auckland. Its
 *    shop, locations, catalog, inventory and customers go through Wharf's loader; the order history
 *    (orders, lines, discounts, shipping, refunds, fulfillments, checkouts), mapped by Wharf's
 *    domain mapping, is written in bulk (bench/lib/bulk-rows.ts). Then VACUUM ANALYZE, as
 *    autovacuum would have left long-lived tables, and every day's product sales marked and kept
 *    by the warehouse's own code (as loads mark them and the cron keeps them), then analyzed.
 * 2. From scratch: each view of the analytics schema computed whole for the shop (count and sum),
 *    three times with the server's settings (JIT on, as BI tools connect) and three times with
 *    jit = off (fewer once the runs took 20 s), against one pass over fact_order_line; every row
 *    of sales_daily and product_sales_daily fetched to the client, the same ways.
 * 3. Incremental: BENCH_ANALYTICS_NEW_ORDERS new orders (1,000) dated today as orders/create
 *    delivers them, parsed, validated, mapped and loaded by Wharf's loader in transactions of 100
 *    (as the ingest consumer batches them), timed until analytics.sales_daily for today counts them.
 *    Baseline: the same rows by plain inserts in a transaction rolled back afterwards.
 * 4. Latency for a range of 90 days ending today: the report each endpoint reads, through the same
 *    function (analyticsReport), from this process, then each `GET /v1/analytics/*` on Wharf's
 *    Worker (bench/lib/quiet-worker.ts), 3 warm-ups and BENCH_ANALYTICS_REQUESTS (30) requests one
 *    after another (fewer, at least 3, when they take over BENCH_ANALYTICS_SERIES_SECONDS, 60), with
 *    GET /v1/metrics/daily for the same range as the HTTP baseline.
 *
 * Checks: the warehouse's row counts equal what was generated; sales_daily's orders, gross sales,
 * discounts and returns equal the generator's; today's orders grow by exactly the new orders; every
 * request answers 200. Exits non-zero otherwise, after printing what it measured.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else embedded PGlite, which wants
 * a BENCH_ANALYTICS_ORDERS of a few thousand), BENCH_ANALYTICS_ORDERS (200000),
 * BENCH_ANALYTICS_NEW_ORDERS (1000), BENCH_ANALYTICS_REQUESTS (30), BENCH_ANALYTICS_SERIES_SECONDS (60).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { neonConfig } from '@neondatabase/serverless';
import type pg from 'pg';
import { WebSocket } from 'ws';
import { createApiKey } from '../src/auth/api-keys';
import { channelGroup } from '../src/domain/channels';
import { piiPolicies } from '../src/domain/pii';
import { appendRows, type PayloadRows, rows } from '../src/domain/rows';
import { topicModel } from '../src/domain/topics';
import { parseJsonExact } from '../src/lib/exact-json';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { loadWarehouseRows } from '../src/warehouse/load-rows';
import { analyticsReport } from '../src/warehouse/reads/analytics';
import {
  BASELINE_ENDPOINT,
  DAY_MARTS,
  dayOf,
  ENDPOINTS,
  FULL_MARTS,
  type Latency,
  MARTS,
  ORDERS_ON,
  SCANS,
  timeRuns,
  wholeMart,
} from './lib/analytics-queries';
import { AnalyticsShop, type HistoryTotals, money, type ShopShape } from './lib/analytics-shop';
import { BULK_TABLES, insertHistory, keepAllProductDays, refreshAllCustomerFigures } from './lib/bulk-rows';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { startQuietWorker } from './lib/quiet-worker';
import { benchDatabase, root, wharfVars } from './lib/stack';

const ORDERS = Number(process.env.BENCH_ANALYTICS_ORDERS ?? 200_000);
const NEW_ORDERS = Number(process.env.BENCH_ANALYTICS_NEW_ORDERS ?? 1000);
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 30);
const WARMUPS = 3;
/** Timed requests of an endpoint stop after this long, once there are 3: a slow endpoint bounds the run's length, not its 30 requests. */
const SERIES_MS = Number(process.env.BENCH_ANALYTICS_SERIES_SECONDS ?? 60) * 1000;
const SERIES = { warmups: WARMUPS, runs: REQUESTS, budgetMs: SERIES_MS, minRuns: 3 };
const WHOLE_RUNS = 3;
/** A whole mart is computed again only while its runs so far took less than this. */
const WHOLE_BUDGET_MS = 20_000;
const RANGE_DAYS = 90;
const HISTORY_DAYS = 730;
const CHUNK_ORDERS = 5000;
/** Orders per transaction of Wharf's loader: the ingest consumer's batch (wrangler.toml, max_batch_size). */
const LOAD_BATCH = 100;
/** Rows per transaction when the shop's catalog, inventory and customers go through Wharf's loader. */
const SETUP_BATCH = 2000;
const TARGET_INCREMENTAL_MS = 2000;
const TARGET_P95_MS = 500;
const SHOP = 'bench-analytics.myshopify.com';
const TIME_ZONE = 'Pacific/Auckland';
const APPLICATION_NAME = 'wharf-bench';

const cleanup = cleanupOnExit();
const { stops, stopAll } = cleanup;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => fmt(n, n < 100 ? 1 : 0);
const progress = (message: string) => console.error(`[bench:analytics] ${message}`);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Loads `list` through Wharf's loader, `size` rows per transaction. */
async function loadInBatches<R>(db: Warehouse, list: readonly R[], size: number, toRows: (batch: R[]) => PayloadRows) {
  for (let i = 0; i < list.length; i += size) {
    const batch = toRows(list.slice(i, i + size));
    await db.transaction((tx) => loadWarehouseRows(tx, batch));
  }
}

/** The shop, its locations, catalog, inventory (versions and readings in order) and customers, through Wharf's loader. */
async function loadShop(db: Warehouse, shop: AnalyticsShop) {
  const channels = ['web', 'pos', 'shopify_draft_order'].map((sourceName) => ({ shopDomain: SHOP, sourceName, channelGroup: channelGroup(sourceName) }));
  await db.transaction((tx) =>
    loadWarehouseRows(tx, rows({ shops: [shop.shopRow], locations: shop.locations, products: shop.products, variants: shop.productVariants, channels })),
  );
  for (const round of shop.itemVersions) await loadInBatches(db, round, SETUP_BATCH, (inventoryItems) => rows({ inventoryItems }));
  for (const round of shop.levelReadings) await loadInBatches(db, round, SETUP_BATCH, (inventoryLevels) => rows({ inventoryLevels }));
  for (const round of shop.customerVersions) await loadInBatches(db, round, SETUP_BATCH, (customers) => rows({ customers }));
}

/** yyyy-mm-dd in the shop's calendar, `days` after the day of `instant`. */
function shopDay(shop: AnalyticsShop, instant: number, days = 0): string {
  const date = new Date(`${shop.local(instant).slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

interface WholeFigure {
  name: string;
  rows: number;
  /** Milliseconds per run with the server's settings (JIT on), and with `jit = off`. */
  runs: number[];
  withoutJit: number[];
}

interface Incremental {
  today: string;
  window: [string, string];
  before: number;
  after: number;
  beforeQueryMs: number;
  baseline: { insertMs: number; queryMs: number; seen: number };
  loadMs: number;
  queryMs: number;
  transactions: number;
  dayMarts: { view: string; rows: number; ms: number }[];
}

interface Timed {
  name: string;
  sql?: Latency;
  http?: Latency;
  /** The size of a response's body. */
  bytes?: number;
  /** Why the HTTP figures are missing or incomplete, e.g. a status other than 200. */
  failure?: string;
}

async function measureWhole(db: pg.Client, shopId: number): Promise<{ scans: WholeFigure[]; marts: WholeFigure[]; full: WholeFigure[] }> {
  // Up to WHOLE_RUNS runs, fewer once they took WHOLE_BUDGET_MS; returns the times and the rows of the last.
  const repeat = async (sql: string, jit: boolean) => {
    await db.query(`set jit = ${jit ? 'default' : 'off'}`);
    const runs: number[] = [];
    let result: pg.QueryResult | undefined;
    for (let i = 0; i < WHOLE_RUNS && runs.reduce((a, b) => a + b, 0) < WHOLE_BUDGET_MS; i++) {
      const { value, ms } = await timed(() => db.query(sql, [shopId]));
      runs.push(ms);
      result = value;
    }
    await db.query('reset jit');
    return { runs, result: result! };
  };
  const run = async (name: string, sql: string, countRows: (result: pg.QueryResult) => number): Promise<WholeFigure> => {
    const jit = await repeat(sql, true);
    const off = await repeat(sql, false);
    progress(`${name}: ${ms(median(jit.runs))} ms, ${ms(median(off.runs))} ms without JIT`);
    return { name, rows: countRows(jit.result), runs: jit.runs, withoutJit: off.runs };
  };
  const counted = (result: pg.QueryResult) => (result.rows[0] as { rows: number }).rows;
  const scans: WholeFigure[] = [];
  for (const scan of SCANS) scans.push(await run(scan.name, scan.sql, counted));
  const marts: WholeFigure[] = [];
  for (const mart of MARTS) marts.push(await run(`analytics.${mart.view}`, wholeMart(mart), counted));
  const full: WholeFigure[] = [];
  for (const { view, sql } of FULL_MARTS) {
    full.push(await run(`every row of analytics.${view}, all dates, to the client`, sql, (result) => result.rowCount ?? result.rows.length));
  }
  return { scans, marts, full };
}

async function measureIncremental(db: pg.Client, warehouse: Warehouse, shop: AnalyticsShop, shopId: number, piiKey: string): Promise<Incremental> {
  const now = Date.now();
  const today = shopDay(shop, now);
  const clock = shop.local(now).slice(11, 19).split(':').map(Number);
  const sinceMidnight = ((clock[0]! * 60 + clock[1]!) * 60 + clock[2]!) * 1000;
  const to = now - 1000;
  const from = Math.min(to, now - Math.min(30 * 60_000, sinceMidnight));
  const orders = shop.newOrders(NEW_ORDERS, from, to);
  const bodies = orders.map((order) => JSON.stringify(order));

  const ordersToday = async () => (await db.query<{ orders: number }>(ORDERS_ON, [shopId, today])).rows[0]!.orders;
  const { value: before, ms: beforeQueryMs } = await timed(ordersToday);

  // Baseline: the same rows, mapped beforehand, by plain inserts; rolled back.
  const mapped = shop.rowsOf(orders);
  await db.query('begin');
  let baseline: Incremental['baseline'];
  try {
    const insert = await timed(() => insertHistory(db, shopId, mapped));
    const query = await timed(ordersToday);
    baseline = { insertMs: insert.ms, queryMs: query.ms, seen: query.value - before };
  } finally {
    await db.query('rollback');
  }

  // Wharf's path: parse, validate, map and load, a consumer batch per transaction.
  const pii = piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: piiKey });
  const model = topicModel('orders/create')!;
  let transactions = 0;
  const load = await timed(async () => {
    for (let i = 0; i < bodies.length; i += LOAD_BATCH) {
      const batch = rows({});
      for (const [j, body] of bodies.slice(i, i + LOAD_BATCH).entries()) {
        const parsed = parseJsonExact(body);
        if (!parsed.ok) throw new Error(`new order ${i + j} does not parse: ${parsed.reason}`);
        const validated = model.validate(parsed.value);
        if (!validated.ok) throw new Error(`new order ${i + j} is invalid: ${validated.reason}`);
        const id = orders[i + j]!.id;
        appendRows(
          batch,
          validated.toRows({ shopDomain: SHOP, rawKey: `bench/analytics/webhooks/orders-create/${id}.json`, eventAt: orders[i + j]!.updated_at }, pii),
        );
      }
      await warehouse.transaction((tx) => loadWarehouseRows(tx, batch));
      transactions++;
    }
  });
  const { value: after, ms: queryMs } = await timed(ordersToday);
  progress(`incremental: ${fmt(NEW_ORDERS)} orders loaded in ${ms(load.ms)} ms, seen by sales_daily ${ms(queryMs)} ms later`);

  const dayMarts: Incremental['dayMarts'] = [];
  for (const view of DAY_MARTS) {
    const { value, ms } = await timed(() => db.query<{ rows: number }>(dayOf(view), [shopId, today]));
    dayMarts.push({ view, rows: value.rows[0]!.rows, ms });
  }
  return {
    today,
    window: [shop.local(from), shop.local(to)],
    before,
    after,
    beforeQueryMs,
    baseline,
    loadMs: load.ms,
    queryMs,
    transactions,
    dayMarts,
  };
}

/** Each endpoint's report read as the route reads it (analyticsReport: JIT off, in a transaction), from this process. */
async function measureReports(warehouse: Warehouse, shopId: number, range: { from: string; to: string }): Promise<Map<string, Latency>> {
  const figures = new Map<string, Latency>();
  for (const endpoint of ENDPOINTS) {
    const figure = await timeRuns(() => analyticsReport(warehouse, { shopId }, endpoint.report, { ...range, groupBy: endpoint.groupBy }), SERIES);
    progress(`SQL ${endpoint.name}: p50 ${ms(figure.p50)} ms, p95 ${ms(figure.p95)} ms`);
    figures.set(endpoint.name, figure);
  }
  return figures;
}

/** GETs `url` as a series (SERIES); a status other than 200 ends it as a failure. */
async function measureHttp(url: string, key: string): Promise<{ latency?: Latency; bytes?: number; failure?: string }> {
  let bytes = 0;
  const get = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${response.status}: ${body.slice(0, 200)}`);
    JSON.parse(body);
    bytes = Buffer.byteLength(body);
  };
  try {
    return { latency: await timeRuns(get, SERIES), bytes };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

async function measureEndpoints(
  warehouse: Warehouse,
  database: Awaited<ReturnType<typeof benchDatabase>>['local'],
  range: { from: string; to: string },
): Promise<{ baseline: Timed; endpoints: Map<string, Timed> }> {
  // One key per endpoint: each series stays inside a key's 600 requests a minute.
  const keys: string[] = [];
  for (let i = 0; i <= ENDPOINTS.length; i++)
    keys.push((await createApiKey(warehouse, { name: `bench-analytics-${i}`, shopDomain: SHOP, scopes: ['read'] })).key);
  const worker = await startQuietWorker('wharf-analytics', wharfVars(database), 'warn');
  stops.push(worker.stop);
  const query = `from=${range.from}&to=${range.to}`;
  const base = await measureHttp(`${worker.url}${BASELINE_ENDPOINT.path}?${query}`, keys[0]!);
  progress(`HTTP ${BASELINE_ENDPOINT.path}: ${base.latency ? `p50 ${ms(base.latency.p50)} ms, p95 ${ms(base.latency.p95)} ms` : base.failure}`);
  const endpoints = new Map<string, Timed>();
  for (const [i, endpoint] of ENDPOINTS.entries()) {
    const url = `${worker.url}${endpoint.path}?${query}${endpoint.extra ? `&${endpoint.extra}` : ''}`;
    const { latency: http, bytes, failure } = await measureHttp(url, keys[i + 1]!);
    progress(`HTTP ${endpoint.name}: ${http ? `p50 ${ms(http.p50)} ms, p95 ${ms(http.p95)} ms` : failure}`);
    endpoints.set(endpoint.name, { name: endpoint.name, http, bytes, failure });
  }
  await worker.stop();
  return { baseline: { name: BASELINE_ENDPOINT.name, http: base.latency, failure: base.failure }, endpoints };
}

function commitOf(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const loadBefore = loadavg()[0]!;
  const { local: database, db, adminUrl, serverVersion } = await benchDatabase(stops, APPLICATION_NAME);
  neonConfig.webSocketConstructor = WebSocket;
  const warehouse = await connectWarehouse(database.warehouse);
  stops.push(warehouse.close);
  const piiKey = randomBytes(32).toString('hex');
  const pii = piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: piiKey }).forShop(SHOP);

  // 1. The shop.
  const shape: ShopShape = {
    domain: SHOP,
    timeZone: TIME_ZONE,
    currency: 'NZD',
    seed: 42,
    orders: ORDERS,
    customers: Math.max(1, Math.round(ORDERS / 10)),
    products: 400,
    days: HISTORY_DAYS,
    until: Date.now(),
  };
  const shop = new AnalyticsShop(shape, pii);
  const setup = await timed(() => loadShop(warehouse.db, shop));
  progress(`shop, catalog, inventory and customers through Wharf's loader: ${ms(setup.ms)} ms`);
  const shopId = (await db.query<{ shop_id: number }>('select shop_id from dim_shop where domain = $1', [SHOP])).rows[0]!.shop_id;
  let generateMs = 0;
  const history = await timed(async () => {
    const chunks = shop.history(CHUNK_ORDERS);
    for (;;) {
      const started = performance.now();
      const next = chunks.next();
      generateMs += performance.now() - started;
      if (next.done) break;
      await insertHistory(db, shopId, next.value);
    }
  });
  progress(`history: ${fmt(ORDERS)} orders generated and written in ${ms(history.ms)} ms (${ms(generateMs)} ms generating)`);
  const figures = await timed(() => refreshAllCustomerFigures(db, warehouse.db, shopId));
  progress(`customer figures: ${ms(figures.ms)} ms`);
  const vacuum = await timed(() => db.query('vacuum analyze'));
  // After the statistics, as the cron keeps days on a warehouse autovacuum has analyzed.
  const productDays = await timed(async () => {
    await keepAllProductDays(db, warehouse.db, shopId);
    await db.query('analyze fact_product_day');
  });
  progress(`product days: ${ms(productDays.ms)} ms`);
  const counts = await countRows(db, shopId);

  // 2. From scratch.
  const whole = await measureWhole(db, shopId);
  const reconciled = await salesTotals(db, shopId);

  // 3. Incremental.
  const incremental = await measureIncremental(db, warehouse.db, shop, shopId, piiKey);

  // 4. Latency for the last 90 days.
  const range = { from: shopDay(shop, Date.now(), 1 - RANGE_DAYS), to: shopDay(shop, Date.now()) };
  const sql = await measureReports(warehouse.db, shopId, range);
  const http = await measureEndpoints(warehouse.db, database, range);
  const timings: Timed[] = ENDPOINTS.map((e) => ({ name: e.name, sql: sql.get(e.name), ...http.endpoints.get(e.name) }));
  await stopAll();

  const failures = report({
    loadBefore,
    serverVersion,
    embedded: adminUrl === undefined,
    shape,
    totals: shop.totals,
    counts,
    setupMs: setup.ms,
    historyMs: history.ms,
    generateMs,
    figuresMs: figures.ms,
    productDaysMs: productDays.ms,
    vacuumMs: vacuum.ms,
    whole,
    reconciled,
    incremental,
    range,
    baseline: http.baseline,
    timings,
  });
  if (failures.length) throw new Error(`checks failed: ${failures.join('; ')}`);
}

async function countRows(db: pg.Client, shopId: number): Promise<Record<string, number>> {
  const tables = [
    ...Object.values(BULK_TABLES),
    'customer_version',
    'dim_customer',
    'dim_product',
    'dim_variant',
    'dim_inventory_item',
    'dim_inventory_item_cost_history',
    'fact_inventory_level',
    'fact_inventory_level_history',
  ];
  const counted: Record<string, number> = {};
  for (const table of tables)
    counted[table] = (await db.query<{ n: number }>(`select count(*)::int as n from ${table} where shop_id = $1`, [shopId])).rows[0]!.n;
  return counted;
}

interface SalesTotals {
  orders: number;
  gross: number;
  discounts: number;
  returns: number;
}

/** sales_daily over all dates, in cents: what the generator's totals must equal. */
async function salesTotals(db: pg.Client, shopId: number): Promise<SalesTotals> {
  const { rows } = await db.query<SalesTotals>(
    `select sum(orders)::int as orders, (sum(gross_sales) * 100)::bigint::float8 as gross, (sum(discounts) * 100)::bigint::float8 as discounts,
       (sum(returns) * 100)::bigint::float8 as returns
     from analytics.sales_daily where shop_id = $1`,
    [shopId],
  );
  return rows[0]!;
}

interface Run {
  loadBefore: number;
  serverVersion: string;
  embedded: boolean;
  shape: ShopShape;
  totals: HistoryTotals;
  counts: Record<string, number>;
  setupMs: number;
  historyMs: number;
  generateMs: number;
  figuresMs: number;
  productDaysMs: number;
  vacuumMs: number;
  whole: Awaited<ReturnType<typeof measureWhole>>;
  reconciled: SalesTotals;
  incremental: Incremental;
  range: { from: string; to: string };
  baseline: Timed;
  timings: Timed[];
}

/** Prints the figures; returns the checks that failed. */
function report(run: Run): string[] {
  const { totals, counts, whole, incremental: inc } = run;
  const scan = median(whole.scans[0]!.withoutJit);
  const spread = (runs: number[]) => (runs.length > 1 ? `${ms(Math.min(...runs))}–${ms(Math.max(...runs))}` : 'one run');
  const wholeRow = (f: WholeFigure) =>
    `| ${f.name} | ${fmt(f.rows)} | ${ms(median(f.runs))} | ${spread(f.runs)} | ${ms(median(f.withoutJit))} | ${spread(f.withoutJit)} | ${fmt(median(f.withoutJit) / scan, 1)}× |`;
  const marts = whole.marts.filter((f) => !['analytics.orders', 'analytics.returned_lines', 'analytics.refunds', 'analytics.customer_orders'].includes(f.name));
  const allMarts = marts.reduce((sum, f) => sum + median(f.runs), 0);
  const allWithoutJit = marts.reduce((sum, f) => sum + median(f.withoutJit), 0);
  const incTotal = inc.loadMs + inc.queryMs;
  const seen = inc.after - inc.before;
  const verdict = (met: boolean) => (met ? 'met' : '**missed**');

  const checks: [string, boolean, string][] = [
    [
      'fact_order rows = orders generated',
      counts.fact_order === run.shape.orders,
      `${fmt(counts.fact_order!)} vs ${fmt(run.shape.orders)} (counted before the new orders)`,
    ],
    ['fact_order_line rows = lines generated', counts.fact_order_line === totals.lines, `${fmt(counts.fact_order_line!)} vs ${fmt(totals.lines)}`],
    [
      'fact_fulfillment rows = fulfillments generated',
      counts.fact_fulfillment === totals.fulfillments,
      `${fmt(counts.fact_fulfillment!)} vs ${fmt(totals.fulfillments)}`,
    ],
    ['fact_refund rows = refunds generated', counts.fact_refund === totals.refunds, `${fmt(counts.fact_refund!)} vs ${fmt(totals.refunds)}`],
    ['fact_checkout rows = checkouts generated', counts.fact_checkout === totals.checkouts, `${fmt(counts.fact_checkout!)} vs ${fmt(totals.checkouts)}`],
    ['sales_daily Σ orders = non-test orders', run.reconciled.orders === totals.orders, `${fmt(run.reconciled.orders)} vs ${fmt(totals.orders)}`],
    [
      'sales_daily Σ gross_sales, discounts, returns = generated',
      run.reconciled.gross === totals.grossSales && run.reconciled.discounts === totals.discounts && run.reconciled.returns === totals.returns,
      `${money(run.reconciled.gross)} / ${money(run.reconciled.discounts)} / ${money(run.reconciled.returns)} vs ${money(totals.grossSales)} / ${money(totals.discounts)} / ${money(totals.returns)}`,
    ],
    ['baseline insert: today grew by the new orders', inc.baseline.seen === NEW_ORDERS, `${fmt(inc.baseline.seen)} vs ${fmt(NEW_ORDERS)}`],
    ["Wharf's loader: today grew by the new orders", seen === NEW_ORDERS, `${fmt(inc.before)} → ${fmt(inc.after)}`],
    ...[run.baseline, ...run.timings].map((t): [string, boolean, string] => [
      `HTTP ${t.name}: every request 200`,
      t.failure === undefined,
      t.failure ?? `${fmt(t.http?.samples.length ?? 0)} timed requests`,
    ]),
  ];

  const environment = run.embedded ? 'embedded PGlite (in memory)' : `PostgreSQL ${run.serverVersion} (throwaway database)`;
  const endpointRow = (t: Timed) => {
    const sql = t.sql;
    const http = t.http;
    const p95 = http?.p95 ?? sql?.p95;
    return `| ${t.name} | ${sql?.samples.length ?? '–'} | ${sql ? ms(sql.p50) : '–'} | ${sql ? ms(sql.p95) : '–'} | ${http?.samples.length ?? '–'} | ${http ? ms(http.p50) : t.failure ? `not served: ${t.failure.slice(0, 60).replaceAll('|', '\\|')}` : '–'} | ${http ? ms(http.p95) : '–'} | ${t.bytes === undefined ? '–' : fmt(t.bytes / 1024)} | ${http && sql ? `${fmt(http.p95 / sql.p95, 1)}×` : '–'} | ${p95 === undefined ? '–' : `${verdict(p95 <= TARGET_P95_MS)}${http ? '' : ' (SQL)'}`} |`;
  };
  const base = run.baseline.http;

  console.log(`
### ${environment}

Commit ${commitOf()}; ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; load average ${fmt(run.loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after.

Shop (${run.shape.timeZone}, ${run.shape.days} days ending ${inc.today}): ${fmt(counts.fact_order!)} orders (${fmt(totals.testOrders)} test), ${fmt(counts.fact_order_line!)} lines, ${fmt(counts.fact_order_discount!)} discount applications with ${fmt(counts.fact_discount_allocation!)} allocations, ${fmt(counts.fact_shipping_line!)} shipping lines, ${fmt(counts.fact_refund!)} refunds with ${fmt(counts.fact_refund_line!)} lines, ${fmt(counts.fact_fulfillment!)} fulfillments, ${fmt(counts.fact_checkout!)} checkouts; ${fmt(counts.dim_customer!)} dim_customer rows (${fmt(counts.customer_version!)} versions), ${fmt(counts.dim_product!)} products, ${fmt(counts.dim_variant!)} variants, ${fmt(counts.dim_inventory_item_cost_history!)} cost versions, ${fmt(counts.fact_inventory_level!)} inventory levels with ${fmt(counts.fact_inventory_level_history!)} readings.
Loaded in ${fmt((run.setupMs + run.historyMs + run.figuresMs + run.productDaysMs) / 1000, 1)} s: shop, catalog, inventory and customers through Wharf's loader ${fmt(run.setupMs / 1000, 1)} s; history generated and mapped ${fmt(run.generateMs / 1000, 1)} s, written in bulk ${fmt((run.historyMs - run.generateMs) / 1000, 1)} s; customer figures by Wharf's code ${fmt(run.figuresMs / 1000, 1)} s; every day's product sales kept by Wharf's code ${fmt(run.productDaysMs / 1000, 1)} s; VACUUM ANALYZE ${fmt(run.vacuumMs / 1000, 1)} s.

**From scratch** (the whole shop, all dates; median of ${WHOLE_RUNS} runs, or fewer once they took ${fmt(WHOLE_BUDGET_MS / 1000)} s), with the server's settings as a BI tool connects (JIT on) and with \`jit = off\`:

| query | rows | ms | min–max | ms, jit off | min–max | jit off / scan of fact_order_line |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${whole.scans.map(wholeRow).join('\n')}
${whole.marts.map(wholeRow).join('\n')}
${whole.full.map(wholeRow).join('\n')}
| **the nine marts, one after another** | | **${ms(allMarts)}** | | **${ms(allWithoutJit)}** | | ${fmt(allWithoutJit / scan, 1)}× |

**Incremental**: ${fmt(NEW_ORDERS)} new orders dated ${inc.today} (${inc.window[0]} → ${inc.window[1]}), as orders/create delivers them.

| | ms | / baseline |
| --- | ---: | ---: |
| baseline: the same rows (mapped beforehand) by plain inserts, one transaction, rolled back | ${ms(inc.baseline.insertMs)} | |
| baseline: then sales_daily for today | ${ms(inc.baseline.queryMs)} | |
| Wharf: parse, validate, map and load (loadWarehouseRows), ${inc.transactions} transactions of ${LOAD_BATCH} | ${ms(inc.loadMs)} | ${fmt(inc.loadMs / inc.baseline.insertMs, 1)}× |
| then sales_daily for today (${fmt(inc.before)} → ${fmt(inc.after)} orders) | ${ms(inc.queryMs)} | ${fmt(inc.queryMs / inc.baseline.queryMs, 1)}× |
| **load start → today's sales show the new orders** | **${ms(incTotal)}** | target ≤ ${fmt(TARGET_INCREMENTAL_MS)}: ${verdict(incTotal <= TARGET_INCREMENTAL_MS && seen === NEW_ORDERS)} |

Today's rows of each dated mart after the batch: ${inc.dayMarts.map((d) => `${d.view} ${fmt(d.rows)} rows ${ms(d.ms)} ms`).join('; ')}; sales_daily for today before the batch ${ms(inc.beforeQueryMs)} ms.

**Latency**, ${run.range.from} → ${run.range.to} (${RANGE_DAYS} days): ${WARMUPS} warm-ups (one when it takes over a second), then ${REQUESTS} requests one after another, or as many as ${fmt(SERIES_MS / 1000)} s allow once there are 3 (n). SQL: the report the endpoint reads, through the same function (analyticsReport: a transaction with \`jit = off\`), from this process over the Worker's database driver; the whole marts above ran with the server's settings, as a BI tool would. HTTP: \`GET …?from=${run.range.from}&to=${run.range.to}\` on Wharf's Worker (startWorker, inspector off, log level warn).
HTTP baseline: GET ${run.baseline.name}: ${base ? `p50 ${ms(base.p50)} ms, p95 ${ms(base.p95)} ms (n ${base.samples.length})` : `not served: ${run.baseline.failure}`}.

| endpoint | SQL n | SQL p50 ms | SQL p95 ms | HTTP n | HTTP p50 ms | HTTP p95 ms | response KiB | HTTP / SQL (p95) | p95 ≤ ${TARGET_P95_MS} ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${run.timings.map(endpointRow).join('\n')}
| check | | |
| --- | --- | --- |
${checks.map(([what, ok, detail]) => `| ${what} | ${ok ? 'ok' : '**MISMATCH**'} | ${detail} |`).join('\n')}
`);
  return checks.filter(([, ok]) => !ok).map(([what]) => what);
}

await runMain(main, cleanup);
