import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../helpers/api';
import { loadThroughPipeline, recordingQueue, runConsumer, storedDelivery, sweep } from '../helpers/pipeline';
import { sample } from '../helpers/samples';
import { eventually, ordersOf, quarantineOf, rawEventsOf, whileOrderLoadsFail } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';
import { distinctOrder } from './orders';

const EVERYTHING = { method: 'POST', body: JSON.stringify({ received_from: '2000-01-01T00:00:00Z', received_to: '2100-01-01T00:00:00Z' }) };

describe('replays', () => {
  it('end an invalid delivery quarantined again, not validated: the sweep leaves it alone', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(sample('orders-create', { '"price": "60.87"': '"price": "sixty"' }), { shop });
    await loadThroughPipeline([claim]);
    const { key } = await apiKeyFor(shop, ['admin']);

    await apiJson('/v1/replays', key, EVERYTHING);

    await eventually(
      () => quarantineOf(shop),
      (records) => records[0]!.attempts === 2,
    );
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'quarantined', seen_count: 1 }]);
    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'quarantined', seen_count: 1 }]);
    expect(await quarantineOf(shop)).toMatchObject([{ stage: 'validate', error_class: 'invalid', path: 'line_items.1.price', resolved: false }]);
  });

  it('end an unmodelled delivery unmodelled again', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery('{"id": 4407, "token": "c1-8a3b"}', { shop, topic: 'carts/update' })]);
    const { key } = await apiKeyFor(shop, ['admin']);

    await apiJson('/v1/replays', key, EVERYTHING);

    await eventually(
      () => rawEventsOf(shop),
      (events) => events[0]!.status === 'unmodelled',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'unmodelled', seen_count: 1 }]);
  });

  it('are not counted as deliveries: seen_count counts what Shopify sent', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(distinctOrder(1), { shop });
    await loadThroughPipeline([claim]);
    const { key } = await apiKeyFor(shop, ['admin']);

    await apiJson('/v1/replays', key, EVERYTHING);
    await eventually(
      () => rawEventsOf(shop),
      (events) => events[0]!.status === 'loaded',
    );
    await apiJson('/v1/replays', key, EVERYTHING);
    await eventually(
      () => rawEventsOf(shop),
      (events) => events[0]!.status === 'loaded',
    );
    await loadThroughPipeline([await storedDelivery(distinctOrder(1), { shop, webhookId: claim.webhookId })]);

    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 2 }]);
    expect(await ordersOf(shop)).toHaveLength(1);
  });
});

describe('bulk replay of dead letters', () => {
  it('replays every open dead letter of a class, which resolves them, leaving the others', async () => {
    const shop = uniqueShop();
    const rejected = await Promise.all([1, 2].map((n) => storedDelivery(distinctOrder(n), { shop })));
    const invalid = await storedDelivery(sample('orders-create', { '"price": "60.87"': '"price": "sixty"' }), { shop });
    for (const claim of rejected) {
      await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue }), '22021');
    }
    await loadThroughPipeline([invalid]);
    const { key } = await apiKeyFor(shop, ['admin']);
    expect((await apiJson<{ data: unknown[] }>('/v1/dead-letters', key)).body.data).toHaveLength(3);

    // The warehouse takes the rows now (the cause was fixed): replay what it had rejected.
    const { status, body } = await apiJson('/v1/dead-letters/replay', key, { method: 'POST', body: JSON.stringify({ error_class: 'permanent' }) });

    expect(status).toBe(202);
    expect(body).toMatchObject({ queued: 2, skipped: 0, truncated: false });
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 2,
    );
    await eventually(
      () => apiJson<{ data: { errorClass: string }[] }>('/v1/dead-letters', key),
      (open) => open.body.data.length === 1 && open.body.data[0]!.errorClass === 'invalid',
    );
    expect((await rawEventsOf(shop)).filter((e) => e.status === 'loaded')).toHaveLength(2);
  });

  it('leaves permanent failures to operators: the sweep does not re-drive them', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(distinctOrder(1), { shop });
    await whileOrderLoadsFail(claim.rawKey, () => runConsumer('wharf-ingest', [claim], { TRANSFORM_QUEUE: recordingQueue().queue }), '22021');

    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(await ordersOf(shop)).toEqual([]);
    expect(await quarantineOf(shop)).toMatchObject([{ error_class: 'permanent', attempts: 1, resolved: false }]);
  });
});
