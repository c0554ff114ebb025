/**
 * Thumbnails of product images, one row per source image URL, shared by every product and shop
 * that shows it: whether its thumbnails are made, the SHA-256 of the bytes they were made from
 * (the same bytes are never decoded twice, whatever URL they came from), the widths made and their
 * R2 keys, and for an image that failed, why and when it is tried again.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';

export const thumbnailState = pgEnum('thumbnail_state', ['pending', 'ready', 'failed']);

export const imageThumbnail = pgTable(
  'image_thumbnail',
  {
    /** The source image's URL as the product gives it; at most 2048 bytes (longer ones are not fetched). */
    url: text('url').primaryKey(),
    state: thumbnailState('state').notNull().default('pending'),
    /** SHA-256 of the source bytes, hex: the thumbnails' R2 keys and ETags derive from it. */
    contentHash: text('content_hash'),
    /** The source as decoded: jpeg, png or webp, and its size in pixels and bytes. */
    sourceFormat: text('source_format'),
    sourceWidth: integer('source_width'),
    sourceHeight: integer('source_height'),
    sourceBytes: integer('source_bytes'),
    /** The thumbnails' widths, narrowest first, and their R2 keys in the same order. */
    widths: integer('widths').array(),
    keys: text('keys').array(),
    /** The last failure: a code of src/images/failures.ts and what was found. */
    failureCode: text('failure_code'),
    failureReason: text('failure_reason'),
    /** Fetches so far (each attempt fetches once). */
    attempts: integer('attempts').notNull().default(0),
    /** When the sweep queues it (again); null once ready, or when its attempts are spent. */
    nextAttemptAt: instant('next_attempt_at').default(sql`now()`),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    check('image_thumbnail_url_length', sql`octet_length(${t.url}) <= 2048`),
    index('image_thumbnail_content').on(t.contentHash).where(sql`${t.state} = 'ready'`),
    index('image_thumbnail_due').on(t.nextAttemptAt).where(sql`${t.nextAttemptAt} is not null`),
  ],
);
