/**
 * npm run bench:upload-large
 *
 * A file of about 1 GiB through the multipart upload API, with the Worker's memory sampled from
 * the first part to the job's end: consumer memory must stay flat however large the file.
 *
 * 1. Generates BENCH_UPLOAD_LARGE_ROWS rows (12,000,000: about 1 GiB) of the retail CSV
 *    (../shared/datagen/retail-csv.mjs --stats).
 * 2. Runs Wharf on `wrangler dev`'s runtime without its inspector (bench/lib/quiet-worker.ts),
 *    samples the resident memory of its workerd processes every 200 ms.
 * 3. POST /v1/uploads/multipart?source=retail-csv, PUT the parts (BENCH_UPLOAD_PART_MIB, 64),
 *    POST complete, then polls GET /v1/jobs/{id} until done.
 * 4. Prints the phases, workerd's memory per tenth of the chunks loaded, and the job's counts
 *    checked against the generator's stats. Exits non-zero on any difference.
 *
 * Environment: DATABASE_URL (a throwaway database on that server; else embedded PGlite, which
 * holds the whole warehouse in this process's memory: use PostgreSQL at this size).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { neonConfig } from '@neondatabase/serverless';
import { WebSocket } from 'ws';
import { createApiKey } from '../src/auth/api-keys';
import { connectWarehouse } from '../src/warehouse/db';
import { cleanupOnExit, runMain } from './lib/cleanup';
import { rssPeak, startProcessSampler } from './lib/process-sampler';
import { startQuietWorker } from './lib/quiet-worker';
import { generateRetailFile } from './lib/retail-file';
import { benchDatabase, wharfVars } from './lib/stack';
import { type JobView, rejectsByField, waitForJob } from './lib/upload-job';

const ROWS = Number(process.env.BENCH_UPLOAD_LARGE_ROWS ?? 12_000_000);
const PART_BYTES = Number(process.env.BENCH_UPLOAD_PART_MIB ?? 64) * 1048576;
const STALL_MS = 300_000;
const IDLE_SAMPLE_MS = 3000;
const APPLICATION_NAME = 'wharf-bench';

const cleanup = cleanupOnExit();
const { stops, stopAll } = cleanup;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes: number) => fmt(bytes / 1048576);
const progress = (message: string) => console.error(`[bench:upload-large] ${message}`);

function readPart(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) read += readSync(fd, buffer, read, length - read, offset + read);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

async function call(url: string, init: RequestInit, expected: number): Promise<unknown> {
  const response = await fetch(url, init);
  if (response.status !== expected) throw new Error(`${init.method} ${new URL(url).pathname} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function main() {
  const loadBefore = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-upload-large-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  const at = performance.now();
  const { file, stats } = generateRetailFile(dir, ROWS);
  const bytes = statSync(file).size;
  progress(`generated ${fmt(stats.rows)} rows, ${mib(bytes)} MiB in ${fmt((performance.now() - at) / 1000, 1)} s`);

  const { local: database, db, adminUrl, serverVersion } = await benchDatabase(stops, APPLICATION_NAME);
  const throwaway = adminUrl !== undefined;

  neonConfig.webSocketConstructor = WebSocket;
  const warehouse = await connectWarehouse(database.warehouse);
  const { key } = await createApiKey(warehouse.db, { name: 'bench', shopDomain: 'bench-upload.myshopify.com', scopes: ['read', 'upload'] });
  await warehouse.close();

  const wharf = await startQuietWorker('wharf-upload-large', wharfVars(database), 'warn');
  stops.push(wharf.stop);
  const sampler = await startProcessSampler({ pgrps: [wharf.pgrp], benchPid: process.pid, applicationName: APPLICATION_NAME });
  stops.push(async () => sampler.kill());
  await sleep(IDLE_SAMPLE_MS);
  const headers = { authorization: `Bearer ${key}` };

  // Upload: begin, the parts one after another, complete.
  const started = Date.now();
  const begun = (await call(`${wharf.url}/v1/uploads/multipart?source=retail-csv`, { method: 'POST', headers }, 201)) as {
    partsUrl: string;
    completeUrl: string;
  };
  const parts = Math.ceil(bytes / PART_BYTES);
  for (let n = 1; n <= parts; n++) {
    const offset = (n - 1) * PART_BYTES;
    const body = readPart(file, offset, Math.min(PART_BYTES, bytes - offset));
    await call(
      `${wharf.url}${begun.partsUrl}/${n}`,
      { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.length) }, body },
      200,
    );
  }
  const uploadedAt = Date.now();
  progress(`${parts} parts uploaded in ${fmt((uploadedAt - started) / 1000, 1)} s`);
  const queued = (await call(`${wharf.url}${begun.completeUrl}`, { method: 'POST', headers }, 202)) as JobView;
  const completedAt = Date.now();

  // Load: workerd's memory noted at every tenth of the chunks.
  const tenths: { tenth: number; done: number; at: number }[] = [];
  let unanswered = 0;
  const job = await waitForJob(wharf.url, headers, queued, {
    stallMs: STALL_MS,
    logFile: wharf.logFile,
    onPoll: (polled) => {
      if (polled.status === 'unanswered') {
        unanswered++;
        progress(`GET /v1/jobs/${polled.id} not answered within 30 s`);
        return;
      }
      const total = polled.chunks.total;
      if (!total) return;
      const tenth = Math.floor((10 * polled.chunks.done) / total);
      if (tenth > (tenths.at(-1)?.tenth ?? 0)) {
        tenths.push({ tenth, done: polled.chunks.done, at: Date.now() });
        progress(`${polled.chunks.done}/${total} chunks, ${fmt(polled.rows.seen)} rows`);
      }
    },
  });
  const doneAt = Date.now();
  const samples = await sampler.stop();
  if (job.status === 'failed') throw new Error(`the job failed: ${job.error}`);

  const byField = await rejectsByField(db, job.id);
  const stored = (await db.query<{ n: number }>('select count(*)::int as n from fact_sales_line where job_id = $1', [job.id])).rows[0]!.n;
  await stopAll();

  const memory = (from: number, to: number) => rssPeak(samples, from, to)?.workerdRss ?? 0;
  const idle = memory(-Infinity, started);
  const firstTenth = memory(completedAt, tenths[0]?.at ?? doneAt);
  const loadPeak = memory(completedAt, doneAt);
  const field = (f: string) => byField[f] ?? 0;
  const r = job.rows;
  const checks: [string, boolean, string][] = [
    ['rows seen = stats.rows', r.seen === stats.rows, `${fmt(r.seen)} vs ${fmt(stats.rows)}`],
    ['loaded + rejected + duplicates = seen', r.loaded + r.rejected + r.duplicates === r.seen, `${fmt(r.loaded)} + ${fmt(r.rejected)} + ${fmt(r.duplicates)}`],
    ['fact_sales_line rows of the job = loaded', stored === r.loaded, `${fmt(stored)} vs ${fmt(r.loaded)}`],
    // Quantity is checked before the date and the price, so every injected bad quantity is its reject.
    ['rejected on Quantity = stats.badQuantity', field('Quantity') === stats.badQuantity, `${fmt(field('Quantity'))} vs ${fmt(stats.badQuantity)}`],
    [
      'rejected on InvoiceDate, UnitPrice ≤ injected (a row with two defects is rejected on the first)',
      field('InvoiceDate') <= stats.badDate && field('UnitPrice') <= stats.badPrice && r.rejected === Object.values(byField).reduce((a, b) => a + b, 0),
      `InvoiceDate ${fmt(field('InvoiceDate'))} of ${fmt(stats.badDate)}, UnitPrice ${fmt(field('UnitPrice'))} of ${fmt(stats.badPrice)}`,
    ],
    [
      'duplicates ≥ stats.duplicates (the generator also repeats lines by chance)',
      r.duplicates >= stats.duplicates,
      `${fmt(r.duplicates)} vs ${fmt(stats.duplicates)}`,
    ],
    [
      'workerd memory stays within 1.5× of the first tenth of the load',
      loadPeak <= 1.5 * firstTenth,
      `first tenth ${mib(firstTenth)} MiB, whole load ${mib(loadPeak)} MiB`,
    ],
  ];

  const seconds = (ms: number) => fmt(ms / 1000, 1);
  const environment = throwaway
    ? `PostgreSQL ${serverVersion} (${new URL(adminUrl!).host}, throwaway database)`
    : `embedded PGlite (Postgres ${serverVersion}, in memory)`;
  let previous = completedAt;
  console.log(`
### ${environment}: ${mib(bytes)} MiB through the multipart API

${cpus().length} cores, Node ${process.version}, load average ${fmt(loadBefore, 2)} before and ${fmt(loadavg()[0]!, 2)} after;
${fmt(stats.rows)} rows, ${parts} parts of ${mib(PART_BYTES)} MiB, ${job.chunks.total} chunks. Workerd memory is the sum of
the resident memory of the Worker's workerd processes, sampled every 200 ms (${samples.length} samples).
Job polls the Worker did not answer within 30 s: ${unanswered}.

| phase | seconds | rows/s | MiB/s | peak workerd RSS (MiB) |
| --- | ---: | ---: | ---: | ---: |
| idle, before the upload | | | | ${mib(idle)} |
| parts uploaded (PUT, one after another) | ${seconds(uploadedAt - started)} | | ${fmt(bytes / 1048576 / ((uploadedAt - started) / 1000), 1)} | ${mib(memory(started, uploadedAt))} |
| complete → job done | ${seconds(doneAt - completedAt)} | ${fmt((stats.rows * 1000) / (doneAt - completedAt))} | ${fmt(bytes / 1048576 / ((doneAt - completedAt) / 1000), 1)} | ${mib(loadPeak)} |
| **first part → job done** | **${seconds(doneAt - started)}** | **${fmt((stats.rows * 1000) / (doneAt - started))}** | ${fmt(bytes / 1048576 / ((doneAt - started) / 1000), 1)} | ${mib(memory(started, doneAt))} |

| chunks loaded | at (s) | peak workerd RSS in this tenth (MiB) |
| ---: | ---: | ---: |
${tenths
  .map(({ done, at: tenthAt }) => {
    const row = `| ${fmt(done)} of ${job.chunks.total} | ${seconds(tenthAt - started)} | ${mib(memory(previous, tenthAt))} |`;
    previous = tenthAt;
    return row;
  })
  .join('\n')}

| check | | |
| --- | --- | --- |
${checks.map(([what, ok, detail]) => `| ${what} | ${ok ? 'ok' : '**MISMATCH**'} | ${detail} |`).join('\n')}
`);
  const failed = checks.filter(([, ok]) => !ok);
  if (failed.length) throw new Error(`checks failed: ${failed.map(([what]) => what).join('; ')}`);
}

await runMain(main, cleanup);
