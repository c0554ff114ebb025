import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { MAX_THUMBNAIL_ATTEMPTS } from '../../src/images/backoff';
import { replayFailures } from '../../src/pipeline/replay';
import type { ReplayableFailure } from '../../src/warehouse/dead-letters';
import { apiKeyFor } from '../helpers/api';
import { imageUrl, productImageAt } from '../helpers/images';
import { recordingQueue, runConsumer, storedDelivery, sweep } from '../helpers/pipeline';
import { sample } from '../helpers/samples';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

/** The product of the products/create sample. */
const PRODUCT = '788032119674292922';

const queuedUrls = (sent: unknown[]) => sent.map((m) => (m as { kind: string; url: string }).url);

async function loadProduct(shop: string) {
  const thumbnails = recordingQueue();
  const claim = await storedDelivery(sample('products-create'), { shop, topic: 'products/create' });
  await runConsumer('wharf-ingest', [claim], { THUMBNAIL_QUEUE: thumbnails.queue, TRANSFORM_QUEUE: recordingQueue().queue });
  return thumbnails.sent;
}

describe('queueing product images for thumbnails', () => {
  it('queues the images of a product once its delivery loads, each URL once however many of its positions show it', async () => {
    const shop = uniqueShop();
    await apiKeyFor(shop);
    const [front, back] = [imageUrl(`files/front-${shop}`), imageUrl(`files/back-${shop}`)];
    await productImageAt(shop, PRODUCT, 1, front);
    await productImageAt(shop, PRODUCT, 2, back);
    await productImageAt(shop, PRODUCT, 3, front);

    const sent = await loadProduct(shop);

    expect(sent).toHaveLength(2);
    expect(queuedUrls(sent).sort()).toEqual([back, front].sort());
    expect(sent[0]).toMatchObject({ kind: 'thumbnail' });
    // Loaded again (an update, a replay): its images are known, nothing is queued.
    expect(await loadProduct(shop)).toEqual([]);
  });

  it('has the sweep queue the images no load queued, and the failed ones that are due, once each', async () => {
    const shop = uniqueShop();
    await apiKeyFor(shop);
    const [unqueued, due, notDue, spent] = ['unqueued', 'due', 'not-due', 'spent'].map((name) => imageUrl(`files/${name}-${shop}`)) as [
      string,
      string,
      string,
      string,
    ];
    await productImageAt(shop, '1', 1, unqueued);
    await query(sql`insert into image_thumbnail (url, state, attempts, next_attempt_at) values
      (${due}, 'failed', 1, now() - interval '1 second'),
      (${notDue}, 'failed', 1, now() + interval '5 minutes'),
      (${spent}, 'failed', ${MAX_THUMBNAIL_ATTEMPTS}, now() - interval '1 second')`);

    const thumbnails = recordingQueue();
    await sweep({ THUMBNAIL_QUEUE: thumbnails.queue });

    const queued = queuedUrls(thumbnails.sent);
    expect(queued).toEqual(expect.arrayContaining([unqueued, due]));
    expect(queued).not.toContain(notDue);
    expect(queued).not.toContain(spent);

    // Claimed while their messages are on the way: the next sweep does not queue them again.
    const again = recordingQueue();
    await sweep({ THUMBNAIL_QUEUE: again.queue });
    expect(queuedUrls(again.sent)).not.toContain(unqueued);
    expect(queuedUrls(again.sent)).not.toContain(due);
  });

  it('records a message that reached the dead-letter queue, and re-drives it to the thumbnail queue', async () => {
    const url = imageUrl(`files/dead-letter-${crypto.randomUUID()}`);
    await runConsumer('wharf-thumbnails-dlq', [{ kind: 'thumbnail', url }]);

    const [record] = await query<ReplayableFailure & { error_class: string; [column: string]: unknown }>(sql`
      select id::int, stage::text, subject, shop_domain as "shopDomain", webhook_id as "webhookId", raw_key as "rawKey", details, error_class::text
      from quarantine where subject = ${`thumbnail:${url}`}`);
    expect(record).toMatchObject({ stage: 'thumbnail', error_class: 'unknown' });

    const thumbnails = recordingQueue();
    const replayed = await withDb((db) => replayFailures(db, { ...env, THUMBNAIL_QUEUE: thumbnails.queue }, [record!]));
    expect(replayed).toEqual({ queued: [record!.id], skipped: [] });
    expect(thumbnails.sent).toEqual([{ kind: 'thumbnail', url, replayOf: record!.id }]);
  });
});
