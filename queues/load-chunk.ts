/**
 * Chunk consumer: reads one chunk's byte range, parses its records, validates and cleans each
 * row (rejects keep row, field, value and reason), and loads the chunk in one transaction with
 * multi-row inserts. A chunk delivered twice is loaded once.
 */
import { warehouseConfig } from '../src/config';
import { log } from '../src/log';
import { chunkMessage, type ChunkMessage } from '../src/pipeline/messages';
import { chunkRows } from '../src/uploads/chunk-rows';
import { jobById, loadChunk } from '../src/uploads/jobs';
import { readRange } from '../src/uploads/read-object';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { settleEach } from './settlement';

async function load(db: Warehouse, bucket: R2Bucket, message: ChunkMessage) {
  const job = await jobById(db, message.jobId);
  if (!job || job.status === 'failed') return;
  const bytes = await readRange(bucket, job.rawKey, message.start, message.end);
  const rows = chunkRows(new TextDecoder().decode(bytes), message.firstRow);
  const loaded = await loadChunk(db, job, message.chunk, rows);
  if (!loaded) log.info('chunk already loaded', { jobId: job.id, chunk: message.chunk });
}

export async function loadChunkBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    await settleEach(batch, chunkMessage, (message) => load(connection.db, env.RAW_BUCKET, message));
  } finally {
    ctx.waitUntil(connection.close());
  }
}
