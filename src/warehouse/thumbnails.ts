/**
 * image_thumbnail: the state of each source image's thumbnails (src/warehouse/schema/images.ts).
 * Rows are claimed for a while before they are queued, so that the sweep does not queue again what
 * is already on its way; processing records the outcome, which ends the claim.
 */
import { and, eq, sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import { imageThumbnail } from './schema';

/** The longest URL kept (the primary key's index takes about 2.7 kB a row). */
export const MAX_SOURCE_URL_BYTES = 2048;

const fitsKey = (url: string) => new TextEncoder().encode(url).byteLength <= MAX_SOURCE_URL_BYTES;

/**
 * Adds the URLs not known yet, claimed for `leaseSeconds`, and returns them: they are to be queued
 * now. URLs already known are left as they are (each image is fetched once, whoever shows it).
 */
export async function addThumbnailSources(db: Warehouse, urls: readonly string[], leaseSeconds: number): Promise<string[]> {
  const fitting = [...new Set(urls)].filter(fitsKey);
  if (fitting.length === 0) return [];
  const result = await db.execute<{ url: string }>(sql`
    insert into ${imageThumbnail} (url, next_attempt_at)
    select url, now() + make_interval(secs => ${leaseSeconds}) from unnest(${arrayParam(fitting, 'text')}) as u(url)
    on conflict (url) do nothing
    returning url`);
  return result.rows.map((r) => r.url);
}

/**
 * Claims up to `limit` sources that are due (pending or failed, their next attempt come, attempts
 * left), for
 * `leaseSeconds`: a concurrent sweep skips them, and one whose message was lost is due again once
 * the lease ends.
 */
export async function claimDueThumbnails(db: Warehouse, limit: number, leaseSeconds: number, maxAttempts: number): Promise<string[]> {
  const result = await db.execute<{ url: string }>(sql`
    with due as (
      select url from ${imageThumbnail}
      where next_attempt_at <= now() and state <> 'ready' and attempts < ${maxAttempts}
      order by next_attempt_at limit ${limit} for update skip locked
    )
    update ${imageThumbnail} t set next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    from due where t.url = due.url
    returning t.url`);
  return result.rows.map((r) => r.url);
}

/**
 * Counts an attempt at a source before it is made, and notes it as unfinished until its outcome is
 * recorded: an attempt that dies on the way (out of memory or time) still counts, so that an image
 * no Worker can handle stops being tried once its attempts are spent. Returns the attempts, counting
 * this one; undefined when the source is unknown or already ready.
 */
export async function beginThumbnailAttempt(db: Warehouse, url: string): Promise<number | undefined> {
  const [row] = await db
    .update(imageThumbnail)
    .set({
      attempts: sql`${imageThumbnail.attempts} + 1`,
      failureCode: 'unfinished',
      failureReason: 'an attempt started and has not recorded its outcome: it is under way, or it stopped (out of memory or time)',
      updatedAt: sql`now()`,
    })
    .where(and(eq(imageThumbnail.url, url), sql`${imageThumbnail.state} <> 'ready'`))
    .returning({ attempts: imageThumbnail.attempts });
  return row?.attempts;
}

/** What thumbnails made from one source's bytes are: the same wherever those bytes came from. */
export interface MadeThumbnails {
  contentHash: string;
  sourceFormat: string;
  sourceWidth: number;
  sourceHeight: number;
  sourceBytes: number;
  widths: number[];
  keys: string[];
}

/** The thumbnails already made from bytes with this hash, under any URL. */
export async function thumbnailsOfContent(db: Warehouse, contentHash: string): Promise<MadeThumbnails | undefined> {
  const [row] = await db
    .select({
      contentHash: imageThumbnail.contentHash,
      sourceFormat: imageThumbnail.sourceFormat,
      sourceWidth: imageThumbnail.sourceWidth,
      sourceHeight: imageThumbnail.sourceHeight,
      sourceBytes: imageThumbnail.sourceBytes,
      widths: imageThumbnail.widths,
      keys: imageThumbnail.keys,
    })
    .from(imageThumbnail)
    .where(and(eq(imageThumbnail.contentHash, contentHash), eq(imageThumbnail.state, 'ready')))
    .limit(1);
  return row as MadeThumbnails | undefined;
}

/** Records the thumbnails; the source is not tried again. */
export async function recordThumbnailsReady(db: Warehouse, url: string, made: MadeThumbnails): Promise<void> {
  await db
    .update(imageThumbnail)
    .set({
      ...made,
      state: 'ready',
      failureCode: null,
      failureReason: null,
      nextAttemptAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(imageThumbnail.url, url));
}

/** Records why the attempt failed, with when to try again (null: not again). */
export async function recordThumbnailFailure(
  db: Warehouse,
  url: string,
  failed: { code: string; reason: string; contentHash?: string; retryInSeconds: number | null },
): Promise<void> {
  await db
    .update(imageThumbnail)
    .set({
      state: 'failed',
      failureCode: failed.code,
      failureReason: failed.reason,
      contentHash: failed.contentHash ?? null,
      nextAttemptAt: failed.retryInSeconds === null ? null : sql`now() + make_interval(secs => ${failed.retryInSeconds})`,
      updatedAt: sql`now()`,
    })
    // A source made ready meanwhile (a duplicate message) keeps its thumbnails.
    .where(and(eq(imageThumbnail.url, url), sql`${imageThumbnail.state} <> 'ready'`));
}
