/**
 * npm run bench:upload
 *
 * 1. Generates the 541,909-row retail CSV (../shared/datagen/retail-csv.mjs --stats).
 * 2. The Postgres limit (bench/lib/copy-limit.ts, bench/lib/copy-target.ts: the run's database, or an
 *    in-process PGlite when the run's is the embedded one): COPY into a staging table, and COPY + an
 *    INSERT … SELECT applying the cleaning rules.
 * 3. The pipeline: POST /v1/uploads under `wrangler dev`, timed until the job is done.
 * 4. The job's counts against the generator's stats and against the SQL reference of step 2.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else embedded PGlite),
 * BENCH_UPLOAD_CHUNK_BYTES (the Worker's UPLOAD_CHUNK_BYTES; default that of wrangler.toml),
 * BENCH_UPLOAD_LIVE_HEAP=1 (also read the live heap every 2 s through heap snapshots: for memory, not timing).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { neonConfig } from '@neondatabase/serverless';
import { WebSocket } from 'ws';
import { createApiKey } from '../src/auth/api-keys';
import { connectWarehouse } from '../src/warehouse/db';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { measureCopyLimit } from './lib/copy-limit';
import { baselineWhere, onBaselineTarget } from './lib/copy-target';
import { heapPeak, startHeapSampler } from './lib/heap-sampler';
import { generateRetailFile } from './lib/retail-file';
import { benchDatabase, freePort, startWrangler, varArgs, wharfVars } from './lib/stack';
import { type JobView, rejectsByField, waitForJob } from './lib/upload-job';

const STALL_MS = 120_000;
const IDLE_SAMPLE_MS = 3000;
// Live heap readings take heap snapshots, which pause the Worker: such a run is for memory, not timing.
const LIVE_HEAP = process.env.BENCH_UPLOAD_LIVE_HEAP === '1';

const cleanup = cleanupOnExit();
const { stops, stopAll } = cleanup;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => fmt(bytes / 1048576, 1);

async function main() {
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-upload-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  const { file, stats } = generateRetailFile(dir);
  const bytes = statSync(file).size;

  const { local: database, db, adminUrl, serverVersion } = await benchDatabase(stops);
  const throwaway = adminUrl !== undefined;

  const copy = await onBaselineTarget(db, database.embedded, (target) => measureCopyLimit(target, file));

  neonConfig.webSocketConstructor = WebSocket;
  const warehouse = await connectWarehouse(database.warehouse);
  const { key } = await createApiKey(warehouse.db, { name: 'bench', shopDomain: 'bench-upload.myshopify.com', scopes: ['read', 'upload'] });
  await warehouse.close();

  const chunkBytes = process.env.BENCH_UPLOAD_CHUNK_BYTES;
  const inspectorPort = await freePort();
  const wharf = await startWrangler('wharf-upload', [
    ...varArgs(wharfVars(database, chunkBytes ? { UPLOAD_CHUNK_BYTES: chunkBytes } : {})),
    '--log-level',
    'warn',
    '--inspector-port',
    String(inspectorPort),
  ]);
  stops.push(wharf.stop);
  const heap = await startHeapSampler(inspectorPort, { liveEveryMs: LIVE_HEAP ? 2000 : undefined });
  stops.push(async () => void (await heap.stop()));
  await sleep(IDLE_SAMPLE_MS);
  const headers = { authorization: `Bearer ${key}` };

  const started = performance.now();
  const startedAt = Date.now();
  const posted = await fetch(`${wharf.url}/v1/uploads?source=retail-csv`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(bytes) },
    body: readFileSync(file),
  });
  if (posted.status !== 202) throw new Error(`upload answered ${posted.status}: ${await posted.text()}`);
  const uploadedMs = performance.now() - started;
  const job = await waitForJob(wharf.url, headers, (await posted.json()) as JobView, { stallMs: STALL_MS, logFile: wharf.logFile });
  const pipelineMs = performance.now() - started;
  if (job.status === 'failed') throw new Error(`the job failed: ${job.error}`);

  const heapSamples = await heap.stop();
  const idleHeap = heapPeak(heapSamples, 0, startedAt);
  const loadHeap = heapPeak(heapSamples, startedAt, Date.now());
  const idleLive = heapPeak(heapSamples, 0, startedAt, true);
  const loadLive = heapPeak(heapSamples, startedAt, Date.now(), true);
  const byField = await rejectsByField(db, job.id);
  const returns = (await db.query<{ n: number }>('select count(*)::int as n from fact_sales_line where job_id = $1 and is_return', [job.id])).rows[0]!.n;
  await stopAll();

  const r = job.rows;
  const field = (f: string) => byField[f] ?? 0;
  const accidental = copy.duplicates - stats.duplicates;
  // Each row with two defects is counted in two of the stats' counters but rejected once.
  const injected = stats.badQuantity + stats.badDate + stats.badPrice;
  const checks: [string, boolean, string][] = [
    ['rows seen = stats.rows', r.seen === stats.rows, `${fmt(r.seen)} vs ${fmt(stats.rows)}`],
    [
      'duplicates = stats.duplicates + identical lines the generator wrote by chance',
      r.duplicates === copy.duplicates && accidental >= 0,
      `${fmt(r.duplicates)} = ${fmt(stats.duplicates)} + ${fmt(accidental)} (SQL reference: ${fmt(copy.duplicates)})`,
    ],
    ...(['Quantity', 'InvoiceDate', 'UnitPrice'] as const).map((f): [string, boolean, string] => [
      `rejected on ${f} = SQL reference (first failing field)`,
      field(f) === (copy.rejectedBy[f] ?? 0),
      `${fmt(field(f))} vs ${fmt(copy.rejectedBy[f] ?? 0)}`,
    ]),
    [
      'rejected = badQuantity + badDate + badPrice − rows with two defects',
      r.rejected === injected - copy.multiDefect && r.rejected === Object.values(byField).reduce((a, b) => a + b, 0),
      `${fmt(r.rejected)} = ${fmt(injected)} − ${fmt(copy.multiDefect)} (Quantity ${fmt(field('Quantity'))} vs ${fmt(stats.badQuantity)}, InvoiceDate ${fmt(field('InvoiceDate'))} vs ${fmt(stats.badDate)}, UnitPrice ${fmt(field('UnitPrice'))} vs ${fmt(stats.badPrice)})`,
    ],
    [
      'loaded = seen − rejected − duplicates',
      r.loaded === r.seen - r.rejected - r.duplicates && r.loaded === copy.loaded,
      `${fmt(r.loaded)} (SQL reference ${fmt(copy.loaded)})`,
    ],
    [
      'returns loaded = SQL reference',
      returns === copy.returns,
      `${fmt(returns)} vs ${fmt(copy.returns)}; stats.cancellations ${fmt(stats.cancellations)} (the rest were rejected or duplicates)`,
    ],
  ];

  const rate = (ms: number) => fmt((stats.rows * 1000) / ms);
  const ratio = pipelineMs / copy.transformMs;
  const environment = throwaway
    ? `PostgreSQL ${serverVersion} (${new URL(adminUrl!).host}, throwaway database)`
    : `embedded PGlite (Postgres ${serverVersion}, in memory)`;
  console.log(`
### ${environment}

${cpus().length} cores, Node ${process.version}, load average ${fmt(loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after;
${fmt(stats.rows)} rows, ${fmt(bytes / 1048576, 1)} MiB; UPLOAD_CHUNK_BYTES ${chunkBytes ?? 'from wrangler.toml'}, ${job.chunks.total} chunks; baseline on ${baselineWhere(database.embedded)}

| | seconds | rows/s | pipeline / this |
| --- | ---: | ---: | ---: |
| (a) COPY into an unlogged staging table | ${fmt(copy.copyMs / 1000, 2)} | ${rate(copy.copyMs)} | ${fmt(pipelineMs / copy.copyMs, 1)}× |
| (b) COPY + INSERT … SELECT with the cleaning rules | ${fmt(copy.transformMs / 1000, 2)} | ${rate(copy.transformMs)} | ${fmt(ratio, 2)}× (target ≤ 1.0×: ${ratio <= 1 ? 'met' : '**missed**'}) |
| upload → job done (POST answered after ${fmt(uploadedMs / 1000, 2)} s) | ${fmt(pipelineMs / 1000, 2)} | ${rate(pipelineMs)} | |

The Worker isolate's JavaScript heap (V8 heap plus ArrayBuffer backing stores, read through the inspector every
100 ms, ${fmt(heapSamples.length)} readings): ${mib(idleHeap)} MiB before the upload; while it loaded, at most ${mib(loadHeap)} MiB in use,
garbage not yet collected included.${
    LIVE_HEAP
      ? `
Live heap (read after a heap snapshot's full collection, every 2 s, ${heapSamples.filter((s) => s.live).length} readings; the snapshots
pause the Worker, so this run's times are not comparable): ${mib(idleLive)} MiB before the upload, at most ${mib(loadLive)} MiB while it
loaded: **${mib(loadLive - idleLive)} MiB** held by the upload's invocations at most.`
      : ''
  }

| check | | |
| --- | --- | --- |
${checks.map(([what, ok, detail]) => `| ${what} | ${ok ? 'ok' : '**MISMATCH**'} | ${detail} |`).join('\n')}
`);
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length) throw new Error(`counts do not match: ${failed.map(([what]) => what).join('; ')}`);
}

await runMain(main, cleanup);
