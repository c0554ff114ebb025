/**
 * image_thumbnail: the state of each source image's thumbnails (src/warehouse/schema/images.ts).
 * Sources are the URLs of product_image. Rows are claimed for a while before they are queued, so
 * that the sweep does not queue again what is already on its way; processing records the outcome,
 * which ends the claim.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { dimShop, imageThumbnail, productImage } from './schema';
import { aliased, tuplesIn } from './upsert';

/** The longest URL kept (the primary key's index takes about 2.7 kB a row). */
export const MAX_SOURCE_URL_BYTES = 2048;

/**
 * Adds the URLs of these products' images that are not sources yet, claimed for `leaseSeconds`,
 * and returns them: they are to be queued now. URLs already known are left as they are (each
 * image is fetched once, whoever shows it).
 */
export async function addThumbnailSourcesOfProducts(
  db: Warehouse,
  products: readonly { shopDomain: string; productId: string }[],
  leaseSeconds: number,
): Promise<string[]> {
  if (products.length === 0) return [];
  const result = await db.execute<{ url: string }>(sql`
    insert into ${imageThumbnail} (url, next_attempt_at)
    select distinct i.url, now() + make_interval(secs => ${leaseSeconds})
    from ${productImage} i join ${dimShop} s on s.shop_id = i.shop_id
    where ${tuplesIn(
      [aliased('s', dimShop.domain), aliased('i', productImage.productId)],
      products.map((p) => [p.shopDomain, p.productId]),
    )}
      and octet_length(i.url) <= ${MAX_SOURCE_URL_BYTES}
    on conflict (url) do nothing
    returning url`);
  return result.rows.map((r) => r.url);
}

/**
 * Adds up to `limit` URLs of product_image that are not sources yet, due at once: those whose
 * load queued nothing (a resync, a file, a hand-over that failed).
 */
export async function addMissingThumbnailSources(db: Warehouse, limit: number): Promise<number> {
  const result = await db.execute(sql`
    insert into ${imageThumbnail} (url)
    select distinct i.url from ${productImage} i
    where octet_length(i.url) <= ${MAX_SOURCE_URL_BYTES} and not exists (select 1 from ${imageThumbnail} t where t.url = i.url)
    limit ${limit}
    on conflict (url) do nothing`);
  return result.rowCount ?? 0;
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

/** A product image and the state of its thumbnails (none when its URL is not a source yet). */
export interface ProductThumbnail {
  url: string;
  state: 'pending' | 'ready' | 'failed' | null;
  contentHash: string | null;
  widths: number[] | null;
  keys: string[] | null;
  failureCode: string | null;
  failureReason: string | null;
  attempts: number | null;
  nextAttemptAt: string | null;
}

export async function productThumbnail(db: Warehouse, shop: { shopId: number }, productId: string, position: number): Promise<ProductThumbnail | undefined> {
  const [row] = await db
    .select({
      url: productImage.url,
      state: imageThumbnail.state,
      contentHash: imageThumbnail.contentHash,
      widths: imageThumbnail.widths,
      keys: imageThumbnail.keys,
      failureCode: imageThumbnail.failureCode,
      failureReason: imageThumbnail.failureReason,
      attempts: imageThumbnail.attempts,
      nextAttemptAt: imageThumbnail.nextAttemptAt,
    })
    .from(productImage)
    .leftJoin(imageThumbnail, eq(imageThumbnail.url, productImage.url))
    .where(and(eq(productImage.shopId, shop.shopId), eq(productImage.productId, productId), eq(productImage.position, position)));
  return row;
}
