/**
 * Splitting a job's file: its format checks the header (a CSV's) and says how records are cut,
 * then the file is read once, in ranges, and cut into chunks of whole records (in CSV a newline
 * inside quotes does not end a record; in a product CSV a chunk never splits one handle's rows).
 * The chunks are recorded with the job and sent to the chunk queue as claim checks: byte ranges,
 * never data. Splitting again (a redelivered message) yields the same chunks and re-sends only
 * those not yet loaded.
 */
import { z } from 'zod';
import { MAX_RECORD_BYTES, type OversizedRecord, RecordBoundaryScanner, type RecordFormat } from '../files/record-boundaries';
import { log } from '../lib/log';
import { chunkQueue } from '../pipeline/producers';
import { pendingChunks, recordChunks } from '../warehouse/upload-chunks';
import { failJob, jobById, markSplitting } from '../warehouse/upload-jobs';
import type { FormatContext, UploadFormats } from './formats/format';
import { objectWindows } from './read-object';

const chunkBytes = (env: Env) => z.coerce.number().int().positive().parse(env.UPLOAD_CHUNK_BYTES);

function oversizedReason(record: OversizedRecord, format: RecordFormat): string {
  const what = format.quoted ? `row ${record.row}` : `line ${record.row}`;
  const hint = format.quoted ? ' (an unclosed quote makes the rest of the file one row)' : '';
  return `${what}, from byte ${record.start}, is longer than ${MAX_RECORD_BYTES} bytes, the most a row may hold${hint}`;
}

export async function splitJob(ctx: FormatContext, formats: UploadFormats, jobId: string) {
  const { db, env } = ctx;
  const job = await jobById(db, jobId);
  if (!job || job.status === 'done' || job.status === 'failed') return;
  await markSplitting(db, jobId);

  const layout = await formats[job.source].layout(ctx, job);
  if (!layout.ok) return failJob(db, jobId, layout.reason);
  const scanner = new RecordBoundaryScanner(chunkBytes(env), layout.format, MAX_RECORD_BYTES);
  for await (const window of objectWindows(env.RAW_BUCKET, job.rawKey, job.bytes)) {
    scanner.push(window);
    if (scanner.oversized) return failJob(db, jobId, oversizedReason(scanner.oversized, layout.format));
  }
  const chunks = scanner.finish();

  await recordChunks(db, job, layout.header, chunks);
  const pending = await pendingChunks(db, jobId);
  await chunkQueue(env).sendAll(pending.map((c) => ({ kind: 'chunk', jobId, chunk: c.chunk, start: c.start, end: c.end, firstRow: c.firstRow })));
  log.info('upload split', { jobId, bytes: job.bytes, chunks: chunks.length });
}
