/**
 * Getting sources to the thumbnail queue: the URLs a load has just stored, at once, and the sweep's
 * due ones (never queued, failed and due again, or claimed for a message that was lost).
 */
import { log } from '../lib/log';
import { thumbnailQueue } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { addThumbnailSources, claimDueThumbnails } from '../warehouse/thumbnails';
import { MAX_THUMBNAIL_ATTEMPTS } from './process';

/** How long a queued source is left to its message before the sweep queues it again: longer than the queue's retries take. */
export const QUEUED_LEASE_SECONDS = 30 * 60;

/** Sources the sweep queues per run, in sendBatch batches of 100. */
export const SWEEP_LIMIT = 1000;

type Queues = Pick<Env, 'THUMBNAIL_QUEUE'>;

/**
 * Queues the URLs not seen before. Called after product images are stored; it never fails the
 * load that calls it: what it could not add or queue, the sweep does.
 */
export async function queueNewThumbnails(queues: Queues, db: Warehouse, urls: readonly string[]): Promise<void> {
  try {
    const added = await addThumbnailSources(db, urls, QUEUED_LEASE_SECONDS);
    await thumbnailQueue(queues).sendAll(added.map((url) => ({ kind: 'thumbnail' as const, url })));
  } catch (error) {
    log.warn('thumbnails not queued; the sweep queues them', { urls: urls.length, error });
  }
}

/** Queues the sources that are due, claimed while their messages are on the way. */
export async function queueDueThumbnails(queues: Queues, db: Warehouse): Promise<number> {
  const due = await claimDueThumbnails(db, SWEEP_LIMIT, QUEUED_LEASE_SECONDS, MAX_THUMBNAIL_ATTEMPTS);
  await thumbnailQueue(queues).sendAll(due.map((url) => ({ kind: 'thumbnail' as const, url })));
  return due.length;
}
