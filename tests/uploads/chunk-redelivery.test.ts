import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeyFor } from '../helpers/api';
import { runConsumer } from '../helpers/pipeline';
import { declareMapping, finishedJob, type JobView, upload, uploadMapped } from '../helpers/uploads';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** Sends every chunk message of a finished job again, as a redelivery would. */
async function redeliverChunks(job: JobView) {
  const chunks = await query<{ chunk: number; start_byte: string; end_byte: string; first_row: number }>(sql`
    select chunk, start_byte::text, end_byte::text, first_row from upload_chunk where job_id = ${job.id} order by chunk`);
  expect(chunks.length).toBeGreaterThan(1);
  const messages = chunks.map((c) => ({
    kind: 'chunk',
    jobId: job.id,
    chunk: c.chunk,
    start: Number(c.start_byte),
    end: Number(c.end_byte),
    firstRow: c.first_row,
  }));
  const result = await runConsumer('wharf-chunks', messages);
  expect(result.explicitAcks).toHaveLength(messages.length);
}

const salesLinesOf = async (jobId: string) => (await query<{ n: number }>(sql`select count(*)::int as n from fact_sales_line where job_id = ${jobId}`))[0]?.n;

describe('chunk messages delivered again', () => {
  it('load nothing twice and leave the job’s counts as they were', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const rows = Array.from({ length: 60 }, (_, i) => `5${String(i).padStart(5, '0')},85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK`);
    const job = await finishedJob(key, (await upload(key, [HEADER, ...rows, rows[0]].join('\n'))).body.id);
    expect(job.rows).toEqual({ seen: 61, loaded: 60, rejected: 0, duplicates: 1, balanced: true });

    await redeliverChunks(job);
    expect((await finishedJob(key, job.id)).rows).toEqual(job.rows);
    expect(await salesLinesOf(job.id)).toBe(60);
  });

  it('load nothing twice for a file read through a mapping', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const fields = { order_id: 'order', sku: 'sku', quantity: 'qty', unit_price: 'price', ordered_at: 'at' };
    const mapping = await declareMapping(key, { name: 'pos', format: 'jsonl', channel: 'pos', fields });
    const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ order: `R-${i}`, sku: 'MUG', qty: 2, price: '3.00', at: '2025-03-01T10:00:00Z' }));
    const job = await finishedJob(key, (await uploadMapped(key, mapping.body.id, lines.join('\n'))).body.id);
    expect(job.rows).toEqual({ seen: 60, loaded: 60, rejected: 0, duplicates: 0, balanced: true });

    await redeliverChunks(job);
    expect((await finishedJob(key, job.id)).rows).toEqual(job.rows);
    expect(await salesLinesOf(job.id)).toBe(60);
  });
});
