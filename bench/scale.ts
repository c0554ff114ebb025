/**
 * npm run bench:scale
 *
 * N isolated Wharf runtimes against one Postgres, as production's many consumer invocations are:
 * for each N (1, 2, 4), a fresh throwaway database and N Workers on the local runtime
 * (bench/lib/quiet-worker.ts: separate workerd processes, each with its own local R2 and queues in
 * a temporary directory). Signed deliveries of the mixed run (bench/lib/deliveries.ts: orders with
 * shared customers and products, products/update, inventory_levels/update, over four shops) are
 * spread over the runtimes by stride (runtime r sends deliveries r, r + N, r + 2N, …), so that every
 * runtime loads the same shops, customers, products and inventory levels at the same time. A run
 * is timed from the first send until the warehouse holds every delivery. Sampled every 100 ms
 * (bench/lib/process-sampler.ts): CPU of the workerd processes and of the database's backends,
 * and the backends inside a transaction and waiting for a lock. Then: Postgres' deadlock count for
 * the database, the transactions run again (transaction_retry), and what landed, checked exactly.
 *
 * Environment: DATABASE_URL (a throwaway database on that server per N; else embedded PGlite),
 * BENCH_SCALE_RUNTIMES (1,2,4), BENCH_SCALE_DELIVERIES per N (2000), BENCH_CONCURRENCY (16
 * connections in all, shared among the runtimes).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import type pg from 'pg';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { availableAt, MIXED_ITEMS, MIXED_PRODUCTS, mixedDelivery, SHOPS } from './lib/deliveries';
import { counts, fmt, waitUntilLoaded } from './lib/landed';
import { runLoad } from './lib/load';
import { busyShare, machineCpu } from './lib/machine-cpu';
import { cpuBetween, type ProcessSample, startProcessSampler } from './lib/process-sampler';
import { type QuietWorker, startQuietWorker } from './lib/quiet-worker';
import { benchDatabase, wharfVars } from './lib/stack';

const RUNTIMES = (process.env.BENCH_SCALE_RUNTIMES ?? '1,2,4').split(',').map(Number);
const DELIVERIES = Number(process.env.BENCH_SCALE_DELIVERIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SAMPLE_MS = 100;
const APPLICATION_NAME = 'wharf-bench-scale';
const ACCEPTED = '{"accepted":true,"duplicate":false}';
const LOCK_WAIT_TARGET = 0.05;

const cleanup = cleanupOnExit();
const { stops } = cleanup;

/** What the deliveries 0 … count − 1 of the mixed run must leave in the warehouse. */
function expectedOf(count: number) {
  let orders = 0;
  const products = new Map<string, string>();
  const levels = new Map<string, { version: string; available: number }>();
  let readings = 0;
  for (let index = 0; index < count; index++) {
    const delivery = mixedDelivery(index);
    const shop = SHOPS[index % SHOPS.length]!;
    if (delivery.topic === 'orders/create') orders++;
    // Versions grow with the index: the last delivery of a product or level is its newest.
    else if (delivery.topic === 'products/update') products.set(`${shop}/${delivery.subject}`, delivery.version);
    else {
      levels.set(`${shop}/${delivery.subject}`, { version: delivery.version, available: availableAt(index) });
      readings++;
    }
  }
  return { orders, products, levels, readings };
}

interface Landed {
  events: number;
  loaded: number;
  orders: number;
  lines: number;
  quarantined: number;
  products: number;
  variants: number;
  /** Products whose stored version is not the newest sent. */
  staleProducts: number;
  levels: number;
  /** Levels whose stored reading is not the newest sent. */
  staleLevels: number;
  readings: number;
  /** Σ orders over fact_customer_lifetime: every order counted once for its customer. */
  customerOrders: number;
}

async function landed(db: pg.Client, expected: ReturnType<typeof expectedOf>): Promise<Landed> {
  const base = await counts(db);
  const productKeys = [...expected.products.keys()];
  const levelKeys = [...expected.levels.keys()];
  const { rows } = await db.query<Omit<Landed, keyof typeof base>>(
    `with sent_products as (
       select split_part(k, '/', 1) as domain, split_part(k, '/', 2)::int as n, v::timestamptz as version from unnest($1::text[], $2::text[]) as s(k, v)
     ), sent_levels as (
       select split_part(k, '/', 1) as domain, split_part(k, '/', 2)::int as n, v::timestamptz as version, a from unnest($3::text[], $4::text[], $5::int[]) as s(k, v, a)
     )
     select
       (select count(*) from dim_product)::int as products,
       (select count(*) from dim_variant)::int as variants,
       (select count(*) from sent_products s join dim_shop d on d.domain = s.domain
          left join dim_product p on p.shop_id = d.shop_id and p.product_id = 600000000000000000 + s.n
          where p.updated_at is distinct from s.version)::int as "staleProducts",
       (select count(*) from fact_inventory_level)::int as levels,
       (select count(*) from sent_levels s join dim_shop d on d.domain = s.domain
          left join fact_inventory_level l on l.shop_id = d.shop_id and l.inventory_item_id = 620000000000000000 + s.n
          where l.updated_at is distinct from s.version or l.available is distinct from s.a)::int as "staleLevels",
       (select count(*) from fact_inventory_level_history)::int as readings,
       (select coalesce(sum(orders), 0) from fact_customer_lifetime)::int as "customerOrders"`,
    [
      productKeys,
      productKeys.map((k) => expected.products.get(k)!),
      levelKeys,
      levelKeys.map((k) => expected.levels.get(k)!.version),
      levelKeys.map((k) => expected.levels.get(k)!.available),
    ],
  );
  return { ...base, ...rows[0]! };
}

interface Phase {
  runtimes: number;
  sent: number;
  sendSeconds: number;
  drainSeconds: number;
  perSecond: number;
  workerCpuMs: number;
  databaseCpuMs: number;
  inTransactionMs: number;
  lockWaitShare: number;
  /** The statements seen waiting for a lock most often (lock kind: statement), with their samples. */
  lockWaits: [string, number][];
  deadlocks: number;
  retries: { sqlstate: string; work: string; count: number }[];
  machineShare: number;
  landed: Landed;
  expected: Landed;
}

async function phase(runtimes: number): Promise<Phase> {
  const perRuntime = Math.floor(DELIVERIES / runtimes);
  const sent = perRuntime * runtimes;
  const runId = randomBytes(4).toString('hex');
  const secret = `bench_${randomBytes(16).toString('hex')}`;
  const { local, db } = await benchDatabase(stops, APPLICATION_NAME);
  const vars = wharfVars(local, { SHOPIFY_WEBHOOK_SECRET: secret });
  const workers: QuietWorker[] = await Promise.all(
    Array.from({ length: runtimes }, async (_, r) => {
      const worker = await startQuietWorker(`wharf-scale-${runtimes}-${r}`, vars, 'warn');
      stops.push(worker.stop);
      return worker;
    }),
  );
  const sampler = await startProcessSampler({
    pgrps: workers.map((w) => w.pgrp),
    benchPid: process.pid,
    databaseUrl: local.databaseUrl,
    applicationName: APPLICATION_NAME,
    intervalMs: SAMPLE_MS,
  });
  stops.push(async () => sampler.kill());
  const deadlocks = async () =>
    (await db.query<{ deadlocks: number }>(`select deadlocks::int from pg_stat_database where datname = current_database()`)).rows[0]!.deadlocks;
  const deadlocksBefore = await deadlocks();
  const cpuBefore = machineCpu();

  const results = await Promise.all(
    workers.map((worker, r) =>
      runLoad({
        url: `${worker.url}/webhooks/shopify`,
        concurrency: Math.max(1, Math.round(CONCURRENCY / runtimes)),
        runId,
        secret,
        firstIndex: r,
        stride: runtimes,
        count: perRuntime,
        mix: 'mixed',
        expectBody: ACCEPTED,
      }),
    ),
  );
  const failed = results.find((r) => r.failures > 0);
  if (failed) throw new Error(`${failed.failures} deliveries were refused; first: ${failed.firstFailure}`);
  const expectedLanding = expectedOf(sent);
  const startedAt = Math.min(...results.map((r) => r.startedAt));
  const sentAt = Math.max(...results.map((r) => r.endedAt));
  const loadedAt = await waitUntilLoaded(db, workers, { loaded: sent, orders: expectedLanding.orders });
  const cpuAfter = machineCpu();
  const samples: ProcessSample[] = await sampler.stop();

  const inside = samples.filter((s) => s.at >= startedAt && s.at <= loadedAt);
  const cpu = cpuBetween(samples, startedAt, loadedAt);
  if (!cpu) throw new Error('no CPU samples while the deliveries loaded');
  const inTransaction = inside.reduce((sum, s) => sum + s.inTransaction, 0);
  const waits = new Map<string, number>();
  for (const s of inside) for (const wait of s.lockWaits) waits.set(wait, (waits.get(wait) ?? 0) + 1);
  const waitingOnLock = [...waits.values()].reduce((sum, n) => sum + n, 0);
  const retries = (
    await db.query<{ sqlstate: string; work: string; count: number }>(
      `select sqlstate, work, sum(count)::int as count from transaction_retry group by sqlstate, work order by sqlstate, work`,
    )
  ).rows;
  const result: Phase = {
    runtimes,
    sent,
    sendSeconds: (sentAt - startedAt) / 1000,
    drainSeconds: (loadedAt - startedAt) / 1000,
    perSecond: (sent * 1000) / (loadedAt - startedAt),
    workerCpuMs: (cpu.workerd * 1000) / sent,
    databaseCpuMs: (cpu.postgres * 1000) / sent,
    inTransactionMs: (inTransaction * SAMPLE_MS) / sent,
    lockWaitShare: inTransaction === 0 ? 0 : waitingOnLock / inTransaction,
    lockWaits: [...waits].sort((a, b) => b[1] - a[1]).slice(0, 5),
    deadlocks: (await deadlocks()) - deadlocksBefore,
    retries,
    machineShare: busyShare(cpuBefore, cpuAfter),
    landed: await landed(db, expectedLanding),
    expected: {
      events: sent,
      loaded: sent,
      orders: expectedLanding.orders,
      lines: 2 * expectedLanding.orders,
      quarantined: 0,
      products: expectedLanding.products.size,
      variants: 2 * expectedLanding.products.size,
      staleProducts: 0,
      levels: expectedLanding.levels.size,
      staleLevels: 0,
      readings: expectedLanding.readings,
      customerOrders: expectedLanding.orders,
    },
  };
  // This N's Workers and database go before the next N starts.
  await cleanup.stopAll();
  return result;
}

const landedOk = (p: Phase) => (Object.keys(p.expected) as (keyof Landed)[]).every((k) => p.landed[k] === p.expected[k]);
const verdict = (met: boolean) => (met ? 'met' : '**missed**');

async function main() {
  const loadBefore = loadavg()[0]!;
  const phases: Phase[] = [];
  for (const runtimes of RUNTIMES) {
    phases.push(await phase(runtimes));
    const p = phases.at(-1)!;
    console.log(
      `N = ${runtimes}: ${fmt(p.perSecond)} deliveries/s, lock waits ${fmt(100 * p.lockWaitShare, 1)} %, landed ${landedOk(p) ? 'exactly' : 'WRONG'}`,
    );
  }
  const [first] = phases;
  const rows = phases.map((p) => {
    const retries = p.retries.reduce((sum, r) => sum + r.count, 0);
    return `| ${p.runtimes} | ${fmt(p.sent)} | ${fmt(p.sendSeconds, 1)} | ${fmt(p.drainSeconds, 1)} | **${fmt(p.perSecond)}** | ${fmt(p.perSecond / first!.perSecond, 2)}× | ${fmt(p.workerCpuMs, 2)} | ${fmt(p.databaseCpuMs, 2)} | ${fmt(p.inTransactionMs, 2)} | ${fmt(100 * p.lockWaitShare, 1)} % | ${p.deadlocks} | ${retries}${retries ? ` (${p.retries.map((r) => `${r.work} ${r.sqlstate} × ${r.count}`).join(', ')})` : ''} | ${fmt(100 * p.machineShare)} % |`;
  });
  const checks = phases.map(
    (p) =>
      `| ${p.runtimes} | ${(Object.keys(p.expected) as (keyof Landed)[]).map((k) => (p.landed[k] === p.expected[k] ? `${k} ${fmt(p.landed[k])}` : `**${k} ${fmt(p.landed[k])}, expected ${fmt(p.expected[k])}**`)).join('; ')} | ${landedOk(p) ? 'exact' : '**WRONG**'} |`,
  );
  const waits = phases.map(
    (p) =>
      `| ${p.runtimes} | ${p.lockWaits.length ? p.lockWaits.map(([what, n]) => `${fmt((100 * n) / p.lockWaits.reduce((sum, [, m]) => sum + m, 0))} % \`${what.replaceAll('|', '\\|')}\``).join('<br>') : 'none seen'} |`,
  );
  const last = phases.at(-1)!;
  console.log(`
${cpus().length} cores, Node ${process.version}; load average ${fmt(loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after; ${fmt(DELIVERIES)} deliveries per N over ${SHOPS.length} shops (of every ten per shop: 8 orders/create, 1 products/update of ${MIXED_PRODUCTS} products, 1 inventory_levels/update of ${MIXED_ITEMS} items); ${CONCURRENCY} connections shared among the runtimes

| runtimes | deliveries | sent in s | all loaded in s | deliveries/s | / N = 1 | Worker CPU ms per delivery | database CPU ms per delivery | in transaction ms per delivery | lock waits (share of time in transaction) | deadlocks | transactions retried | machine CPU busy |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
${rows.join('\n')}

| runtimes | statements seen waiting for a lock (share of the lock-wait samples; lock kind: statement) |
| ---: | --- |
${waits.join('\n')}

| runtimes | landed | |
| ---: | --- | --- |
${checks.join('\n')}

At N = ${last.runtimes}: deadlocks surfacing as failures 0 (every delivery accepted and loaded, quarantine ${last.landed.quarantined}): ${verdict(landedOk(last))}; lost or doubled 0: ${verdict(landedOk(last))}; lock waits under ${LOCK_WAIT_TARGET * 100} % of the time in transaction: ${verdict(last.lockWaitShare < LOCK_WAIT_TARGET)}.
`);
  const wrong = phases.filter((p) => !landedOk(p));
  if (wrong.length > 0) throw new Error(`the warehouse does not hold exactly what was sent at N = ${wrong.map((p) => p.runtimes).join(', ')}`);
}

await runMain(main, cleanup);
