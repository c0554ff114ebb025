import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../queues/settlement';
import { apiJson, apiKeyFor } from '../helpers/api';
import { runConsumer, storedDelivery, sweep, warehouseDown } from '../helpers/pipeline';
import { finishedJob, upload } from '../helpers/uploads';
import { eventually, ordersOf, quarantineOf, rawEventsOf } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

describe('dead-letter consumer', () => {
  it('records a message as a failure of the queue it came from, with the attempts it had there, for replay', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-transform-dlq', [claim]);

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(await quarantineOf(shop)).toMatchObject([
      { stage: 'transform', queue: 'wharf-transform', error_class: 'unknown', attempts: 6, raw_key: claim.rawKey, resolved: false },
    ]);
    expect((await quarantineOf(shop))[0]!.reason).toMatch(/^retries exhausted on wharf-transform/);
  });

  it('records a redelivered dead letter once, adding up its attempts', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    await runConsumer('wharf-ingest-dlq', [claim]);
    await runConsumer('wharf-ingest-dlq', [claim]);

    expect(await quarantineOf(shop)).toMatchObject([{ stage: 'validate', attempts: 12 }]);
  });

  it("gives an upload chunk's dead letter its job's shop, so that the shop's key lists it", async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['admin']);
    const { body: job } = await upload(
      key,
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n',
    );
    await finishedJob(key, job.id);

    await runConsumer('wharf-chunks-dlq', [{ kind: 'chunk', jobId: job.id, chunk: 0, start: 0, end: 10, firstRow: 1 }]);

    const letters = await apiJson<{ data: { stage: string; subject: string; errorClass: string }[] }>('/v1/dead-letters', key);
    expect(letters.body.data).toMatchObject([{ stage: 'chunk', subject: `upload:${job.id}/chunk:0`, errorClass: 'unknown' }]);
  });

  it('keeps in R2 what the warehouse cannot take, and the sweep moves it into the quarantine and re-drives it', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-ingest-dlq', [claim], warehouseDown);

    expect(result.explicitAcks).toEqual(['message-0']);
    expect((await env.RAW_BUCKET.list({ prefix: 'dead-letters/' })).objects).toHaveLength(1);
    expect(await quarantineOf(shop)).toEqual([]);

    await sweep();

    expect((await env.RAW_BUCKET.list({ prefix: 'dead-letters/' })).objects).toHaveLength(0);
    await eventually(
      () => ordersOf(shop),
      (orders) => orders.length === 1,
    );
    await eventually(
      () => quarantineOf(shop),
      (records) => records.length === 1 && records[0]!.resolved,
    );
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded', seen_count: 1 }]);
  });
});

describe('retry backoff', () => {
  it('grows exponentially from seconds and never exceeds ten minutes', () => {
    expect(retryDelaySeconds(1)).toBeGreaterThanOrEqual(3);
    expect(retryDelaySeconds(1)).toBeLessThanOrEqual(5);
    expect(retryDelaySeconds(4)).toBeGreaterThanOrEqual(24);
    expect(retryDelaySeconds(50)).toBeLessThanOrEqual(750);
  });

  it('starts from the configured first delay', () => {
    expect(retryDelaySeconds(1, 1)).toBeLessThanOrEqual(2);
    expect(retryDelaySeconds(3, 1)).toBeGreaterThanOrEqual(3);
    expect(retryDelaySeconds(3, 1)).toBeLessThanOrEqual(5);
  });
});

describe('a queue no consumer knows', () => {
  it('has its batch retried, so that a deployment that knows the queue takes it', async () => {
    const result = await runConsumer('wharf-unheard-of', [{ kind: 'upload', jobId: 'job_1' }]);

    expect(result).toMatchObject({ retryBatch: { retry: true }, explicitAcks: [] });
  });

  it('has its dead letters retried as well, rather than recorded against a queue it cannot describe', async () => {
    const result = await runConsumer('wharf-unheard-of-dlq', [{ kind: 'upload', jobId: 'job_1' }]);

    expect(result).toMatchObject({ retryBatch: { retry: true }, explicitAcks: [] });
  });
});
