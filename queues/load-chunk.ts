/**
 * Chunk consumer: reads one chunk's byte range, parses its records, validates and cleans each
 * row (rejects keep row, field, value and reason), and loads the chunk in one transaction with
 * multi-row inserts. A chunk delivered twice is loaded once.
 */
import { warehouseConfig } from '../src/config';
import { log } from '../src/log';
import { chunkMessage, type ChunkMessage } from '../src/pipeline/messages';
import { parseCsv } from '../src/files/csv';
import { productCsvColumns } from '../src/files/product-csv/columns';
import { mappedChunkRows, mergeChunkRows, retailChunkRows } from '../src/uploads/chunk-rows';
import { CSV, JSON_LINES } from '../src/files/record-boundaries';
import { bySlice, ChunkBudgetExceeded } from '../src/uploads/record-slices';
import { nextTurn } from '../src/next-turn';
import { eq } from 'drizzle-orm';
import { piiPolicies } from '../src/domain/pii';
import { topicModel } from '../src/domain/topics';
import { failJob, jobById, loadChunk, salesLinesLoader, type Job } from '../src/uploads/jobs';
import { mappingOfJob } from '../src/uploads/mappings';
import { productChunk, productLoader } from '../src/uploads/product-rows';
import { mergeResourceChunks, resourceChunk, resourceLoader } from '../src/uploads/resource-rows';
import { readRange } from '../src/uploads/read-object';
import { resyncQueue } from '../src/pipeline/producers';
import { queueTicks } from '../src/resync/context';
import { mergeStagingChunks, stagingChunk, stagingLoader } from '../src/resync/staging';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { dimShop } from '../src/warehouse/schema';
import { PermanentFailure } from '../src/pipeline/dead-letters';
import { failureRecorder } from './failures';
import { retryPolicy, settleInTurn, Settlement } from './settlement';

/** The rows of a chunk and how to load them, by the job's format. */
async function prepare(db: Warehouse, env: Env, job: Job, bytes: Uint8Array, firstRow: number) {
  if (job.source === 'retail-csv') {
    const rows = mergeChunkRows(await bySlice(bytes, CSV, firstRow, retailChunkRows, nextTurn));
    return { seen: rows.seen, loader: salesLinesLoader(rows) };
  }
  if (job.source === 'mapped-orders') {
    const mapping = await mappingOfJob(db, job);
    const format = mapping.format === 'jsonl' ? JSON_LINES : CSV;
    const rows = mergeChunkRows(await bySlice(bytes, format, firstRow, (text, row) => mappedChunkRows(text, row, mapping, job.header ?? ''), nextTurn));
    return { seen: rows.seen, loader: salesLinesLoader(rows) };
  }
  if (job.source === 'shopify-bulk') {
    const chunk = mergeStagingChunks(await bySlice(bytes, JSON_LINES, firstRow, stagingChunk, nextTurn));
    return { seen: chunk.seen, loader: stagingLoader(chunk, job.resyncId!, job.topic!) };
  }
  const [shop] = await db.select({ domain: dimShop.domain }).from(dimShop).where(eq(dimShop.shopId, job.shopId));
  const config = warehouseConfig(env);
  const pii = piiPolicies(config.pii);
  // An upload has no delivery time: the job's creation time stands for it, and versions every product of a product CSV.
  const source = { shopDomain: shop!.domain, rawKey: job.rawKey, eventAt: job.createdAt };
  if (job.source === 'shopify-products-csv') {
    const columns = productCsvColumns(parseCsv(job.header ?? '')[0]?.fields ?? []);
    if (!columns.ok) throw new PermanentFailure(`job ${job.id}: ${columns.reason}`);
    const chunk = productChunk(new TextDecoder().decode(bytes), firstRow, columns.columns, source, pii);
    return { seen: chunk.seen, loader: productLoader(chunk) };
  }
  const model = job.topic ? topicModel(job.topic) : undefined;
  if (!model) throw new PermanentFailure(`job ${job.id} has no modelled topic`);
  const chunk = mergeResourceChunks(await bySlice(bytes, JSON_LINES, firstRow, (slice, row) => resourceChunk(slice, row, model, source, pii), nextTurn));
  return { seen: chunk.seen, loader: resourceLoader(chunk) };
}

interface PreparedChunk {
  message: ChunkMessage;
  job: Job;
  seen: number;
  loader: Awaited<ReturnType<typeof prepare>>['loader'];
}

/**
 * Reads and parses a chunk; null when its job has failed or is gone, or fails now: a chunk that
 * spends its time budget would spend it again on every retry.
 */
async function read(db: Warehouse, env: Env, message: ChunkMessage): Promise<PreparedChunk | null> {
  const job = await jobById(db, message.jobId);
  if (!job || job.status === 'failed') return null;
  const bytes = await readRange(env.RAW_BUCKET, job.rawKey, message.start, message.end);
  try {
    return { message, job, ...(await prepare(db, env, job, bytes, message.firstRow)) };
  } catch (error) {
    if (!(error instanceof ChunkBudgetExceeded)) throw error;
    await failJob(db, job.id, `chunk ${message.chunk}: ${error.message}`);
    log.warn('chunk over its time budget; job failed', { jobId: job.id, chunk: message.chunk, row: error.row });
    return null;
  }
}

/**
 * Loads a prepared chunk. A failure the database will repeat however often the chunk is retried
 * (a value it cannot take) ends in a dead letter that fails the job, saying which chunk and why
 * (queues/failures.ts); a replay after a fix opens the job again.
 */
async function load(db: Warehouse, env: Env, chunk: PreparedChunk | null) {
  if (!chunk) return;
  const { message, job } = chunk;
  if (!(await loadChunk(db, job, message.chunk, chunk.seen, chunk.loader))) log.info('chunk already loaded', { jobId: job.id, chunk: message.chunk });
  // A resync waits for its files to be staged: tell it as soon as this one is.
  if (job.resyncId && (await jobById(db, job.id))?.status !== 'loading') await queueTicks(resyncQueue(env), [job.resyncId]);
}

/** Chunks load one after another; the next is read and parsed while the database loads the current one. */
export async function loadChunkBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const connection = connectWarehouse(warehouseConfig(env));
  const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
  try {
    await settleInTurn(
      settlement,
      chunkMessage,
      (message) => read(connection.db, env, message),
      (chunk) => load(connection.db, env, chunk),
    );
  } finally {
    await settlement.finish(failureRecorder(env, connection.db));
    ctx.waitUntil(connection.close());
  }
}
