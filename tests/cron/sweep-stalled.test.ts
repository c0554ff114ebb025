import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeyFor } from '../helpers/api';
import { recordingQueue, runConsumer, storedDelivery, sweep } from '../helpers/pipeline';
import { sample } from '../helpers/samples';
import { finishedJob } from '../helpers/uploads';
import { eventually, ordersOf, query, rawEventsOf, whileOrderLoadsFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

/** A queued retail job created two hours ago, as if its message had been lost. */
async function stalledJob(shop: string, jobId: string, options: { sweeps?: number } = {}) {
  const [{ shop_id: shopId }] = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)) as [{ shop_id: number }];
  const rawKey = `uploads/${shop}/${jobId}/retail-csv.csv`;
  // Its file is there, so that a later sweep that queues it again loads it.
  const stored = await env.RAW_BUCKET.put(
    rawKey,
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n',
  );
  await query(sql`insert into upload_job (id, shop_id, source, raw_key, bytes, status, sweeps, created_at)
    values (${jobId}, ${shopId}, 'retail-csv', ${rawKey}, ${stored!.size}, 'queued', ${options.sweeps ?? 0}, now() - interval '2 hours')`);
  return jobId;
}

describe('the stalled-work sweep', () => {
  it('replays a delivery that was validated an hour ago but never loaded', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(sample('orders-create'), { shop });
    // Validated, not loaded, and its hand-over to the transform queue is lost.
    await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue }));
    await query(sql`update raw_event set received_at = now() - interval '2 hours' where shop_domain = ${shop}`);

    await sweep();

    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 1,
    );
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded' }]);
  });

  it('restarts an upload job whose queue message was lost', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['read']);
    const [{ shop_id: shopId }] = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)) as [{ shop_id: number }];
    const rawKey = `uploads/${shop}/job_lost/retail-csv.csv`;
    const stored = await env.RAW_BUCKET.put(
      rawKey,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n',
    );
    const jobId = 'job_0000000000000000000000001';
    await query(sql`insert into upload_job (id, shop_id, source, raw_key, bytes, status, created_at)
      values (${jobId}, ${shopId}, 'retail-csv', ${rawKey}, ${stored!.size}, 'queued', now() - interval '2 hours')`);

    await sweep();

    const job = await finishedJob(key, jobId);
    expect(job).toMatchObject({ status: 'done', rows: { loaded: 1 } });
  });

  it('fails an upload job it has queued again three times without a chunk loading, saying why', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['read']);
    const jobId = await stalledJob(shop, 'job_0000000000000000000000002', { sweeps: 3 });

    await sweep();

    expect(await finishedJob(key, jobId)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^no chunk loaded for over an hour after the stalled-work sweep queued the job 3 times/),
    });
  });

  it('counts each time it queues a stalled upload job again', async () => {
    const shop = uniqueShop();
    await apiKeyFor(shop, ['read']);
    const jobId = await stalledJob(shop, 'job_0000000000000000000000003', { sweeps: 1 });
    const uploads = recordingQueue();

    await sweep({ UPLOAD_QUEUE: uploads.queue });

    expect(uploads.sent).toContainEqual({ kind: 'upload', jobId });
    expect(await query(sql`select sweeps from upload_job where id = ${jobId}`)).toEqual([{ sweeps: 2 }]);
  });

  it('leaves a recent delivery to the queues that have it', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(sample('orders-create'), { shop });
    await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue }));

    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(await ordersOf(shop)).toEqual([]);
  });
});
