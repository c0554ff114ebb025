import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeyFor } from '../helpers/api';
import { recordingQueue, runConsumer, storedDelivery, sweep } from '../helpers/pipeline';
import { finishedJob } from '../helpers/uploads';
import { sample } from '../helpers/samples';
import { eventually, ordersOf, query, rawEventsOf, whileOrderLoadsFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

describe('the stalled-work sweep', () => {
  it('replays a delivery that was validated an hour ago but never loaded', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(sample('orders-create'), { shop });
    // Validated, not loaded, and its hand-over to the transform queue is lost.
    await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue }));
    await query(sql`update raw_event set received_at = now() - interval '2 hours' where shop_domain = ${shop}`);

    await sweep();

    await eventually(() => ordersOf(shop), (orders) => orders.length === 1);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded' }]);
  });

  it('restarts an upload job whose queue message was lost', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['read']);
    const [{ shop_id: shopId }] = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)) as [{ shop_id: number }];
    const rawKey = `uploads/${shop}/job_lost/retail-csv.csv`;
    const stored = await env.RAW_BUCKET.put(rawKey, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n');
    const jobId = 'job_0000000000000000000000001';
    await query(sql`insert into upload_job (id, shop_id, source, raw_key, bytes, status, created_at)
      values (${jobId}, ${shopId}, 'retail-csv', ${rawKey}, ${stored!.size}, 'queued', now() - interval '2 hours')`);

    await sweep();

    const job = await finishedJob(key, jobId);
    expect(job).toMatchObject({ status: 'done', rows: { loaded: 1 } });
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
