/**
 * npm run bench:db-paths
 *
 * Wharf's two database paths in the same run, on the runtime of `wrangler dev` (workerd): one
 * Worker reaches the run's database through the Neon serverless driver (over the local
 * WebSocket-to-TCP bridge, as every local run does), the other through a HYPERDRIVE binding
 * (node-postgres over the Workers TCP socket API, straight to the database: locally the binding is
 * its connection string, with no Hyperdrive pool in between). Every request opens a connection of
 * its own and closes it, as every request and queue batch does.
 *
 * 1. `GET /healthz`: connect and `select 1`: what a connection costs.
 * 2. `GET /v1/orders?limit=50` with a read key: connect, authenticate the key (a query and an
 *    update), read a page of the shop's orders (none: the statement, not the rows, is what is timed).
 * The two Workers are asked in turn, BENCH_DB_PATHS_REQUESTS (60) times each after 5 warm-ups;
 * p50 and p95 in ms, and the Hyperdrive path's p50 as a ratio to the Neon path's.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else embedded PGlite).
 */
import { cpus, loadavg } from 'node:os';
import { neonConfig } from '@neondatabase/serverless';
import { WebSocket } from 'ws';
import { createApiKey } from '../src/auth/api-keys';
import { connectWarehouse } from '../src/warehouse/db';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { startQuietWorker } from './lib/quiet-worker';
import { benchDatabase, wharfVars } from './lib/stack';

const cleanup = cleanupOnExit();
const { stops } = cleanup;
const REQUESTS = Number(process.env.BENCH_DB_PATHS_REQUESTS ?? 60);
const WARMUPS = 5;
const SHOP = 'bench-db-paths.myshopify.com';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

async function main() {
  // The benchmark's own connection runs in Node, which has no WebSocket of its own for the Neon driver.
  neonConfig.webSocketConstructor = WebSocket;
  const { local: database, serverVersion } = await benchDatabase(stops, 'wharf-bench-db-paths');
  const warehouse = await connectWarehouse(database.warehouse);
  stops.push(warehouse.close);
  const { key } = await createApiKey(warehouse.db, { name: 'bench', shopDomain: SHOP, scopes: ['read'] });

  const vars = wharfVars(database);
  const neon = await startQuietWorker('wharf-db-neon', vars, 'warn');
  stops.push(neon.stop);
  // Its bridge address leads nowhere: were it to reach the database through the Neon driver after
  // all, every request would fail instead of being timed on the wrong path.
  const hyperdrive = await startQuietWorker('wharf-db-hyperdrive', { ...vars, DATABASE_WS_PROXY: '127.0.0.1:9' }, 'warn', {
    HYPERDRIVE: { connectionString: database.databaseUrl },
  });
  stops.push(hyperdrive.stop);

  const requests: { name: string; path: string; headers: Record<string, string> }[] = [
    { name: 'GET /healthz (connect, select 1)', path: '/healthz', headers: {} },
    { name: 'GET /v1/orders?limit=50 (connect, key, an orders query)', path: '/v1/orders?limit=50', headers: { authorization: `Bearer ${key}` } },
  ];
  const loadBefore = loadavg()[0]!;
  const table: string[] = [];
  for (const request of requests) {
    const samples = { neon: [] as number[], hyperdrive: [] as number[] };
    for (let i = 0; i < WARMUPS + REQUESTS; i++) {
      // In turn, so that both paths see the same moment of the machine.
      const n = await timed(`${neon.url}${request.path}`, request.headers);
      const h = await timed(`${hyperdrive.url}${request.path}`, request.headers);
      if (i >= WARMUPS) {
        samples.neon.push(n);
        samples.hyperdrive.push(h);
      }
    }
    const neonSorted = samples.neon.sort((a, b) => a - b);
    const hyperSorted = samples.hyperdrive.sort((a, b) => a - b);
    table.push(
      `| ${request.name} | ${fmt(percentile(neonSorted, 50))} | ${fmt(percentile(neonSorted, 95))} | ${fmt(percentile(hyperSorted, 50))} | ${fmt(percentile(hyperSorted, 95))} | ${(percentile(hyperSorted, 50) / percentile(neonSorted, 50)).toFixed(2)}× |`,
    );
  }
  console.log(`
PostgreSQL ${serverVersion} (${database.embedded ? 'embedded PGlite' : 'throwaway database'}); ${cpus().length} cores; load average ${loadBefore.toFixed(2)} before and ${loadavg()[0]!.toFixed(2)} after; ${REQUESTS} requests each after ${WARMUPS} warm-ups, the two Workers in turn.

| request | Neon driver p50 ms | p95 | Hyperdrive path p50 ms | p95 | Hyperdrive / Neon (p50) |
| --- | ---: | ---: | ---: | ---: | ---: |
${table.join('\n')}`);
}

await runMain(main, cleanup);
