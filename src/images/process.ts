/**
 * Makes one source image's thumbnails: fetched once within limits, hashed, and decoded only when
 * no thumbnails of the same bytes (under any URL, for any shop) are recorded and still in R2;
 * stored in R2 under the hash, then recorded. An image that fails is recorded with its reason and a next attempt; only
 * the database or R2 failing throws, for the queue to retry.
 */
import type { ThumbnailConfig } from '../config';
import { sha256Hex } from '../lib/sha256';
import type { Warehouse } from '../warehouse/db';
import { beginThumbnailAttempt, type MadeThumbnails, recordThumbnailFailure, recordThumbnailsReady, thumbnailsOfContent } from '../warehouse/thumbnails';
import { retryInSeconds } from './backoff';
import type { ThumbnailFailure } from './failures';
import { fetchSource } from './fetch-source';
import { makeThumbnails } from './thumbnails';

/** The R2 key of a thumbnail: immutable, since the same bytes at the same width always give the same thumbnail. */
export const thumbnailKey = (contentHash: string, width: number) => `thumbnails/${contentHash}/${width}.webp`;

async function allStored(bucket: R2Bucket, keys: readonly string[]): Promise<boolean> {
  const heads = await Promise.all(keys.map((key) => bucket.head(key)));
  return heads.every((head) => head !== null);
}

export interface ThumbnailDeps {
  db: Warehouse;
  bucket: R2Bucket;
  config: ThumbnailConfig;
}

export type ThumbnailOutcome = { outcome: 'made' | 'reused' | 'skipped' } | { outcome: 'failed'; failure: ThumbnailFailure };

export async function thumbnailImage({ db, bucket, config }: ThumbnailDeps, url: string): Promise<ThumbnailOutcome> {
  const attempts = await beginThumbnailAttempt(db, url);
  // Unknown (never added) or already made: a duplicate or stale message.
  if (attempts === undefined) return { outcome: 'skipped' };
  const fail = async (failed: ThumbnailFailure, contentHash?: string): Promise<ThumbnailOutcome> => {
    await recordThumbnailFailure(db, url, { ...failed, contentHash, retryInSeconds: retryInSeconds(attempts, config.retrySeconds) });
    return { outcome: 'failed', failure: failed };
  };

  const fetched = await fetchSource(url, config.fetch);
  if (!fetched.ok) return fail(fetched.failure);
  const contentHash = await sha256Hex(fetched.bytes);
  const known = await thumbnailsOfContent(db, contentHash);
  // R2 has the last word: thumbnails recorded but no longer stored are made again.
  if (known && (await allStored(bucket, known.keys))) {
    await recordThumbnailsReady(db, url, known);
    return { outcome: 'reused' };
  }

  const made = await makeThumbnails(fetched.bytes, { maxPixels: config.maxPixels });
  if (!made.ok) return fail(made.failure, contentHash);
  const keys = made.thumbnails.map((t) => thumbnailKey(contentHash, t.width));
  await Promise.all(
    made.thumbnails.map((t, i) =>
      bucket.put(keys[i]!, t.webp, {
        httpMetadata: { contentType: 'image/webp' },
        customMetadata: { width: String(t.width), height: String(t.height), source: made.source.format },
      }),
    ),
  );
  const record: MadeThumbnails = {
    contentHash,
    sourceFormat: made.source.format,
    sourceWidth: made.source.width,
    sourceHeight: made.source.height,
    sourceBytes: fetched.bytes.byteLength,
    widths: made.thumbnails.map((t) => t.width),
    keys,
  };
  await recordThumbnailsReady(db, url, record);
  return { outcome: 'made' };
}
