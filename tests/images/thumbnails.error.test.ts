import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { MAX_THUMBNAIL_ATTEMPTS, retryInSeconds } from '../../src/images/backoff';
import { hostImage, imageUrl, jpeg, picture, thumbnail } from '../helpers/images';
import { query } from '../helpers/warehouse';

type Failed = { state: string; failure_code: string | null; failure_reason: string | null; attempts: number; retry_in: number | null };

/** The row of a source, with its next attempt as seconds after its last update. */
async function failedRow(url: string): Promise<Failed | undefined> {
  const [row] = await query<Failed>(sql`
    select state::text, failure_code, failure_reason, attempts,
      round(extract(epoch from next_attempt_at - updated_at))::int as retry_in
    from image_thumbnail where url = ${url}`);
  return row;
}

/** A JPEG's first bytes (start of image, a JFIF segment's marker), then bytes that are no JPEG. */
const brokenJpeg = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new TextEncoder().encode('JFIF\0 and then nothing a decoder can read')]);

describe('thumbnails that cannot be made', () => {
  it('records a 404 with its status, to be tried again after the first delay', async () => {
    const url = imageUrl('files/never-put');

    expect(await thumbnail(url)).toEqual({ outcome: 'failed', failure: { code: 'http_status', reason: 'HTTP 404' } });
    expect(await failedRow(url)).toEqual({ state: 'failed', failure_code: 'http_status', failure_reason: 'HTTP 404', attempts: 1, retry_in: 300 });
  });

  it('doubles the delay with each failed attempt', async () => {
    const url = imageUrl('files/still-never-put');
    await thumbnail(url);
    // Due again: the next message (from the sweep) tries again.
    await query(sql`update image_thumbnail set next_attempt_at = now() where url = ${url}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ attempts: 2, retry_in: 600 });
  });

  it('backs off from the first delay, doubling up to a day, and gives up after the last attempt', () => {
    expect([1, 2, 3, 8, 9].map((attempts) => retryInSeconds(attempts, 300))).toEqual([300, 600, 1200, 38_400, 76_800]);
    expect(retryInSeconds(9, 1000)).toBe(86_400);
    expect(retryInSeconds(MAX_THUMBNAIL_ATTEMPTS, 300)).toBeNull();
  });

  it('leaves a source failed for good once its attempts are spent', async () => {
    const url = imageUrl('files/gone-for-good');
    await query(sql`insert into image_thumbnail (url, attempts, next_attempt_at) values (${url}, ${MAX_THUMBNAIL_ATTEMPTS - 1}, now() + interval '1 hour')`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ state: 'failed', attempts: MAX_THUMBNAIL_ATTEMPTS, retry_in: null });
  });

  it('refuses what is served as something else than an image', async () => {
    const url = imageUrl(`files/${await hostImage(new TextEncoder().encode('<html>Not here</html>'), 'text/html; charset=utf-8')}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'not_an_image', failure_reason: 'served as text/html' });
  });

  it('refuses bytes that are no image even when served as one', async () => {
    const url = imageUrl(`files/${await hostImage(new TextEncoder().encode('plain text, not pixels'), 'image/png')}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'not_an_image', failure_reason: 'the bytes are not an image of a known format' });
  });

  it('records a JPEG that does not decode as corrupt', async () => {
    const url = imageUrl(`files/${await hostImage(brokenJpeg())}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'corrupt', failure_reason: expect.stringMatching(/^the jpeg does not decode: /) });
  });

  it('records a format it does not decode (GIF) as unsupported', async () => {
    // GIF89a, 1×1, no colour table, then the trailer: the signature and screen size are what count.
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]);
    const url = imageUrl(`files/${await hostImage(gif, 'image/gif')}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'unsupported_format', failure_reason: 'gif images are not decoded; jpeg, png and webp are' });
  });

  it('refuses an answer whose Content-Length is above the byte limit before reading its body', async () => {
    const url = imageUrl('declared/400000');
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'too_large', failure_reason: '400000 bytes declared, above the limit of 262144' });
  });

  it('stops reading an answer without a Content-Length once it passes the byte limit', async () => {
    const url = imageUrl('endless');
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'too_large', failure_reason: 'more than 262144 bytes received, the limit' });
  });

  it('refuses an image with more pixels than the limit by its header, before decoding it', async () => {
    // 2000 × 1000 of one colour: a few kilobytes, twice the test limit of a million pixels.
    const flat = picture(2000, 1000);
    flat.data.fill(200);
    const url = imageUrl(`files/${await hostImage(await jpeg(flat))}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({
      failure_code: 'too_many_pixels',
      failure_reason: '2000×1000 (2000000 pixels, by its header) is above the limit of 1000000 pixels',
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    const url = imageUrl(`slow/3000/${await hostImage(await jpeg(picture(50, 50)))}`);
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'timeout', failure_reason: 'no complete answer within 1000 ms' });
  });

  it('records a server that cannot be reached', async () => {
    // Nothing listens on the discard port.
    const url = 'http://127.0.0.1:9/image.jpg';
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'network', failure_reason: expect.stringMatching(/^the request failed: /) });
  });

  it('refuses a URL that is not http(s)', async () => {
    const url = 'ftp://cdn.example/image.jpg';
    await thumbnail(url);
    expect(await failedRow(url)).toMatchObject({ failure_code: 'invalid_url', failure_reason: 'not an http(s) URL: ftp:' });
  });
});
