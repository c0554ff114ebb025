import { describe, expect, it } from 'vitest';
import { loadThroughPipeline, recordingQueue, runConsumer, storedDelivery, warehouseDown } from '../helpers/pipeline';
import { ordersOf, quarantineOf, rawEventsOf, whileOrderLoadsFail } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

describe('validate consumer', () => {
  it('records a valid delivery and loads it into the warehouse from the same read', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });
    const transform = recordingQueue();

    const result = await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: transform.queue });

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(transform.sent).toEqual([]);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 1, raw_key: claim.rawKey }]);
    expect(await ordersOf(shop)).toMatchObject([{ order_id: '820982911946154508', total_price: '474.47', raw_key: claim.rawKey }]);
  });

  it('hands its deliveries to the transform queue when the warehouse fails while loading them, which loads them later', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });
    const transform = recordingQueue();

    const result = await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: transform.queue }));

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(transform.sent).toEqual([claim]);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'validated', seen_count: 1 }]);
    expect(await ordersOf(shop)).toEqual([]);

    await runConsumer('wharf-transform', transform.sent);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 1 }]);
    expect(await ordersOf(shop)).toHaveLength(1);
  });

  it('quarantines malformed JSON with a valid signature, acknowledged and not retried', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery('{"id": 820982911946154508, "line_items": [', { shop });
    const transform = recordingQueue();

    const result = await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: transform.queue });

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(result.retryMessages).toEqual([]);
    expect(transform.sent).toEqual([]);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'quarantined' }]);
    const [record] = await quarantineOf(shop);
    expect(record).toMatchObject({ stage: 'validate', raw_key: claim.rawKey });
    expect(record?.reason).toMatch(/^malformed JSON/);
  });

  it('quarantines a payload that breaks the topic schema with the path of the offending field', async () => {
    const shop = uniqueShop();
    const body = orderBody().replace('"price": "60.87"', '"price": "sixty"');
    const claim = await storedDelivery(body, { shop });

    await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue });

    expect(await quarantineOf(shop)).toMatchObject([
      { stage: 'validate', path: 'line_items.1.price', reason: 'line_items.1.price: expected a decimal amount' },
    ]);
  });

  it('keeps a topic it does not model raw and records it as unmodelled', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery('{"id": 4407, "token": "c1-8a3b"}', { shop, topic: 'carts/update' });
    const transform = recordingQueue();

    const result = await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: transform.queue });

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(transform.sent).toEqual([]);
    expect(await rawEventsOf(shop)).toMatchObject([{ topic: 'carts/update', status: 'unmodelled' }]);
  });

  it("counts each of Shopify's deliveries of one webhook within a batch, and loads it once", async () => {
    const shop = uniqueShop();
    const deliveries = await Promise.all(
      [0, 1, 2].map((i) => storedDelivery(orderBody(), { shop, webhookId: 'sent-thrice', receivedAt: new Date(Date.now() + i) })),
    );

    const result = await runConsumer('wharf-ingest', deliveries, { TRANSFORM_QUEUE: recordingQueue().queue });

    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1', 'message-2']);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 3 }]);
    expect(await ordersOf(shop)).toHaveLength(1);
  });

  it('counts one delivery once however often its claim check is handled (a batch retried after its commit)', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    await runConsumer('wharf-ingest', [claim, claim], { TRANSFORM_QUEUE: recordingQueue().queue });
    await runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue });

    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 1 }]);
  });

  it('loads a repeat of a delivery that is already loaded no further', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop, webhookId: 'sent-twice' });
    await loadThroughPipeline([claim]);
    const repeat = await storedDelivery(orderBody(), { shop, webhookId: 'sent-twice', receivedAt: new Date(Date.parse(claim.receivedAt) + 60_000) });
    const transform = recordingQueue();

    await runConsumer('wharf-ingest', [repeat], { TRANSFORM_QUEUE: transform.queue });

    expect(transform.sent).toEqual([]);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 2 }]);
  });

  it('quarantines a message that is not a claim check, keeping its body', async () => {
    const result = await runConsumer('wharf-ingest', [{ hello: 'world' }], { TRANSFORM_QUEUE: recordingQueue().queue });
    expect(result.explicitAcks).toEqual(['message-0']);
  });

  it('retries the whole batch while the warehouse is unreachable', async () => {
    const claim = await storedDelivery(orderBody());
    const result = await runConsumer('wharf-ingest', [claim], warehouseDown);

    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });
});
