import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { recordingQueue, runConsumer, storedDelivery, sweep, warehouseDown } from '../helpers/pipeline';
import { eventually, ordersOf, quarantineOf, rawEventsOf, whileOrderLoadsFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';
import { distinctOrder } from './orders';

const LAST_ATTEMPT = { attempts: 6 }; // max_retries = 5 on the ingest and transform queues

const keptInR2 = async () => (await env.RAW_BUCKET.list({ prefix: 'dead-letters/' })).objects.length;

describe('a database outage longer than every retry', () => {
  it('retries a delivery while attempts remain, recording nothing yet', async () => {
    const claim = await storedDelivery(distinctOrder(1));

    const result = await runConsumer('wharf-ingest', [claim], warehouseDown, { attempts: 5 });

    expect(result.retryMessages).toEqual([{ msgId: 'message-0' }]);
    expect(await keptInR2()).toBe(0);
  });

  it('keeps deliveries whose last attempt finds the database down in R2; the next sweep loads them all, with no action', async () => {
    const shop = uniqueShop();
    const claims = await Promise.all([1, 2, 3].map((n) => storedDelivery(distinctOrder(n), { shop })));

    const result = await runConsumer('wharf-ingest', claims, warehouseDown, LAST_ATTEMPT);

    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(3);
    expect(await keptInR2()).toBe(1);

    await sweep();

    expect(await keptInR2()).toBe(0);
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 3,
    );
    await eventually(
      () => quarantineOf(shop),
      (records) => records.length === 3 && records.every((r) => r.resolved),
    );
    expect(await quarantineOf(shop)).toMatchObject(claims.map(() => ({ stage: 'validate', queue: 'wharf-ingest', error_class: 'transient', attempts: 6 })));
    expect((await rawEventsOf(shop)).map((e) => [e.status, e.seen_count])).toEqual(claims.map(() => ['loaded', 1]));
  });

  it('records the last cause of a load that kept failing transiently, and re-drives it at the next sweep', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(distinctOrder(1), { shop });
    await whileOrderLoadsFail(claim.rawKey, async () => {
      await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue });
      const result = await runConsumer('wharf-transform', [claim], {}, LAST_ATTEMPT);
      expect(result.explicitAcks).toEqual(['message-0']);
    });

    const [record] = await quarantineOf(shop);
    expect(record).toMatchObject({ stage: 'transform', queue: 'wharf-transform', error_class: 'transient', sqlstate: '40001', attempts: 6, resolved: false });
    expect(record!.reason).toBe('SQLSTATE 40001: injected failure 40001');

    await sweep();

    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 1,
    );
    await eventually(
      () => quarantineOf(shop),
      (records) => records[0]!.resolved,
    );
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 1 }]);
  });
});
