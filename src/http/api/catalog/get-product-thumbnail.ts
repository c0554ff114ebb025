import type { Context } from 'hono';
import { z } from 'zod';
import { MAX_THUMBNAIL_ATTEMPTS } from '../../../images/backoff';
import { nearestAllowedWidth, THUMBNAIL_WIDTHS } from '../../../images/sniff';
import { MAX_SOURCE_URL_BYTES, type ProductThumbnail, productThumbnail } from '../../../warehouse/thumbnails';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, idParam, problemResponses } from '../api-route';
import { SHOP_HEADER } from '../middleware';

/**
 * The thumbnail's bytes never change for an ETag (the hash of the source and the width), but what
 * this path shows does when the merchant replaces the image: an hour's freshness, then a
 * revalidation that costs a 304.
 */
const CACHE_CONTROL = 'private, max-age=3600, stale-while-revalidate=86400';

/** Why a product image has no thumbnail to serve, in a sentence. */
function whyMissing(found: ProductThumbnail): string {
  if (found.state === null) {
    return new TextEncoder().encode(found.url).byteLength > MAX_SOURCE_URL_BYTES
      ? `its URL is longer than ${MAX_SOURCE_URL_BYTES} bytes: no thumbnails are made of it`
      : 'its thumbnails are not made yet: the image is queued';
  }
  const spent = (found.attempts ?? 0) >= MAX_THUMBNAIL_ATTEMPTS;
  if (found.state === 'pending') {
    return `its thumbnails are not made yet: ${found.failureReason ?? 'the image is queued'}${spent ? `; after ${found.attempts} attempts it is not tried again` : ''}`;
  }
  const next = found.nextAttemptAt && !spent ? `tried again from ${found.nextAttemptAt}` : 'not tried again';
  return `its thumbnails could not be made (${found.failureCode}: ${found.failureReason}) after ${found.attempts} attempt(s); ${next}`;
}

/** Whether an If-None-Match header names this ETag (weakly compared, as RFC 9110 has it for GET), or is `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

export class GetProductThumbnail extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Products'],
    summary: "A thumbnail of one of a product's images (WebP)",
    description: `Made from the image at \`position\` (1 = the featured image) at ${THUMBNAIL_WIDTHS.join(', ')} px wide, never wider than the image itself. \`width\` picks the nearest of those; the answer carries an ETag (send it back as If-None-Match for a 304). A 404 says why there is no thumbnail: no such image, not made yet, or why it failed and when it is tried again.`,
    request: {
      params: z.object({
        id: idParam,
        position: z.coerce
          .number()
          .int()
          .min(1)
          .max(2 ** 31 - 1),
      }),
      query: z.strictObject({ width: z.coerce.number().int().min(1).max(10_000).default(400).describe('Wanted width in pixels; the nearest made is served') }),
    },
    responses: {
      '200': {
        description: 'The thumbnail',
        content: { 'image/webp': { schema: z.string().describe('WebP image') } },
      },
      '304': { description: 'Not modified: the If-None-Match named this thumbnail' },
      '404': { description: 'No such product image in this shop, or no thumbnail of it (the detail says why)' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params, query } = await this.getValidatedData<typeof this.schema>();
    const found = await productThumbnail(db, shop, params.id, params.position);
    if (!found) throw new Problem(404, `product ${params.id} has no image at position ${params.position}`);
    const { contentHash, widths, keys } = found;
    if (found.state !== 'ready' || !contentHash || !widths?.length || !keys)
      throw new Problem(404, `the image at position ${params.position} of product ${params.id} has no thumbnail: ${whyMissing(found)}`);

    // The widest made within the allowed width (an image narrower than it was made at its own width).
    const allowed = nearestAllowedWidth(query.width);
    const index = widths.reduce((best, width, i) => (width <= allowed ? i : best), 0);
    const width = widths[index]!;
    const etag = `"${contentHash}-${width}"`;
    const headers = { etag, 'cache-control': CACHE_CONTROL, vary: `Authorization, ${SHOP_HEADER}` };
    if (matches(c.req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });

    const object = await c.env.RAW_BUCKET.get(keys[index]!);
    if (!object) throw new Problem(404, `the thumbnail ${width} px wide of the image at position ${params.position} is recorded but missing from storage`);
    return new Response(object.body, { headers: { ...headers, 'content-type': 'image/webp', 'content-length': String(object.size) } });
  }
}
