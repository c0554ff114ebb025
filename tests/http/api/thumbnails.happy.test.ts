import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../../src/images/sniff';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { hostImage, imageUrl, jpeg, picture, productImageAt, thumbnail } from '../../helpers/images';
import { query } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

const PRODUCT = '632910392';
const path = (position: number, width?: number) => `/v1/products/${PRODUCT}/images/${position}/thumbnail${width === undefined ? '' : `?width=${width}`}`;

/** A shop whose product has a 1000 × 500 JPEG at position 1, thumbnailed, and a 300 × 300 one at position 2. */
async function shopWithThumbnails() {
  const shop = uniqueShop();
  const { key } = await apiKeyFor(shop);
  const wide = imageUrl(`files/${await hostImage(await jpeg(picture(1000, 500)))}`);
  const small = imageUrl(`files/${await hostImage(await jpeg(picture(300, 300)))}`);
  await productImageAt(shop, PRODUCT, 1, wide);
  await productImageAt(shop, PRODUCT, 2, small);
  await thumbnail(wide);
  await thumbnail(small);
  const [{ content_hash: hash }] = (await query<{ content_hash: string }>(sql`select content_hash from image_thumbnail where url = ${wide}`)) as [
    { content_hash: string },
  ];
  return { shop, key, hash };
}

async function served(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), etag: response.headers.get('etag'), size: sniffImage(bytes)?.dimensions };
}

describe('GET /v1/products/{id}/images/{position}/thumbnail', () => {
  it('serves the WebP thumbnail of the nearest width made, with an ETag of its content and caching headers', async () => {
    const { key, hash } = await shopWithThumbnails();

    const response = await api(path(1, 400), key);
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600, stale-while-revalidate=86400');
    expect(await served(response)).toEqual({ status: 200, type: 'image/webp', etag: `"${hash}-400"`, size: { width: 400, height: 200 } });

    // 120 is nearest 100; 260 nearest 400; 5000 nearest 800; none asked, 400.
    expect((await served(await api(path(1, 120), key))).size).toEqual({ width: 100, height: 50 });
    expect((await served(await api(path(1, 260), key))).size).toEqual({ width: 400, height: 200 });
    expect((await served(await api(path(1, 5000), key))).size).toEqual({ width: 800, height: 400 });
    expect((await served(await api(path(1), key))).size).toEqual({ width: 400, height: 200 });
  });

  it('serves an image narrower than the width asked at its own width', async () => {
    const { key } = await shopWithThumbnails();
    expect((await served(await api(path(2, 800), key))).size).toEqual({ width: 300, height: 300 });
  });

  it('answers 304 without a body when If-None-Match names the thumbnail', async () => {
    const { key, hash } = await shopWithThumbnails();
    const etag = `"${hash}-800"`;

    const notModified = await api(path(1, 800), key, { headers: { 'if-none-match': `"something-else", W/${etag}` } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');

    // Another width is another representation.
    expect((await api(path(1, 100), key, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('answers 404 problem+json naming what is missing: the image, or its thumbnail and why', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop);
    const broken = imageUrl('files/no-such-image');
    await productImageAt(shop, PRODUCT, 1, broken);
    const queued = imageUrl(`files/not-yet-${shop}`);
    await productImageAt(shop, PRODUCT, 2, queued);
    await query(sql`insert into image_thumbnail (url, next_attempt_at) values (${queued}, now() + interval '1 hour')`);
    await thumbnail(broken);

    const noImage = await apiJson<{ detail: string }>(path(3), key);
    expect(noImage).toMatchObject({ status: 404, contentType: 'application/problem+json', body: { detail: `product ${PRODUCT} has no image at position 3` } });

    const failed = await apiJson<{ detail: string }>(path(1), key);
    expect(failed.status).toBe(404);
    expect(failed.body.detail).toMatch(
      new RegExp(
        `^the image at position 1 of product ${PRODUCT} has no thumbnail: its thumbnails could not be made \\(http_status: HTTP 404\\) after 1 attempt\\(s\\); tried again from \\d{4}-`,
      ),
    );

    expect((await apiJson<{ detail: string }>(path(2), key)).body.detail).toBe(
      `the image at position 2 of product ${PRODUCT} has no thumbnail: its thumbnails are not made yet: the image is queued`,
    );
  });

  it('says when an image whose attempts kept stopping short is no longer tried', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop);
    const url = imageUrl(`files/too-much-${shop}`);
    await productImageAt(shop, PRODUCT, 1, url);
    await query(sql`insert into image_thumbnail (url, attempts, failure_reason, next_attempt_at)
      values (${url}, 10, 'an attempt started and has not recorded its outcome', now() - interval '1 hour')`);

    expect((await apiJson<{ detail: string }>(path(1), key)).body.detail).toBe(
      `the image at position 1 of product ${PRODUCT} has no thumbnail: its thumbnails are not made yet: an attempt started and has not recorded its outcome; after 10 attempts it is not tried again`,
    );
  });

  it("serves only the key's own shop's product images", async () => {
    await shopWithThumbnails();
    const { key: stranger } = await apiKeyFor(uniqueShop());
    expect((await api(path(1), stranger)).status).toBe(404);
  });

  it('refuses a width or position that is not a positive whole number', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    expect((await apiJson(`/v1/products/${PRODUCT}/images/1/thumbnail?width=wide`, key)).status).toBe(400);
    expect((await apiJson(`/v1/products/${PRODUCT}/images/0/thumbnail`, key)).status).toBe(400);
  });
});
