import { describe, expect, it } from 'vitest';
import { recordingQueue, runConsumer, storedDelivery } from '../helpers/pipeline';
import { ordersOf, quarantineOf, rawEventsOf, whileLedgerRejects, whileOrderLoadsFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';
import { distinctOrder, ID_BEYOND_BIGINT } from './orders';

describe('poison among good deliveries', () => {
  it('quarantines an order whose id is beyond bigint with the reason, while the rest of its batch loads at once', async () => {
    const shop = uniqueShop();
    const good = await Promise.all([1, 2, 3, 4].map((n) => storedDelivery(distinctOrder(n), { shop })));
    const poison = await storedDelivery(distinctOrder(5, ID_BEYOND_BIGINT), { shop });
    const transform = recordingQueue();

    const result = await runConsumer('wharf-ingest', [good[0], poison, ...good.slice(1)], { TRANSFORM_QUEUE: transform.queue });

    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(5);
    expect(transform.sent).toEqual([]);
    expect(await ordersOf(shop)).toHaveLength(4);
    expect(await quarantineOf(shop)).toMatchObject([
      {
        stage: 'validate',
        error_class: 'invalid',
        path: 'id',
        raw_key: poison.rawKey,
        reason: 'id: expected a numeric id of at most 9223372036854775807 (ids are stored as bigint)',
      },
    ]);
    expect((await rawEventsOf(shop)).filter((e) => e.status === 'quarantined')).toMatchObject([{ raw_key: poison.rawKey }]);
  });

  it('isolates a delivery the ledger rejects: recorded without what it concerns, quarantined with the SQLSTATE, the rest loaded', async () => {
    const shop = uniqueShop();
    const good = await Promise.all([1, 2, 3].map((n) => storedDelivery(distinctOrder(n), { shop })));
    const poison = await storedDelivery(distinctOrder(4), { shop });

    const result = await whileLedgerRejects(poison.rawKey, () => runConsumer('wharf-ingest', [...good, poison], { TRANSFORM_QUEUE: recordingQueue().queue }));

    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(4);
    expect(await ordersOf(shop)).toHaveLength(3);
    expect(await quarantineOf(shop)).toMatchObject([
      { stage: 'validate', error_class: 'permanent', sqlstate: '22003', raw_key: poison.rawKey, resolved: false },
    ]);
    expect((await quarantineOf(shop))[0]!.reason).toMatch(/^the ledger rejected the delivery: SQLSTATE 22003/);
    expect((await rawEventsOf(shop)).map((e) => e.status).sort()).toEqual(['loaded', 'loaded', 'loaded', 'quarantined']);
  });

  it('quarantines a delivery whose rows the warehouse rejects for good, once, while the rest of its batch loads', async () => {
    const shop = uniqueShop();
    const good = await Promise.all([1, 2].map((n) => storedDelivery(distinctOrder(n), { shop })));
    const poison = await storedDelivery(distinctOrder(3), { shop });
    const transform = recordingQueue();

    const result = await whileOrderLoadsFail(
      poison.rawKey,
      () => runConsumer('wharf-ingest', [...good, poison], { TRANSFORM_QUEUE: transform.queue }),
      '22021',
    );

    expect(result.explicitAcks).toHaveLength(3);
    expect(transform.sent).toEqual([]);
    expect(await ordersOf(shop)).toHaveLength(2);
    expect(await quarantineOf(shop)).toMatchObject([{ stage: 'transform', queue: 'wharf-ingest', error_class: 'permanent', sqlstate: '22021', attempts: 1 }]);
  });
});
