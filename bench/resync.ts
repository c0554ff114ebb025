/**
 * npm run bench:resync
 *
 * 1. Starts the Shopify simulator in this process and generates a shop of BENCH_RESYNC_ORDERS
 *    orders (200,000: about 2.8 million JSONL lines in a full resync).
 * 2. The Postgres limit for that data: the orders bulk result fetched from the simulator once,
 *    then COPY into an unlogged jsonb table, and COPY + one SQL statement extracting orders and
 *    line items into copies of fact_order and fact_order_line (bench/lib/jsonl-copy-limit.ts).
 * 3. The pipeline: the shop registered, an admin key, POST /v1/resyncs {kind: full} to Wharf on
 *    the local runtime (bench/lib/quiet-worker.ts: `wrangler dev`'s runtime without its inspector),
 *    timed until the resync is `reconciled` (the database is polled, not the API); workerd's
 *    memory and the CPU of workerd, this process and the Postgres backends sampled every 200 ms.
 * 4. Where the time went, from the database; the line and row counts checked against the
 *    simulator's. The run fails on any difference, on `failed`, when nothing moves for
 *    BENCH_RESYNC_STALL_SECONDS or after BENCH_RESYNC_MAX_SECONDS; a run that did not finish
 *    still prints how far it got.
 *
 * With BENCH_RESYNC_RUNTIMES=N, N runtimes (bench/lib/runtimes.ts) share the work: the resync is
 * requested from the first; once it is loading, each other runtime runs the stalled-work sweep,
 * which queues, in its own queues, a message for every assembly range no consumer holds yet.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else embedded PGlite),
 * BENCH_RESYNC_ORDERS (200000), BENCH_RESYNC_STALL_SECONDS (300), BENCH_RESYNC_MAX_SECONDS (1800),
 * BENCH_RESYNC_RUNTIMES (1), BENCH_RESYNC_RESTORE_RATE (the shop's Admin API points a second: the
 * simulator's 100, Shopify's standard plan, unless set), BENCH_RESYNC_INSPECTOR=1 (run Wharf
 * under the `wrangler dev` CLI instead, inspector on).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { neonConfig } from '@neondatabase/serverless';
import type pg from 'pg';
import { WebSocket } from 'ws';
import { type RequestLogEntry, type ShopCounts, startShopifySimulator } from '../simulator';
import { createApiKey } from '../src/auth/api-keys';
import { registerShop } from '../src/resync/installs';
import { entityCompletedBy, isNestedExport, NESTED_EXPORTS } from '../src/resync/nested-exports';
import { BULK_ENTITIES } from '../src/shopify/bulk/queries';
import { connectWarehouse } from '../src/warehouse/db';
import { downloadBulkResult } from './lib/bulk-file';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { baselineWhere, onBaselineTarget } from './lib/copy-target';
import { type JsonlCopyFigures, measureJsonlCopyLimit, type OrderTotals, orderTotalsOf } from './lib/jsonl-copy-limit';
import { type LogSummary, logWatch, scanLog } from './lib/log-scan';
import { backendProfile, cpuBetween, type ProcessSample, rssPeak, startProcessSampler, wranglerGroup } from './lib/process-sampler';
import { type OperationRow, operationRows, progressMark, type ResyncRow, resyncRow } from './lib/resync-timeline';
import { runCron, startRuntimes } from './lib/runtimes';
import { benchDatabase, logSize, root, startWrangler, varArgs, wharfVars } from './lib/stack';

const ORDERS = Number(process.env.BENCH_RESYNC_ORDERS ?? 200_000);
const STALL_MS = Number(process.env.BENCH_RESYNC_STALL_SECONDS ?? 300) * 1000;
const MAX_MS = Number(process.env.BENCH_RESYNC_MAX_SECONDS ?? 1800) * 1000;
const INSPECTOR = process.env.BENCH_RESYNC_INSPECTOR === '1';
const RUNTIMES = Number(process.env.BENCH_RESYNC_RUNTIMES ?? 1);
const RESTORE_RATE = process.env.BENCH_RESYNC_RESTORE_RATE ? Number(process.env.BENCH_RESYNC_RESTORE_RATE) : undefined;
/** The stalled-work sweep's schedule (wrangler.toml): it queues a message for every assembly range no one holds. */
const SWEEP_CRON = '*/15 * * * *';
/** How long a query of the benchmark's own may wait (on PGlite it waits for the Worker's queries to finish). */
const ANSWER_MS = 300_000;
const TARGET_LINES_PER_SECOND = 100_000;
const SHOP = 'bench-resync.myshopify.com';
const TIME_ZONE = 'America/New_York';
const POLL_MS = 500;
const IDLE_SAMPLE_MS = 3000;
/** The benchmark's own connections: left out of the database profile. */
const APPLICATION_NAME = 'wharf-bench';

/** Rejects when `promise` has not settled within `ms`: a database that stops answering ends the run instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const cleanup = cleanupOnExit((stopping) => within(30_000, 'cleanup', stopping));
const { stops, stopAll } = cleanup;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => fmt(bytes / 1048576, 0);
const progress = (message: string) => console.error(`[bench:resync] ${message}`);
const packageVersion = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

interface Transition {
  status: string;
  at: number;
}

/** What the run's backends are running now, longest first (PostgreSQL; PGlite has one session and no view of it). */
async function activeQueries(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ seconds: number; query: string }>(
    `select extract(epoch from now() - query_start)::int as seconds, regexp_replace(query, '\\s+', ' ', 'g') as query
     from pg_stat_activity
     where datname = current_database() and state = 'active' and application_name <> $1
     order by query_start`,
    [APPLICATION_NAME],
  );
  return rows.map((r) => `${r.seconds} s: ${r.query.slice(0, 300)}`).join('\n');
}

/**
 * Polls the resync in the database until it is reconciled, recording its status transitions
 * into `transitions`; fails on `failed`, a stall, a Worker reload or BENCH_RESYNC_MAX_SECONDS.
 */
async function waitForReconciled(
  db: pg.Client,
  resyncId: string,
  startedAt: number,
  wharf: { logFile: string; reloaded(): boolean },
  transitions: Transition[],
  embedded: boolean,
  onStatus: (status: string) => void,
): Promise<void> {
  let last = '';
  let movedAt = Date.now();
  let reportedAt = 0;
  const stuck = async (why: string) => {
    const active = embedded ? '' : await activeQueries(db);
    return new Error(`${why}; see ${wharf.logFile}${active ? `\nactive in the database:\n${active}` : ''}`);
  };
  for (;;) {
    const now = Date.now();
    const { status, error, mark, chunks, assembled } = await within(ANSWER_MS, 'polling the resync in the database', progressMark(db, resyncId));
    if (transitions.at(-1)?.status !== status) {
      transitions.push({ status, at: now });
      onStatus(status);
    }
    if (mark !== last) [last, movedAt] = [mark, now];
    if (status === 'reconciled') return;
    if (status === 'failed') throw new Error(`the resync failed: ${error}; see ${wharf.logFile}`);
    if (wharf.reloaded())
      throw new Error(`wrangler dev reloaded the Worker during the run (a file changed): its queues lost their messages; see ${wharf.logFile}`);
    if (now - movedAt > STALL_MS)
      throw await stuck(`nothing moved for ${STALL_MS / 1000} s (status ${status}, staging chunks ${chunks}, assembled lines ${assembled})`);
    if (now - startedAt > MAX_MS)
      throw await stuck(`not reconciled after ${MAX_MS / 1000} s (status ${status}, staging chunks ${chunks}, assembled lines ${assembled})`);
    if (now - reportedAt >= 10_000) {
      progress(`${fmt((now - startedAt) / 1000)} s: ${status}, staging chunks ${chunks}, assembled lines ${assembled}`);
      reportedAt = now;
    }
    await sleep(POLL_MS);
  }
}

interface Wharf {
  url: string;
  logFile: string;
  runtime: string;
  reloaded(): boolean;
  /** The first runtime's process group and the others', if any. */
  pgrps: number[];
  /** The runtimes besides the first: each joins in by running the sweep once the resync is loading. */
  others: { url: string; logFile: string }[];
  stop(): Promise<void>;
}

/**
 * Wharf on the local runtime: by default through wrangler's startWorker API with the inspector off
 * (see quiet-worker.ts for why); with BENCH_RESYNC_INSPECTOR=1 through the `wrangler dev` CLI as
 * the other benchmarks run it, which restarts on file changes and keeps the inspector on.
 */
async function startWharf(vars: Record<string, string>): Promise<Wharf> {
  if (INSPECTOR) {
    if (RUNTIMES !== 1) throw new Error('BENCH_RESYNC_INSPECTOR=1 runs one runtime');
    const wrangler = await startWrangler('wharf-resync', varArgs(vars));
    const reloaded = logWatch(wrangler.logFile, 'Reloading local server');
    const pgrps = [wranglerGroup(Number(new URL(wrangler.url).port))];
    return { ...wrangler, pgrps, others: [], runtime: '`wrangler dev` (CLI, inspector on)', reloaded };
  }
  const [first, ...others] = await startRuntimes('wharf-resync', RUNTIMES, vars);
  return {
    url: first!.url,
    logFile: first!.logFile,
    pgrps: [first!.pgrp, ...others.map((worker) => worker.pgrp)],
    others,
    runtime: `wrangler's startWorker API (the runtime of \`wrangler dev\`), inspector off, no file watching${RUNTIMES > 1 ? `; ${RUNTIMES} runtimes (separate workerd processes, each with its own local queues and R2) against the one database` : ''}`,
    reloaded: () => false,
    stop: async () => void (await Promise.all([first!, ...others].map((worker) => worker.stop()))),
  };
}

async function main() {
  const loadBefore = loadavg()[0]!;

  // 1. The simulated shop.
  const sim = await startShopifySimulator({ port: 0 });
  stops.push(sim.close);
  const created = await fetch(`${sim.url}/_sim/shops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ domain: SHOP, seed: 42, orders: ORDERS, ianaTimezone: TIME_ZONE, ...(RESTORE_RATE ? { restoreRate: RESTORE_RATE } : {}) }),
  });
  if (created.status !== 201) throw new Error(`the simulator answered ${created.status}: ${await created.text()}`);
  const shop = (await created.json()) as { shopUrl: string; adminApiUrl: string; accessToken: string; counts: ShopCounts; generatedInMs: number };
  const counts = shop.counts;
  progress(`shop generated in ${fmt(shop.generatedInMs / 1000, 1)} s: ${JSON.stringify(counts)}`);

  // 2. The orders file, fetched once outside Wharf, and the database.
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-resync-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  const ordersFile = await downloadBulkResult(shop, 'orders', join(dir, 'orders.jsonl'));
  progress(`orders file: ${fmt(ordersFile.lines)} lines, ${mib(ordersFile.bytes)} MiB`);

  const { local: database, db, adminUrl, serverVersion } = await benchDatabase(stops, APPLICATION_NAME);
  const throwaway = adminUrl !== undefined;

  const copy = await onBaselineTarget(db, !throwaway, (target) => measureJsonlCopyLimit(target, ordersFile.file, TIME_ZONE));
  rmSync(ordersFile.file);
  progress(`baseline: COPY ${fmt(copy.copyMs / 1000, 2)} s, COPY + transform ${fmt(copy.transformMs / 1000, 2)} s`);

  // 3. The pipeline.
  neonConfig.webSocketConstructor = WebSocket;
  const tokenKey = randomBytes(32).toString('hex');
  const warehouse = await connectWarehouse(database.warehouse);
  const { shopId } = await registerShop(warehouse.db, tokenKey, { shopDomain: SHOP, accessToken: shop.accessToken, shopUrl: shop.shopUrl });
  const { key } = await createApiKey(warehouse.db, { name: 'bench', shopDomain: SHOP, scopes: ['admin'] });
  await warehouse.close();

  const wharf = await startWharf(wharfVars(database, { SHOPIFY_TOKEN_KEY: tokenKey, RESYNC_POLL_SECONDS: '1' }));
  stops.push(wharf.stop);
  const logFiles = [wharf.logFile, ...wharf.others.map((other) => other.logFile)];
  const logOffsets = logFiles.map(logSize);
  const sampler = await startProcessSampler({
    pgrps: wharf.pgrps,
    benchPid: process.pid,
    databaseUrl: throwaway ? database.databaseUrl : undefined,
    applicationName: APPLICATION_NAME,
  });
  stops.push(async () => sampler.kill());
  await sleep(IDLE_SAMPLE_MS);

  const startedAt = Date.now();
  const posted = await fetch(`${wharf.url}/v1/resyncs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'full' }),
  });
  if (posted.status !== 202) throw new Error(`POST /v1/resyncs answered ${posted.status}: ${await posted.text()}`);
  const resyncId = ((await posted.json()) as { id: string }).id;
  progress(`resync ${resyncId} requested`);
  const transitions: Transition[] = [];
  const joined: Promise<void>[] = [];
  const joinIn = (status: string) => {
    if (status !== 'loading') return;
    for (const other of wharf.others) joined.push(runCron(other, SWEEP_CRON).then(() => progress(`${other.url} ran the sweep`)));
  };
  const outcome = await waitForReconciled(db, resyncId, startedAt, wharf, transitions, !throwaway, joinIn).then(
    () => undefined,
    (error: unknown) => error,
  );
  const samples = await sampler.stop();

  const resync = await within(ANSWER_MS, 'reading the resync', resyncRow(db, resyncId));
  const operations = await within(ANSWER_MS, 'reading the operations', operationRows(db, resyncId));
  const loaded = (await within(ANSWER_MS, 'counting the warehouse rows', db.query<OrderTotals>(orderTotalsOf(shopId)))).rows[0]!;
  await Promise.all(joined);
  const logs = await Promise.all(logFiles.map((file, i) => scanLog(file, logOffsets[i])));
  const adminApi = adminApiCosts((await (await fetch(`${sim.url}/_sim/shops/${SHOP}/requests`)).json()) as RequestLogEntry[]);
  const stoppedAt = Date.now();
  await stopAll();

  // A run that did not finish still reports how far it got and where its time went.
  const run = (): Run => ({
    loadBefore,
    counts,
    generatedInMs: shop.generatedInMs,
    ordersFile,
    copy,
    serverVersion,
    embedded: !throwaway,
    adminUrl,
    startedAt,
    stoppedAt,
    resync,
    operations,
    transitions,
    samples,
    loaded,
    logs,
    adminApi,
    restoreRate: RESTORE_RATE ?? 100,
    runtime: wharf.runtime,
  });
  const mismatches = report(run(), outcome !== undefined);
  if (outcome) throw outcome;
  if (mismatches.length) throw new Error(`counts do not match: ${mismatches.join('; ')}`);
}

interface Run {
  loadBefore: number;
  counts: ShopCounts;
  generatedInMs: number;
  ordersFile: Awaited<ReturnType<typeof downloadBulkResult>>;
  copy: JsonlCopyFigures;
  serverVersion: string;
  embedded: boolean;
  adminUrl: string | undefined;
  startedAt: number;
  /** When polling ended: the end of a run that was not reconciled. */
  stoppedAt: number;
  resync: ResyncRow;
  operations: OperationRow[];
  transitions: Transition[];
  samples: ProcessSample[];
  loaded: OrderTotals;
  /** Each runtime's log, the first's first. */
  logs: LogSummary[];
  adminApi: AdminApiCosts;
  restoreRate: number;
  runtime: string;
}

interface AdminApiCosts {
  /** Queries that ran (not throttled), and of them the paginated reads (`node`, `nodes`). */
  queries: number;
  pagedQueries: number;
  requested: number;
  charged: number;
}

/** What the shop's Admin API charged the run: points requested (held before each query) and charged (the rest refunded). */
function adminApiCosts(requests: readonly RequestLogEntry[]): AdminApiCosts {
  const ran = requests.filter((r) => r.actualCost !== undefined);
  return {
    queries: ran.length,
    pagedQueries: ran.filter((r) => r.operation === 'node' || r.operation === 'nodes').length,
    requested: ran.reduce((sum, r) => sum + r.cost, 0),
    charged: ran.reduce((sum, r) => sum + r.actualCost!, 0),
  };
}

/** Prints the figures; returns the checks that failed. */
function report(run: Run, unfinished: boolean): string[] {
  const { counts, copy, resync, startedAt, samples } = run;
  const finishedAt = resync.finishedAt ?? run.stoppedAt;
  const totalMs = finishedAt - startedAt;
  const rate = (lines: number, ms: number) => fmt((lines * 1000) / ms);
  // A run that stopped early took longer than it ran: its ratios are lower bounds.
  const ratio = (ms: number) => `${unfinished ? '> ' : ''}${fmt(totalMs / ms, 1)}×`;
  const lineRate = (resync.linesTotal * 1000) / totalMs;
  const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : fmt(ms / 1000, 1));
  const at = (instant: number | null | undefined) => (instant === null || instant === undefined ? '–' : fmt((instant - startedAt) / 1000, 1));
  const latest = [...new Map(run.operations.map((op) => [op.entity, op])).values()];
  const orders = latest.find((op) => op.entity === 'orders')!;
  const job = orders.job ?? { createdAt: null, finishedAt: null, rowsSeen: 0 };
  const loadingAt = run.transitions.find((t) => t.status === 'loading')?.at ?? null;
  // Paginated exports are assembled with the entity they complete, never on their own.
  const assembled = latest.filter((op) => (BULK_ENTITIES as readonly string[]).includes(op.entity));
  const lastAssembled = assembled.every((op) => op.assembledAt) ? Math.max(...assembled.map((op) => op.assembledAt!)) : null;
  // Each entity is assembled once its files are staged: orders once their refunds' lines are too.
  const refundExports = latest.filter((op) => isNestedExport(op.entity) && entityCompletedBy(op.entity) === 'orders');
  const ordersReady = refundExports.every((op) => op.job?.finishedAt) ? Math.max(...refundExports.map((op) => op.job!.finishedAt!)) : null;
  const others = assembled.filter((op) => op.entity !== 'orders');
  const othersAssembled = others.every((op) => op.assembledAt) ? Math.max(...others.map((op) => op.assembledAt!)) : null;

  const before = samples.filter((s) => s.at < startedAt);
  const idle = before.at(-1) ?? samples[0]!;
  const peak = rssPeak(samples, startedAt)!;
  // Windows shorter than the sampling interval still see the samples around them.
  const window = (from: number, to: number): [number, number] => (to - from < 400 ? [from - 200, to + 200] : [from, to]);
  const phasePeak = (from: number | null, to: number | null) => {
    const sample = from === null || to === null ? undefined : rssPeak(samples, ...window(Math.min(from, to), Math.max(from, to)));
    return sample ? mib(sample.workerdRss) : '–';
  };
  const busy = (from: number | null, to: number | null) => {
    const cpu = from === null || to === null || to - from < 1000 ? undefined : cpuBetween(samples, from, to);
    if (!cpu) return '– | – | –';
    const share = (s: number) => `${fmt((100 * s * 1000) / (to! - from!))} %`;
    return `${share(cpu.workerd)} | ${share(cpu.bench)} | ${run.embedded ? 'in bench' : share(cpu.postgres)}`;
  };

  // A phase under way when the run gave up is shown up to then.
  const until = (from: number | null) => (from === null ? null : run.stoppedAt);
  const unfinishedAt = (from: number | null, to: number | null) => (from !== null && to === null ? ', **unfinished** when the run stopped' : '');

  // The critical path: orders is by far the largest file; the other entities finish early.
  const phases: [string, number | null, number | null, number | null][] = [
    ['request → first tick (resync started: shop read, operations created)', startedAt, resync.startedAt, null],
    ['orders: bulk operation in Shopify (started → completedAt, in whole seconds)', orders.startedAt, orders.completedAt, null],
    ['orders: noticed + file downloaded into R2 (completedAt → staging job created)', orders.completedAt, job.createdAt, orders.objectCount],
    [
      `orders: staging (split, chunks into resync_staging)${unfinishedAt(job.createdAt, job.finishedAt)}`,
      job.createdAt,
      job.finishedAt ?? until(job.createdAt),
      job.rowsSeen,
    ],
    ['the other files and the paginated exports (orders staged → status loading, polled)', job.finishedAt, loadingAt, null],
    [
      `the other entities, each assembled once staged (orders staged → the last of them assembled; overlaps the exports)${unfinishedAt(job.finishedAt, othersAssembled)}`,
      job.finishedAt,
      othersAssembled ?? until(job.finishedAt),
      others.reduce((sum, op) => sum + op.linesLoaded + op.linesRejected, 0),
    ],
    [
      `orders: assembly (their refunds' lines staged → assembled)${unfinishedAt(ordersReady, orders.assembledAt)}`,
      ordersReady,
      orders.assembledAt ?? until(ordersReady),
      orders.linesLoaded + orders.linesRejected,
    ],
    ['reconcile (last entity assembled → reconciled)', lastAssembled, resync.finishedAt, null],
  ];
  const phaseRows = phases.map(([what, from, to, lines]) => {
    const span = from !== null && to !== null ? to - from : null;
    // Shopify's completedAt has whole seconds (truncated): a short operation can seem to end before it started.
    const shown = span !== null && span < 0 ? '< 1' : seconds(span);
    return `| ${what} | ${at(from)} → ${at(to)} | ${shown} | ${lines && span ? rate(lines, span) : ''} | ${busy(from, to)} | ${phasePeak(from, to)} |`;
  });
  const profiled = phases.filter(([, from, to]) => from !== null && to !== null && to - from >= 2000);
  const profileRows = run.embedded
    ? []
    : profiled.flatMap(([what, from, to]) =>
        backendProfile(samples, from!, to!)
          .slice(0, 4)
          .map(([activity, s], i) => `| ${i === 0 ? what : ''} | ${activity.replaceAll('|', '\\|')} | ${fmt(s, 1)} |`),
      );

  // Checked only once the resync is reconciled: before that, nothing is expected to add up.
  const checks: [string, boolean, string][] = unfinished
    ? []
    : [
        ['lines_total = simulator jsonlLines', resync.linesTotal === counts.jsonlLines, `${fmt(resync.linesTotal)} vs ${fmt(counts.jsonlLines)}`],
        [
          'lines_loaded + lines_rejected + lines_duplicate = lines_total',
          resync.linesLoaded + resync.linesRejected + resync.linesDuplicate === resync.linesTotal,
          `${fmt(resync.linesLoaded)} + ${fmt(resync.linesRejected)} + ${fmt(resync.linesDuplicate)} = ${fmt(resync.linesLoaded + resync.linesRejected + resync.linesDuplicate)}`,
        ],
        ['fact_order rows = simulator orders', run.loaded.orders === counts.orders, `${fmt(run.loaded.orders)} vs ${fmt(counts.orders)}`],
        ['fact_order_line rows = simulator lineItems', run.loaded.lineItems === counts.lineItems, `${fmt(run.loaded.lineItems)} vs ${fmt(counts.lineItems)}`],
        [
          'baseline (b) loaded the same orders: counts, Σ total_price, Σ total_line_items_price, Σ quantity, Σ gross_amount',
          (['orders', 'lineItems', 'totalPrice', 'lineItemsPrice', 'units', 'gross'] as const).every((k) => String(run.loaded[k]) === String(copy[k])),
          `${copy.totalPrice} vs ${run.loaded.totalPrice}; ${copy.lineItemsPrice} vs ${run.loaded.lineItemsPrice}; ${fmt(copy.units)} vs ${fmt(run.loaded.units)}; ${copy.gross} vs ${run.loaded.gross}`,
        ],
      ];

  const environment = run.embedded
    ? `embedded PGlite ${packageVersion('@electric-sql/pglite')} (Postgres ${run.serverVersion}, in memory)`
    : `PostgreSQL ${run.serverVersion} (${new URL(run.adminUrl!).host}, throwaway database)`;
  const met = lineRate >= TARGET_LINES_PER_SECOND;
  console.log(`
### ${environment}

${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, wrangler ${packageVersion('wrangler')}; load average ${fmt(run.loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after.
Shop: ${fmt(counts.orders)} orders, ${fmt(counts.lineItems)} line items, ${fmt(counts.jsonlLines)} JSONL lines over the ${BULK_ENTITIES.length} bulk operations and ${NESTED_EXPORTS.length} paginated exports of a full resync (generated in ${fmt(run.generatedInMs / 1000, 1)} s);
orders file ${fmt(run.ordersFile.lines)} lines, ${mib(run.ordersFile.bytes)} MiB. Baseline on ${baselineWhere(run.embedded)}.
Wharf ran under ${run.runtime}, RESYNC_POLL_SECONDS=1.

| | seconds | lines/s | pipeline / this |
| --- | ---: | ---: | ---: |
| simulator: orders bulk operation, start → COMPLETED (renders the file once to measure it) | ${seconds(run.ordersFile.operationMs)} | ${rate(run.ordersFile.lines, run.ordersFile.operationMs)} | ${ratio(run.ordersFile.operationMs)} |
| simulator: orders file served to a plain HTTP client (renders it again) | ${seconds(run.ordersFile.downloadMs)} | ${rate(run.ordersFile.lines, run.ordersFile.downloadMs)} | ${ratio(run.ordersFile.downloadMs)} |
| (a) COPY of the orders file into an unlogged jsonb table | ${fmt(copy.copyMs / 1000, 2)} | ${rate(copy.lines, copy.copyMs)} | ${ratio(copy.copyMs)} |
| (b) COPY + SQL extracting orders and line items into fact tables | ${fmt(copy.transformMs / 1000, 2)} | ${rate(copy.lines, copy.transformMs)} | ${ratio(copy.transformMs)} |
${
  unfinished
    ? `| **resync: POST /v1/resyncs → not reconciled, run stopped** (status ${run.transitions.at(-1)?.status}) | ${fmt(totalMs / 1000, 1)} | **< ${fmt((counts.jsonlLines * 1000) / totalMs)}** (target ≥ ${fmt(TARGET_LINES_PER_SECOND)}: **missed**) | |`
    : `| **resync: POST /v1/resyncs → reconciled** | ${fmt(totalMs / 1000, 1)} | **${fmt(lineRate)}** (target ≥ ${fmt(TARGET_LINES_PER_SECOND)}: ${met ? 'met' : '**missed**'}) | |`
}

Peak workerd RSS during the resync ${mib(peak.workerdRss)} MiB (${peak.workerdProcesses} processes, at ${at(peak.at)} s); ${mib(idle.workerdRss)} MiB before it started.

Where the time went (seconds from the POST; database timestamps):

| phase | from → to (s) | seconds | lines/s | CPU: workerd | CPU: this process (simulator, bridge${run.embedded ? ', PGlite' : ''}) | CPU: Postgres backends | peak workerd RSS (MiB) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${phaseRows.join('\n')}
| **total**${unfinished ? ' (not reconciled)' : ''} | 0 → ${at(finishedAt)} | **${seconds(totalMs)}** | **${unfinished ? '–' : fmt(lineRate)}** | ${busy(startedAt, finishedAt)} | ${mib(peak.workerdRss)} |

CPU is per cent of one core (100 % = one of the ${cpus().length} cores busy for the whole phase), from /proc every 200 ms.
${
  profileRows.length
    ? `
What the run's Postgres backends were doing (sampled from pg_stat_activity every 200 ms; seconds of backend time, so several backends can add up to more than the phase):

| phase | backend state or active query | seconds |
| --- | --- | ---: |
${profileRows.join('\n')}
`
    : ''
}

Per bulk operation (seconds from the POST):

| entity | attempt | lines | started | Shopify completedAt (whole seconds, truncated) | file in R2 (job created) | chunks | first → last chunk | staged | assembled |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${run.operations
  .map(
    (op) =>
      `| ${op.entity} | ${op.attempt} | ${fmt(op.objectCount ?? 0)} | ${at(op.startedAt)} | ${at(op.completedAt)} | ${at(op.job?.createdAt)} | ${op.job?.chunks ?? '–'} | ${at(op.job?.firstChunkAt)} → ${at(op.job?.lastChunkAt)} | ${at(op.job?.finishedAt)} | ${at(op.assembledAt)} |`,
  )
  .join('\n')}

Status as polled: ${run.transitions.map((t) => `${t.status} ${at(t.at)} s`).join(', ')}.

Admin API: ${fmt(run.adminApi.queries)} queries ran, ${fmt(run.adminApi.pagedQueries)} of them paginated reads (\`node\`, \`nodes\`); ${fmt(run.adminApi.requested)} points requested, ${fmt(run.adminApi.charged)} charged (the rest refunded). At the shop's ${fmt(run.restoreRate)} points a second, what was charged takes ${fmt(run.adminApi.charged / run.restoreRate)} s to restore.

| runtime | queue (wrangler dev's log) | batches | messages | mean ms | p50 ms | max ms |
| ---: | --- | ---: | ---: | ---: | ---: | ---: |
${run.logs.flatMap((log, i) => log.queues.map((q) => `| ${i + 1} | ${q.queue} | ${fmt(q.batches)} | ${fmt(q.messages)} | ${fmt(q.meanMs)} | ${fmt(q.p50Ms)} | ${fmt(q.maxMs)} |`)).join('\n')}

${run.logs
  .map((log, i) =>
    log.errors.length
      ? `Errors in runtime ${i + 1}'s log (${mib(log.bytes)} MiB): ${log.errors
          .slice(0, 3)
          .map(([line, n]) => `${fmt(n)} × \`${line.replaceAll('`', "'")}\``)
          .join('; ')}.`
      : `No errors in runtime ${i + 1}'s log.`,
  )
  .join('\n')}

${
  unfinished
    ? 'Counts not checked: the resync did not finish.'
    : `| check | | |
| --- | --- | --- |
${checks.map(([what, ok, detail]) => `| ${what} | ${ok ? 'ok' : '**MISMATCH**'} | ${detail} |`).join('\n')}`
}
`);
  if (counts.jsonlLines < 1_000_000)
    progress(`note: ${fmt(counts.jsonlLines)} lines, fewer than the million the benchmark is meant for (BENCH_RESYNC_ORDERS=${ORDERS})`);
  return unfinished ? [] : checks.filter(([, ok]) => !ok).map(([what]) => what);
}

await runMain(main, cleanup);
