/**
 * npm run chaos
 *
 * Fault injection against a real local stack: Wharf under `wrangler dev` (local R2 and Queues),
 * in front of Postgres through a TCP proxy that can refuse connections on demand (the database
 * "going down"), the Worker killed with SIGKILL. Each scenario sends signed orders/create
 * deliveries and checks the warehouse against what was sent:
 *
 * 1. outage: the database refused for CHAOS_OUTAGE_SECONDS (20) mid-stream; retries recover it.
 * 2. long outage: refused for CHAOS_LONG_OUTAGE_SECONDS (75), longer than every retry budget: the
 *    failures are kept in R2, and one run of the stalled-work sweep (its cron) loads them all.
 * 3. poison: deliveries with ids beyond bigint among good ones: the good ones load at once, the
 *    poison is quarantined with its reason, no batch is retried.
 * 4. kill: the Worker killed the moment the last delivery is acknowledged (its in-memory queues
 *    lost), started again over the same R2, and recovered by `wharf redrive`.
 *
 * Each asserts: every delivery acknowledged, sent = landed (fact_order and its lines), nothing
 * doubled (one ledger entry per delivery, each seen once, two lines per order), no dead letter
 * left open. Queue retries start at 1 s here (RETRY_FIRST_DELAY_SECONDS, 4 s in production), so
 * that a budget is spent in about 30 s instead of two minutes.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else the embedded PGlite),
 * CHAOS_DELIVERIES per scenario (2000), CHAOS_OUTAGE_SECONDS, CHAOS_LONG_OUTAGE_SECONDS,
 * CHAOS_SCENARIOS (comma-separated names; all by default).
 */
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { cleanupOnExit, runMain } from '../bench/lib/cleanup';
import { deliveryBody, SHOPS } from '../bench/lib/deliveries';
import { type LoadResult, runLoad } from '../bench/lib/load';
import { freePort, root, startWrangler, throwawayDatabase, varArgs, type Wrangler, wharfVars } from '../bench/lib/stack';
import { openLocalDatabase } from '../scripts/lib/database';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';
import { startTcpProxy, type TcpProxy } from './lib/tcp-proxy';

const deliveries = Number(process.env.CHAOS_DELIVERIES ?? 2000);
const outageSeconds = Number(process.env.CHAOS_OUTAGE_SECONDS ?? 20);
const longOutageSeconds = Number(process.env.CHAOS_LONG_OUTAGE_SECONDS ?? 75);
const only = process.env.CHAOS_SCENARIOS?.split(',').filter(Boolean);
const POISON = 20;
// Nothing landing for this long means lost messages or a retry loop, not a slow pipeline.
const STALL_MS = 120_000;

const secret = `chaos_${randomBytes(16).toString('hex')}`;
const ACCEPTED = '{"accepted":true,"duplicate":false}';
// deliveryBody(i) uses order id ORDER_BASE + i (bench/lib/deliveries.ts).
const ORDER_BASE = 900_000_000_000_000_000n;

const cleanup = cleanupOnExit();
const { stops } = cleanup;

interface Stack {
  wharf: Wrangler;
  proxy: TcpProxy;
  db: pg.Client;
  databaseUrl: string;
  restart(): Promise<void>;
}

/** What the warehouse holds of deliveries [first, first + count) of run `runId`. */
interface Landed {
  recorded: number;
  loaded: number;
  orders: number;
  lines: number;
  recounted: number;
  openDeadLetters: number;
}

async function landed(db: pg.Client, runId: string, first: number, count: number): Promise<Landed> {
  const low = String(ORDER_BASE + BigInt(first));
  const high = String(ORDER_BASE + BigInt(first + count - 1));
  const { rows } = await db.query<Landed>(
    `select
      (select count(*) from raw_event where webhook_id like $3)::int as recorded,
      (select count(*) from raw_event where webhook_id like $3 and status = 'loaded')::int as loaded,
      (select count(*) from fact_order where order_id between $1 and $2)::int as orders,
      (select count(*) from fact_order_line where order_id between $1 and $2)::int as lines,
      (select count(*) from raw_event where webhook_id like $3 and seen_count <> 1)::int as recounted,
      (select count(*) from quarantine where webhook_id like $3 and resolved_at is null)::int as "openDeadLetters"`,
    [low, high, `${runId}-%`],
  );
  return rows[0]!;
}

/**
 * Polls until every delivery has landed; fails when nothing moves for STALL_MS. Returns when (epoch
 * ms). `every` runs meanwhile each `everyMs`, standing in for a cron.
 */
async function waitLanded(db: pg.Client, runId: string, first: number, count: number, every?: { ms: number; run: () => Promise<void> }): Promise<number> {
  let last = -1;
  let progressAt = Date.now();
  let ranAt = Date.now();
  for (;;) {
    const now = await landed(db, runId, first, count);
    if (now.orders >= count && now.loaded >= count) return Date.now();
    if (now.orders !== last) [last, progressAt] = [now.orders, Date.now()];
    if (Date.now() - progressAt > STALL_MS) throw new Error(`nothing landed for ${STALL_MS / 1000} s: sent ${count}, warehouse ${JSON.stringify(now)}`);
    if (every && Date.now() - ranAt > every.ms) {
      await every.run();
      ranAt = Date.now();
    }
    await sleep(250);
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

/** Runs the stalled-work sweep as its cron trigger would. */
async function sweep(wharf: Wrangler) {
  const response = await fetch(`${wharf.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('*/15 * * * *')}`);
  if (!response.ok) throw new Error(`the sweep did not run: ${response.status} ${await response.text()}`);
}

const send = (wharf: Wrangler, runId: string, firstIndex: number, count: number, concurrency = 8) =>
  runLoad({ url: `${wharf.url}/webhooks/shopify`, concurrency, count, runId, firstIndex, secret, expectBody: ACCEPTED });

interface Figures {
  scenario: string;
  sent: number;
  acknowledged: number;
  landed: number;
  doubled: number;
  openDeadLetters: number;
  notes: string;
  ok: boolean;
}

/** The common verdict: all acknowledged, all landed, nothing doubled, nothing left open. */
async function verdict(stack: Stack, scenario: string, runId: string, first: number, load: LoadResult, notes: string): Promise<Figures> {
  const now = await landed(stack.db, runId, first, deliveries);
  const doubled = now.recounted + Math.max(0, now.lines - 2 * now.orders) + Math.max(0, now.recorded - deliveries);
  const acknowledged = load.requests - load.failures;
  const ok = acknowledged === deliveries && now.orders === deliveries && now.loaded === deliveries && doubled === 0 && now.openDeadLetters === 0;
  return { scenario, sent: load.requests, acknowledged, landed: now.orders, doubled, openDeadLetters: now.openDeadLetters, notes, ok };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function outage(stack: Stack, runId: string, first: number, outageMs: number, name: string): Promise<Figures> {
  const loading = send(stack.wharf, runId, first, deliveries);
  await waitUntil(async () => (await landed(stack.db, runId, first, deliveries)).recorded >= deliveries / 4);
  stack.proxy.refuse();
  const downAt = Date.now();
  const before = await landed(stack.db, runId, first, deliveries);
  await sleep(outageMs);
  stack.proxy.accept();
  const backAt = Date.now();
  const load = await loading;
  // Past every retry budget, the failures wait for the sweep: its cron runs every 15 minutes, here every 15 seconds.
  const swept = outageMs > 45_000;
  let sweeps = 0;
  const cron = { ms: 15_000, run: () => sweep(stack.wharf).then(() => void sweeps++) };
  const doneAt = await waitLanded(stack.db, runId, first, deliveries, swept ? cron : undefined);
  const { rows } = await stack.db.query<{ transient: number }>(
    `select count(*)::int as transient from quarantine where webhook_id like $1 and error_class = 'transient'`,
    [`${runId}-%`],
  );
  return verdict(
    stack,
    name,
    runId,
    first,
    load,
    `database refused for ${seconds(backAt - downAt)} with ${before.loaded} loaded; all sent ${seconds(load.endedAt - load.startedAt)} after the first` +
      `; ${rows[0]!.transient} recorded as transient failures${swept ? ' (kept in R2, then moved into the quarantine and re-driven by the sweep)' : ''}` +
      `; all landed ${seconds(doneAt - backAt)} after the database was back, with no action${swept ? `, ${sweeps} sweep${sweeps === 1 ? '' : 's'} run` : ''}`,
  );
}

function poisonDelivery(runId: string, index: number) {
  const body = Buffer.from(deliveryBody(index).replace(String(ORDER_BASE + BigInt(index)), '12345678901234567890'));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': SHOPS[index % SHOPS.length]!,
      'x-shopify-api-version': '2025-10',
      'x-shopify-webhook-id': `${runId}-poison-${index}`,
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    },
  };
}

async function poison(stack: Stack, runId: string, first: number): Promise<Figures> {
  const loading = send(stack.wharf, runId, first, deliveries);
  let poisonAccepted = 0;
  for (let i = 0; i < POISON; i++) {
    await sleep(50);
    const { body, headers } = poisonDelivery(`${runId}p`, first + deliveries + i);
    const response = await fetch(`${stack.wharf.url}/webhooks/shopify`, { method: 'POST', headers, body });
    if (response.ok) poisonAccepted++;
  }
  const load = await loading;
  const doneAt = await waitLanded(stack.db, runId, first, deliveries);
  await waitUntil(async () => {
    const { rows } = await stack.db.query<{ n: number }>(`select count(*)::int as n from raw_event where webhook_id like $1 and status = 'quarantined'`, [
      `${runId}p-%`,
    ]);
    return rows[0]!.n === POISON;
  });
  const { rows } = await stack.db.query<{ n: number; reason: string }>(
    `select count(*)::int as n, min(reason) as reason from quarantine where webhook_id like $1 and error_class = 'invalid' and path = 'id'`,
    [`${runId}p-%`],
  );
  const figures = await verdict(
    stack,
    'poison ids among good deliveries',
    runId,
    first,
    load,
    `${poisonAccepted} deliveries with a 20-digit order id among them, ${rows[0]!.n} quarantined ("${rows[0]!.reason}"); all good ones landed ${seconds(doneAt - load.endedAt)} after the last was acknowledged`,
  );
  return { ...figures, ok: figures.ok && poisonAccepted === POISON && rows[0]!.n === POISON };
}

const execCli = promisify(execFile);
async function cli(stack: Stack, args: string[]): Promise<unknown> {
  const { stdout } = await execCli('npx', ['tsx', 'scripts/cli.ts', ...args, '--json'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: stack.databaseUrl, WHARF_URL: stack.wharf.url },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

async function kill(stack: Stack, runId: string, first: number): Promise<Figures> {
  const { key } = (await cli(stack, ['keys', 'create', '--shop', SHOPS.join(','), '--scopes', 'admin'])) as { key: string };
  const from = new Date(Date.now() - 1000).toISOString();
  const load = await send(stack.wharf, runId, first, deliveries, 16);
  await stack.wharf.kill();
  const atKill = await landed(stack.db, runId, first, deliveries);
  await stack.restart();
  const restartedAt = Date.now();
  const report = (await cli(stack, ['redrive', '--key', key, '--from', from, '--to', new Date().toISOString()])) as {
    deliveries: { missing: number; unfinished: number; redriven: number };
  };
  const commandDoneAt = Date.now();
  const doneAt = await waitLanded(stack.db, runId, first, deliveries);
  return verdict(
    stack,
    'killed mid-drain, restarted, `wharf redrive`',
    runId,
    first,
    load,
    `SIGKILL when the last was acknowledged: ${atKill.loaded} loaded, ${deliveries - atKill.recorded} not even recorded` +
      `; after the restart \`wharf redrive\` found ${report.deliveries.missing} never recorded and ${report.deliveries.unfinished} never loaded, re-drove ${report.deliveries.redriven}` +
      ` (command ${seconds(commandDoneAt - restartedAt)}); all landed ${seconds(doneAt - restartedAt)} after the restart`,
  );
}

async function main() {
  const adminUrl = process.env.DATABASE_URL || undefined;
  let databaseUrl: string;
  if (adminUrl) {
    const throwaway = await throwawayDatabase(adminUrl);
    stops.push(throwaway.drop);
    databaseUrl = throwaway.url;
  } else {
    const embedded = await startEmbeddedPostgres({ port: await freePort() });
    stops.push(embedded.stop);
    databaseUrl = embedded.url;
  }
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  stops.push(proxy.stop);
  const proxied = new URL(databaseUrl);
  proxied.port = String(proxy.port);
  const local = await openLocalDatabase({ databaseUrl: proxied.toString() });
  stops.push(local.stop);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  stops.push(() => db.end());

  const persistTo = mkdtempSync(join(tmpdir(), 'wharf-chaos-'));
  stops.push(async () => rmSync(persistTo, { recursive: true, force: true }));
  const args = [...varArgs(wharfVars(local, { SHOPIFY_WEBHOOK_SECRET: secret, RETRY_FIRST_DELAY_SECONDS: '1' })), '--test-scheduled'];
  let starts = 0;
  const start = () => startWrangler(`chaos-${++starts}`, args, { persistTo });
  const stack: Stack = {
    wharf: await start(),
    proxy,
    db,
    databaseUrl,
    async restart() {
      stack.wharf = await start();
    },
  };
  stops.push(() => stack.wharf.stop());

  const scenarios: Record<string, (runId: string, first: number) => Promise<Figures>> = {
    outage: (runId, first) => outage(stack, runId, first, outageSeconds * 1000, `database refused ${outageSeconds} s mid-stream`),
    'long-outage': (runId, first) => outage(stack, runId, first, longOutageSeconds * 1000, `database refused ${longOutageSeconds} s, past every retry budget`),
    poison: (runId, first) => poison(stack, runId, first),
    kill: (runId, first) => kill(stack, runId, first),
  };
  const results: Figures[] = [];
  for (const [i, [name, run]] of Object.entries(scenarios).entries()) {
    if (only && !only.includes(name)) continue;
    const runId = `chaos${randomBytes(3).toString('hex')}`;
    console.log(`scenario ${name}…`);
    const figures = await run(runId, i * 1_000_000);
    console.log(`  ${figures.ok ? 'ok' : 'FAILED'}: ${JSON.stringify(figures)}`);
    results.push(figures);
  }

  console.log(`
| scenario | sent | acknowledged | landed | doubled | open dead letters | |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${results.map((r) => `| ${r.scenario} | ${r.sent} | ${r.acknowledged} | ${r.landed} | ${r.doubled} | ${r.openDeadLetters} | ${r.ok ? '' : '**FAILED** '}${r.notes} |`).join('\n')}
`);
  if (results.some((r) => !r.ok)) throw new Error('a scenario lost, doubled or left open some deliveries');
}

await runMain(main, cleanup);
