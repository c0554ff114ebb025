/**
 * Upload splitter: reads the uploaded file once, in ranges, and cuts it into chunks of whole
 * records (in CSV a newline inside quotes does not end a record). The chunks are recorded with the job
 * and sent to the chunk queue as claim checks: byte ranges, never data. Splitting again (a
 * redelivered message) yields the same chunks and re-sends only those not yet loaded.
 */
import { z } from 'zod';
import { warehouseConfig } from '../src/config';
import { parseCsv } from '../src/files/csv';
import { CSV, JSON_LINES, RecordBoundaryScanner } from '../src/files/record-boundaries';
import { retailHeaderProblem } from '../src/files/retail-csv';
import { log } from '../src/log';
import { uploadMessage, type ChunkMessage } from '../src/pipeline/messages';
import { failJob, jobById, markSplitting, pendingChunks, recordChunks } from '../src/uploads/jobs';
import { objectWindows, readRange } from '../src/uploads/read-object';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { settleEach } from './settlement';

const chunkBytes = (env: Env) => z.coerce.number().int().positive().parse(env.UPLOAD_CHUNK_BYTES);

async function split(db: Warehouse, env: Env, jobId: string) {
  const job = await jobById(db, jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return;
  await markSplitting(db, jobId);

  const csv = job.source === 'retail-csv';
  const scanner = new RecordBoundaryScanner(chunkBytes(env), csv ? CSV : JSON_LINES);
  for await (const window of objectWindows(env.RAW_BUCKET, job.rawKey, job.bytes)) scanner.push(window);
  const chunks = scanner.finish();
  let header = '';
  if (csv) {
    if (scanner.dataStart === null) return failJob(db, jobId, 'the file is empty: expected a header row');
    const fields = parseCsv(new TextDecoder().decode(await readRange(env.RAW_BUCKET, job.rawKey, 0, scanner.dataStart)))[0]?.fields ?? [];
    const problem = retailHeaderProblem(fields);
    if (problem) return failJob(db, jobId, problem);
    header = fields.join(',');
  }

  await recordChunks(db, job, header, chunks);
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
  try {
    await settleEach(batch, uploadMessage, (message) => split(connection.db, env, message.jobId));
  } finally {
    ctx.waitUntil(connection.close());
  }
}
