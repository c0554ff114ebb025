/**
 * Getting sources to the thumbnail queue: the images of the products a load has just stored, at
 * once, and the sweep's due ones (never queued, failed and due again, or claimed for a message that
 * was lost).
 */
import { log } from '../lib/log';
import { thumbnailQueue } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { addMissingThumbnailSources, addThumbnailSourcesOfProducts, claimDueThumbnails } from '../warehouse/thumbnails';
import { MAX_THUMBNAIL_ATTEMPTS } from './backoff';

/** How long a queued source is left to its message before the sweep queues it again: longer than the queue's retries take. */
export const QUEUED_LEASE_SECONDS = 30 * 60;

/** Sources the sweep queues per run, in sendBatch batches of 100. */
export const SWEEP_LIMIT = 1000;

type Queues = Pick<Env, 'THUMBNAIL_QUEUE'>;

const send = (queues: Queues, urls: readonly string[]) => thumbnailQueue(queues).sendAll(urls.map((url) => ({ kind: 'thumbnail' as const, url })));

/**
 * Queues the images of these products whose URLs were not seen before. Called after products are
 * loaded; it never fails the load that calls it: what it could not add or queue, the sweep does.
 */
export async function queueThumbnailsOfProducts(queues: Queues, db: Warehouse, products: readonly { shopDomain: string; productId: string }[]): Promise<void> {
  if (products.length === 0) return;
  try {
    await send(queues, await addThumbnailSourcesOfProducts(db, products, QUEUED_LEASE_SECONDS));
  } catch (error) {
    log.warn('thumbnails not queued; the sweep queues them', { products: products.length, error });
  }
}

/**
 * Adds the product images no load queued, then queues the sources that are due, claimed while their
 * messages are on the way.
 */
export async function queueDueThumbnails(queues: Queues, db: Warehouse): Promise<number> {
  await addMissingThumbnailSources(db, SWEEP_LIMIT);
  const due = await claimDueThumbnails(db, SWEEP_LIMIT, QUEUED_LEASE_SECONDS, MAX_THUMBNAIL_ATTEMPTS);
  await send(queues, due);
  return due.length;
}
