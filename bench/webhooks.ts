/**
 * npm run bench:webhooks
 *
 * 1. HTTP: POST /webhooks/shopify against two baselines on the same local runtime (a Hono route
 *    that does nothing, and one that does only the intake's R2 put and queue send), all under
 *    `wrangler dev`, driven by the same load generator at the same concurrency.
 * 2. Queues → Postgres: a burst of distinct deliveries, timed from the first send until the
 *    warehouse holds every one of them.
 *
 * The database is the one `npm start` would use: a fresh throwaway database on the server named by
 * DATABASE_URL (dropped afterwards), or else the embedded PGlite, in memory.
 *
 * Environment: BENCH_CONCURRENCY (16), BENCH_SECONDS per HTTP target (10), BENCH_WARMUP_SECONDS (2),
 * BENCH_DELIVERIES in the burst (20000).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { openLocalDatabase } from '../scripts/lib/database';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { SHOPS } from './lib/deliveries';
import { type Counts, counts, fmt, waitUntilLoaded } from './lib/landed';
import { type HttpFigures, httpFigures, type LoadResult, type LoadSpec, requestsPerSecond, runLoad } from './lib/load';
import { queueBatchStats } from './lib/queue-log';
import { logSize, startWrangler, throwawayDatabase, varArgs, wharfVars } from './lib/stack';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const durationMs = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const warmupMs = Number(process.env.BENCH_WARMUP_SECONDS ?? 2) * 1000;
const burstSize = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const ROUNDS = 5;

const runId = randomBytes(4).toString('hex');
const secret = `bench_${randomBytes(16).toString('hex')}`;
const ACCEPTED = '{"accepted":true,"duplicate":false}';

const cleanup = cleanupOnExit();
const { stops, stopAll } = cleanup;

function check(result: LoadResult, what: string): LoadResult {
  if (result.failures > 0) throw new Error(`${what}: ${result.failures} of ${result.requests} requests failed; first: ${result.firstFailure}`);
  return result;
}

const httpRow = (name: string, f: HttpFigures) => `| ${name} | ${fmt(f.requests)} | ${fmt(f.perSecond)} | ${fmt(f.p50Ms, 2)} | ${fmt(f.p99Ms, 2)} |`;
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

async function main() {
  const loadBefore = loadavg()[0]!;
  const load = (url: string, spec: Partial<LoadSpec>) => runLoad({ url, concurrency, runId, secret, firstIndex: 0, ...spec });

  const adminUrl = process.env.DATABASE_URL;
  const throwaway = adminUrl ? await throwawayDatabase(adminUrl) : undefined;
  if (throwaway) stops.push(throwaway.drop);
  const database = await openLocalDatabase({ databaseUrl: throwaway?.url });
  stops.push(database.stop);
  const db = new pg.Client({ connectionString: database.databaseUrl, query_timeout: 30_000 });
  await db.connect();
  stops.push(() => db.end());
  const serverVersion = (await db.query<{ version: string }>(`select current_setting('server_version') as version`)).rows[0]!.version;

  const wharfArgs = varArgs(wharfVars(database, { SHOPIFY_WEBHOOK_SECRET: secret }));
  // At the default log level wrangler dev logs every request through a call into its Node process:
  // a cost production does not have, which would hide part of the difference between the routes.
  const quiet = ['--log-level', 'warn'];
  const baseline = await startWrangler('baseline', ['-c', 'bench/bare-wrangler.toml', ...quiet]);
  stops.push(baseline.stop);
  const wharf = await startWrangler('wharf-http', [...wharfArgs, ...quiet]);
  stops.push(wharf.stop);

  let sent = 0;
  const send = async (url: string, spec: Partial<LoadSpec>, what: string) => {
    const result = check(await load(`${url}/webhooks/shopify`, { ...spec, firstIndex: sent, expectBody: ACCEPTED }), what);
    sent += result.requests;
    return result;
  };

  // 1. HTTP. The targets take turns in short rounds, so that whatever else runs on the machine
  // weighs on all of them alike; each round starts once Wharf's consumers are idle again.
  const targets = {
    bare: (spec: Partial<LoadSpec>) => load(`${baseline.url}/`, spec),
    io: (spec: Partial<LoadSpec>) => load(`${baseline.url}/io`, spec),
    webhook: (spec: Partial<LoadSpec>) => send(wharf.url, spec, 'webhook'),
  };
  const runs: Record<keyof typeof targets, LoadResult[]> = { bare: [], io: [], webhook: [] };
  for (const [name, target] of Object.entries(targets)) check(await target({ durationMs: warmupMs }), `${name} warm-up`);
  for (let round = 0; round < ROUNDS; round++) {
    await waitUntilLoaded(db, [wharf], { loaded: sent, orders: sent });
    for (const [name, target] of Object.entries(targets)) {
      runs[name as keyof typeof targets].push(check(await target({ durationMs: durationMs / ROUNDS }), name));
    }
  }
  await waitUntilLoaded(db, [wharf], { loaded: sent, orders: sent });
  await baseline.stop();
  await wharf.stop();
  const [bare, io, webhook] = [httpFigures(runs.bare), httpFigures(runs.io), httpFigures(runs.webhook)];

  // 2. Queues → Postgres, on a Worker at the default log level, which reports every consumer batch
  // with its duration.
  const wharfQueues = await startWrangler('wharf-queues', wharfArgs);
  stops.push(wharfQueues.stop);
  const logOffset = logSize(wharfQueues.logFile);
  const burst = await send(wharfQueues.url, { count: burstSize }, 'burst');
  const loadedWhenSent = (await counts(db)).loaded - (sent - burstSize);
  const allLoadedAt = await waitUntilLoaded(db, [wharfQueues], { loaded: sent, orders: sent });
  const final = await counts(db);
  const batches = queueBatchStats(wharfQueues.logFile, logOffset);
  await stopAll();

  const expected: Counts = { events: sent, loaded: sent, orders: sent, lines: 2 * sent, quarantined: 0 };
  const landedOk = (Object.keys(expected) as (keyof Counts)[]).every((k) => final[k] === expected[k]);

  const throughputRatio = webhook.perSecond / bare.perSecond;
  const p99Ratio = webhook.p99Ms / bare.p99Ms;
  const fromFirstSend = (burstSize * 1000) / (allLoadedAt - burst.startedAt);
  const fromEndOfSending = ((burstSize - loadedWhenSent) * 1000) / (allLoadedAt - burst.endedAt);
  const environment = throwaway
    ? `PostgreSQL ${serverVersion} (${new URL(adminUrl!).host}, throwaway database)`
    : `embedded PGlite (Postgres ${serverVersion}, in memory)`;

  console.log(`
### ${environment}

${cpus().length} cores, Node ${process.version}, load average ${fmt(loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after the run;
concurrency ${concurrency}; ${warmupMs / 1000} s warm-up, then ${durationMs / 1000} s per target in ${ROUNDS} rounds taking turns

| HTTP | requests | req/s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
${httpRow('bare Hono route', bare)}
${httpRow('Hono route doing the intake I/O only (R2 put + queue send)', io)}
${httpRow('POST /webhooks/shopify', webhook)}
| webhook / bare | | ${fmt(throughputRatio, 2)}× (target ≥ 0.8×: ${verdict(throughputRatio >= 0.8)}) | ${fmt(webhook.p50Ms / bare.p50Ms, 2)}× | ${fmt(p99Ratio, 2)}× (target ≤ 1.5×: ${verdict(p99Ratio <= 1.5)}) |
| webhook / intake I/O only | | ${fmt(webhook.perSecond / io.perSecond, 2)}× | ${fmt(webhook.p50Ms / io.p50Ms, 2)}× | ${fmt(webhook.p99Ms / io.p99Ms, 2)}× |

| Queues → Postgres, ${fmt(burstSize)} deliveries over ${SHOPS.length} shops | |
| --- | --- |
| sent (all acknowledged) | ${fmt((burst.endedAt - burst.startedAt) / 1000, 2)} s, ${fmt(requestsPerSecond(burst))}/s |
| all loaded, from the first send | ${fmt((allLoadedAt - burst.startedAt) / 1000, 2)} s: **${fmt(fromFirstSend)} deliveries/s** (target ≥ 3,000: ${verdict(fromFirstSend >= 3000)}) |
| all loaded, from the end of sending | ${fmt((allLoadedAt - burst.endedAt) / 1000, 2)} s for the ${fmt(burstSize - loadedWhenSent)} not yet loaded: ${fmt(fromEndOfSending)} deliveries/s |
${batches.map((b) => `| ${b.queue} consumer | ${fmt(b.batches)} batches of ${fmt(b.messages / b.batches)} on average, ${fmt(b.meanMs)} ms each (p50 ${fmt(b.p50Ms)}, max ${fmt(b.maxMs)})${b.notAcked ? `, ${fmt(b.notAcked)} messages retried` : ''} |`).join('\n')}
| landed (whole run) | sent ${fmt(sent)}; raw_event ${fmt(final.events)}, loaded ${fmt(final.loaded)}, fact_order ${fmt(final.orders)}, fact_order_line ${fmt(final.lines)}, quarantine ${fmt(final.quarantined)}: ${landedOk ? 'all there' : '**MISMATCH**'} |
`);
  if (!landedOk) throw new Error(`sent ${sent} deliveries but the warehouse holds ${JSON.stringify(final)}; expected ${JSON.stringify(expected)}`);
}

await runMain(main, cleanup);
