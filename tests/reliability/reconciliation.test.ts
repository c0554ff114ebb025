import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids';
import { reconcileBehind } from '../../src/pipeline/redrive';
import { apiJson, apiKeyFor } from '../helpers/api';
import { loadThroughPipeline, storedDelivery, sweep } from '../helpers/pipeline';
import { finishedJob } from '../helpers/uploads';
import { eventually, ordersOf, query, rawEventsOf, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';
import { distinctOrder } from './orders';

const HOUR = 60 * 60 * 1000;

interface Report {
  deliveries: { indexed: number; finished: number; unfinished: number; missing: number; rawGone: number; redriven: number };
  uploads: { unfinished: number; redriven: number };
  truncated: boolean;
}

const window = (from: Date, to: Date, dryRun = false) => ({
  method: 'POST',
  body: JSON.stringify({ from: from.toISOString(), to: to.toISOString(), dry_run: dryRun }),
});

describe('reconciling R2 with the ledger', () => {
  it('re-drives accepted deliveries whose claim checks were lost, each loaded once and counted once', async () => {
    const shop = uniqueShop();
    const start = new Date();
    // Stored and acknowledged, but their claim checks never reached a consumer (storedDelivery's queue keeps them).
    const lost = await Promise.all([1, 2, 3].map((n) => storedDelivery(distinctOrder(n), { shop })));
    const loaded = await storedDelivery(distinctOrder(4), { shop });
    await loadThroughPipeline([loaded]);
    const { key } = await apiKeyFor(shop, ['admin']);

    const { status, body } = await apiJson<Report>('/v1/redrives', key, window(start, new Date(Date.now() + 1000)));

    expect(status).toBe(202);
    expect(body).toMatchObject({ deliveries: { indexed: 4, finished: 1, missing: 3, unfinished: 0, rawGone: 0, redriven: 3 }, truncated: false });
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 4,
    );
    await eventually(
      () => rawEventsOf(shop),
      (events) => events.length === 4 && events.every((e) => e.status === 'loaded'),
    );
    expect((await rawEventsOf(shop)).map((e) => e.seen_count)).toEqual([1, 1, 1, 1]);
    expect((await rawEventsOf(shop)).map((e) => e.raw_key).sort()).toEqual([...lost, loaded].map((c) => c.rawKey).sort());
  });

  it('splits again an upload job of the window whose message to the splitter was lost', async () => {
    const shop = uniqueShop();
    const start = new Date();
    const { key } = await apiKeyFor(shop, ['admin']);
    const [{ shop_id: shopId }] = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`)) as [{ shop_id: number }];
    const jobId = newId('job');
    const rawKey = `uploads/${shop}/${jobId}/retail-csv.csv`;
    const stored = await env.RAW_BUCKET.put(
      rawKey,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n',
    );
    // Accepted (the job exists, as it does before every 202), but its message to the splitter was lost.
    await query(
      sql`insert into upload_job (id, shop_id, source, raw_key, bytes, status) values (${jobId}, ${shopId}, 'retail-csv', ${rawKey}, ${stored!.size}, 'queued')`,
    );

    const { body } = await apiJson<Report>('/v1/redrives', key, window(start, new Date(Date.now() + 1000)));

    expect(body.uploads).toEqual({ unfinished: 1, redriven: 1 });
    expect(await finishedJob(key, jobId)).toMatchObject({ status: 'done', rows: { loaded: 1 } });
  });

  it('reports what it would re-drive without sending anything on a dry run', async () => {
    const shop = uniqueShop();
    const start = new Date();
    await storedDelivery(distinctOrder(1), { shop });
    const { key } = await apiKeyFor(shop, ['admin']);

    const { status, body } = await apiJson<Report>('/v1/redrives', key, window(start, new Date(Date.now() + 1000), true));

    expect(status).toBe(200);
    expect(body.deliveries).toMatchObject({ missing: 1, redriven: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rawEventsOf(shop)).toEqual([]);
  });

  it("sees only the key's own shop", async () => {
    const shop = uniqueShop();
    const start = new Date();
    await storedDelivery(distinctOrder(1), { shop: uniqueShop() });
    const { key } = await apiKeyFor(shop, ['admin']);

    const { body } = await apiJson<Report>('/v1/redrives', key, window(start, new Date(Date.now() + 1000), true));

    expect(body.deliveries).toMatchObject({ missing: 0, finished: 0 });
  });

  it('leaves alone a delivery whose raw object was erased by a compliance request', async () => {
    const shop = uniqueShop();
    const start = new Date();
    const erased = await storedDelivery(distinctOrder(1), { shop });
    await env.RAW_BUCKET.delete(erased.rawKey);
    const { key } = await apiKeyFor(shop, ['admin']);

    const { body } = await apiJson<Report>('/v1/redrives', key, window(start, new Date(Date.now() + 1000)));

    expect(body.deliveries).toMatchObject({ missing: 1, rawGone: 1, redriven: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rawEventsOf(shop)).toEqual([]);
  });

  it('runs in the sweep an hour behind intake, leaving what is more recent to the queues', async () => {
    const shop = uniqueShop();
    await storedDelivery(distinctOrder(1), { shop, receivedAt: new Date(Date.now() - 1.5 * HOUR) });
    await storedDelivery(distinctOrder(2), { shop, receivedAt: new Date(Date.now() - 60_000) });

    await sweep();

    await eventually(
      () => rawEventsOf(shop),
      (events) => events.length === 1 && events[0]!.status === 'loaded',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await ordersOf(shop)).toHaveLength(1);
  });

  it('goes on in the next run from where the previous one stopped, so that each delivery is examined once', async () => {
    const shop = uniqueShop();
    await storedDelivery(distinctOrder(1), { shop, receivedAt: new Date(Date.now() - 60_000) });
    await withDb(async (db) => {
      const run = (now: number) => reconcileBehind(env, db, { lagMs: HOUR, maxEntries: 1000, now });
      await run(Date.now());
      const later = await run(Date.now() + HOUR);
      const again = await run(Date.now() + HOUR + 1000);

      // (Other specs of this file share the bucket: the later run examines their deliveries too.)
      expect(later.deliveries.missing).toBeGreaterThanOrEqual(1);
      expect(again.deliveries).toMatchObject({ indexed: 0, redriven: 0 });
    });
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 1,
    );
  });
});
