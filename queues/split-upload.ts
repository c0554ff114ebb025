/**
 * Upload splitter: checks a CSV file's header (for mapped orders, against the job's mapping), then
 * reads the file once, in ranges, and cuts it into chunks of whole records (in CSV a newline inside
 * quotes does not end a record; in a product CSV a chunk never splits one handle's rows). The
 * chunks are recorded with the job and sent to the chunk queue as claim checks: byte ranges, never
 * data. Splitting again (a redelivered message) yields the same chunks and re-sends only those not
 * yet loaded.
 */
import { z } from 'zod';
import { warehouseConfig } from '../src/config';
import { csvField } from '../src/files/csv';
import { mappedColumns } from '../src/files/mapped-orders/columns';
import { productCsvColumns } from '../src/files/product-csv/columns';
import { CSV, JSON_LINES, MAX_RECORD_BYTES, RecordBoundaryScanner, type OversizedRecord, type RecordFormat } from '../src/files/record-boundaries';
import { retailHeaderProblem } from '../src/files/retail-csv';
import { log } from '../src/log';
import { uploadMessage, type ChunkMessage } from '../src/pipeline/messages';
import { mappingOfJob } from '../src/uploads/mappings';
import { objectWindows, readCsvHeader } from '../src/uploads/read-object';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { pendingChunks, recordChunks } from '../src/warehouse/upload-chunks';
import { failJob, jobById, markSplitting, type Job } from '../src/warehouse/upload-jobs';
import { failureRecorder } from './failures';
import { retryPolicy, settleEach, Settlement } from './settlement';

const chunkBytes = (env: Env) => z.coerce.number().int().positive().parse(env.UPLOAD_CHUNK_BYTES);

type FileLayout = { ok: true; format: RecordFormat; header: string } | { ok: false; reason: string };

/** How the job's file is cut into chunks, once its header (CSV) is checked; or why it cannot be loaded. */
async function fileLayout(db: Warehouse, env: Env, job: Job): Promise<FileLayout> {
  const mapping = job.source === 'mapped-orders' ? await mappingOfJob(db, job) : null;
  if (job.source === 'shopify-jsonl' || job.source === 'shopify-bulk' || mapping?.format === 'jsonl') return { ok: true, format: JSON_LINES, header: '' };
  const read = await readCsvHeader(env.RAW_BUCKET, job.rawKey, job.bytes);
  if (!read.ok) return read;
  const { fields } = read;
  const header = fields.map(csvField).join(',');
  if (job.source === 'retail-csv') {
    const problem = retailHeaderProblem(fields);
    return problem ? { ok: false, reason: problem } : { ok: true, format: CSV, header };
  }
  if (mapping) {
    const columns = mappedColumns(fields, mapping.fields);
    return columns.ok ? { ok: true, format: CSV, header } : columns;
  }
  const columns = productCsvColumns(fields);
  if (!columns.ok) return columns;
  // A product is loaded from all its rows at once, so a chunk ends only where the handle changes.
  return { ok: true, format: { ...CSV, groupColumn: columns.columns.handle.index }, header };
}

function oversizedReason(record: OversizedRecord, format: RecordFormat): string {
  const what = format.quoted ? `row ${record.row}` : `line ${record.row}`;
  const hint = format.quoted ? ' (an unclosed quote makes the rest of the file one row)' : '';
  return `${what}, from byte ${record.start}, is longer than ${MAX_RECORD_BYTES} bytes, the most a row may hold${hint}`;
}

async function split(db: Warehouse, env: Env, jobId: string) {
  const job = await jobById(db, jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return;
  await markSplitting(db, jobId);

  const layout = await fileLayout(db, env, job);
  if (!layout.ok) return failJob(db, jobId, layout.reason);
  const scanner = new RecordBoundaryScanner(chunkBytes(env), layout.format, MAX_RECORD_BYTES);
  for await (const window of objectWindows(env.RAW_BUCKET, job.rawKey, job.bytes)) {
    scanner.push(window);
    if (scanner.oversized) return failJob(db, jobId, oversizedReason(scanner.oversized, layout.format));
  }
  const chunks = scanner.finish();

  await recordChunks(db, job, layout.header, chunks);
  const pending = await pendingChunks(db, jobId);
  for (let i = 0; i < pending.length; i += 100) {
    const messages = pending.slice(i, i + 100).map((c): { body: ChunkMessage; contentType: 'json' } => ({
      body: { kind: 'chunk', jobId, chunk: c.chunk, start: c.start, end: c.end, firstRow: c.firstRow },
      contentType: 'json',
    }));
    await env.CHUNK_QUEUE.sendBatch(messages);
  }
  log.info('upload split', { jobId, bytes: job.bytes, chunks: chunks.length });
}

export async function splitUploadBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const connection = connectWarehouse(warehouseConfig(env));
  const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
  try {
    await settleEach(settlement, uploadMessage, (message) => split(connection.db, env, message.jobId));
  } finally {
    await settlement.finish(failureRecorder(env, connection.db));
    ctx.waitUntil(connection.close());
  }
}
