import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../helpers/api';
import { runConsumer } from '../helpers/pipeline';
import { finishedJob, type JobView, upload } from '../helpers/uploads';
import { eventually, quarantineOf, query, whileSalesLinesFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const RETAIL =
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,UK\n';

/** The message of a job's first chunk, once the job is split. */
async function firstChunk(jobId: string) {
  const [chunk] = await eventually(
    () =>
      query<{ start_byte: number; end_byte: number; first_row: number }>(
        sql`select start_byte::int, end_byte::int, first_row from upload_chunk where job_id = ${jobId} and chunk = 0`,
      ),
    (rows) => rows.length === 1,
  );
  return { kind: 'chunk', jobId, chunk: 0, start: chunk!.start_byte, end: chunk!.end_byte, firstRow: chunk!.first_row };
}

describe('upload chunks that cannot be loaded', () => {
  it('fail their job for good with the reason when the warehouse rejects them, and the shop sees the dead letter', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['admin']);

    const job = await whileSalesLinesFail(shop, '22021', async () => finishedJob(key, (await upload(key, RETAIL)).body.id));

    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^chunk 0 \(from row 1\): SQLSTATE 22021/);
    expect(await quarantineOf(shop)).toMatchObject([
      { stage: 'chunk', queue: 'wharf-chunks', error_class: 'permanent', sqlstate: '22021', attempts: 1, resolved: false },
    ]);

    // Fixed: a replay opens the job again and loads the chunk, which resolves the dead letter.
    const [letter] = (await apiJson<{ data: { id: number; subject: string }[] }>('/v1/dead-letters', key)).body.data;
    expect(letter!.subject).toBe(`upload:${job.id}/chunk:0`);
    expect((await apiJson(`/v1/dead-letters/${letter!.id}/replay`, key, { method: 'POST' })).status).toBe(202);
    expect(await finishedJob(key, job.id)).toMatchObject({ status: 'done', error: null, rows: { loaded: 2 } });
    await eventually(
      () => quarantineOf(shop),
      (records) => records[0]!.resolved,
    );
  });

  it('note the retry to come on their job when their last attempt fails transiently, until the chunk loads', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['admin']);

    const { job, message } = await whileSalesLinesFail(shop, '40P01', async () => {
      const { body: created } = await upload(key, RETAIL);
      const chunk = await firstChunk(created.id);
      await runConsumer('wharf-chunks', [chunk], {}, { attempts: 6 });
      return { job: (await apiJson<JobView>(`/v1/jobs/${created.id}`, key)).body, message: chunk };
    });

    expect(job.status).toBe('loading');
    expect(job.error).toMatch(/^chunk 0 \(from row 1\) failed 6 times \(SQLSTATE 40P01: .*\); it is retried automatically$/);
    expect(await quarantineOf(shop)).toMatchObject([{ stage: 'chunk', error_class: 'transient', sqlstate: '40P01', attempts: 6 }]);

    await runConsumer('wharf-chunks', [message]);

    expect(await finishedJob(key, job.id)).toMatchObject({ status: 'done', error: null, rows: { loaded: 2 } });
  });
});
