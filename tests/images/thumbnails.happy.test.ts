import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/images/codecs';
import { sniffImage } from '../../src/images/sniff';
import { sha256Hex } from '../../src/lib/sha256';
import { fetchesOf, hostImage, imageUrl, jpeg, picture, png, thumbnail, webp } from '../helpers/images';
import { runConsumer } from '../helpers/pipeline';
import { query } from '../helpers/warehouse';

type Row = {
  state: string;
  content_hash: string | null;
  source_format: string | null;
  source_width: number | null;
  source_height: number | null;
  source_bytes: number | null;
  widths: number[] | null;
  keys: string[] | null;
  attempts: number;
  next_attempt_at: string | null;
  failure_code: string | null;
};

const rowOf = async (url: string) => (await query<Row>(sql`select * from image_thumbnail where url = ${url}`))[0];

/** What R2 holds under a key: its content type, its format and size by its own header, and its pixels. */
async function stored(key: string) {
  const object = await env.RAW_BUCKET.get(key);
  if (!object) throw new Error(`nothing in R2 at ${key}`);
  const bytes = new Uint8Array(await object.arrayBuffer());
  return { contentType: object.httpMetadata?.contentType, sniffed: sniffImage(bytes), pixels: await decode('webp', bytes.slice().buffer) };
}

describe('thumbnails of product images', () => {
  it('makes WebP thumbnails 100, 400 and 800 px wide of a JPEG, its aspect kept, under the hash of its bytes', async () => {
    const bytes = await jpeg(picture(1000, 500));
    const url = imageUrl(`files/${await hostImage(bytes)}`);

    expect(await thumbnail(url)).toEqual({ outcome: 'made' });

    const hash = await sha256Hex(bytes.slice());
    expect(await rowOf(url)).toMatchObject({
      state: 'ready',
      content_hash: hash,
      source_format: 'jpeg',
      source_width: 1000,
      source_height: 500,
      source_bytes: bytes.byteLength,
      widths: [100, 400, 800],
      keys: [`thumbnails/${hash}/100.webp`, `thumbnails/${hash}/400.webp`, `thumbnails/${hash}/800.webp`],
      attempts: 1,
      next_attempt_at: null,
      failure_code: null,
    });
    for (const [width, height] of [
      [100, 50],
      [400, 200],
      [800, 400],
    ] as const) {
      const thumb = await stored(`thumbnails/${hash}/${width}.webp`);
      expect(thumb.contentType).toBe('image/webp');
      expect(thumb.sniffed).toEqual({ format: 'webp', dimensions: { width, height } });
      expect([thumb.pixels.width, thumb.pixels.height]).toEqual([width, height]);
    }
  });

  it('keeps the scene: the thumbnail of a picture red to the right is red to the right', async () => {
    const url = imageUrl(`files/${await hostImage(await jpeg(picture(1000, 500)))}`);
    await thumbnail(url);
    const { keys } = (await rowOf(url))!;
    const { pixels } = await stored(keys![0]!);
    // Red rises from 0 at the left edge to 255 at the right; blue stays at 128 (lossy: within a few steps).
    const at = (x: number, y: number) => [...pixels.data.subarray((y * pixels.width + x) * 4, (y * pixels.width + x) * 4 + 4)];
    expect(at(2, 25)[0]).toBeLessThan(20);
    expect(at(97, 25)[0]).toBeGreaterThan(235);
    expect(Math.abs(at(50, 25)[2]! - 128)).toBeLessThan(10);
  });

  it('never scales up: a PNG 600 px wide gives 100, 400 and 600, and keeps its transparency', async () => {
    const url = imageUrl(`files/${await hostImage(await png(picture(600, 300, { transparentLeft: true })), 'image/png')}`);

    await thumbnail(url);

    const row = (await rowOf(url))!;
    expect(row).toMatchObject({ state: 'ready', source_format: 'png', widths: [100, 400, 600] });
    const { sniffed, pixels } = await stored(row.keys![1]!);
    expect(sniffed?.dimensions).toEqual({ width: 400, height: 200 });
    const alpha = (x: number, y: number) => pixels.data[(y * pixels.width + x) * 4 + 3];
    expect(alpha(20, 100)).toBe(0);
    expect(alpha(380, 100)).toBe(255);
  });

  it('turns a JPEG as its EXIF orientation says, as a browser shows it', async () => {
    const encoded = await jpeg(picture(200, 100));
    // An APP1 segment after the start of image: Exif, a big-endian TIFF header, one IFD entry:
    // Orientation (0x0112), SHORT, 1 value: 6, "rotate 90° clockwise to display".
    const exif = [0xff, 0xe1, 0x00, 0x22, ...new TextEncoder().encode('Exif\0\0'), 0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1];
    const entry = [0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0, 0, 0, 0, 0];
    const turned = new Uint8Array([...encoded.subarray(0, 2), ...exif, ...entry, ...encoded.subarray(2)]);
    const url = imageUrl(`files/${await hostImage(turned)}`);

    await thumbnail(url);

    expect(await rowOf(url)).toMatchObject({ state: 'ready', source_width: 100, source_height: 200, widths: [100] });
  });

  it('gives a WebP narrower than every width one thumbnail, at its own size', async () => {
    const url = imageUrl(`files/${await hostImage(await webp(picture(80, 60)), 'image/webp')}`);

    await thumbnail(url);

    const row = (await rowOf(url))!;
    expect(row).toMatchObject({ state: 'ready', source_format: 'webp', source_width: 80, source_height: 60, widths: [80] });
    expect((await stored(row.keys![0]!)).sniffed?.dimensions).toEqual({ width: 80, height: 60 });
  });

  it('takes an image served without a content type or as octet-stream when its bytes are one', async () => {
    const bytes = await jpeg(picture(120, 80));
    const untyped = imageUrl(`files/${await hostImage(bytes, null)}`);
    const octets = imageUrl(`files/${await hostImage(bytes, 'application/octet-stream')}`);
    await thumbnail(untyped);
    await thumbnail(octets);
    expect((await rowOf(untyped))?.state).toBe('ready');
    expect((await rowOf(octets))?.state).toBe('ready');
  });

  it('does not decode the same bytes twice: a second URL with them reuses the thumbnails made', async () => {
    const bytes = await jpeg(picture(500, 500));
    const first = imageUrl(`files/${await hostImage(bytes)}`);
    const second = imageUrl(`files/${await hostImage(bytes)}`);

    expect(await thumbnail(first)).toEqual({ outcome: 'made' });
    expect(await thumbnail(second)).toEqual({ outcome: 'reused' });

    const [a, b] = [await rowOf(first), await rowOf(second)];
    expect(b).toMatchObject({ state: 'ready', content_hash: a!.content_hash, widths: [100, 400, 500], keys: a!.keys });
  });

  it('makes thumbnails again when those recorded for the same bytes are gone from R2', async () => {
    const bytes = await jpeg(picture(300, 300));
    const first = imageUrl(`files/${await hostImage(bytes)}`);
    await thumbnail(first);
    await env.RAW_BUCKET.delete((await rowOf(first))!.keys!);

    expect(await thumbnail(imageUrl(`files/${await hostImage(bytes)}`))).toEqual({ outcome: 'made' });
  });

  it('fetches a source once: a message for a source already made fetches nothing', async () => {
    const name = await hostImage(await jpeg(picture(200, 100)));
    const url = imageUrl(`files/${name}`);
    await thumbnail(url);

    expect(await thumbnail(url)).toEqual({ outcome: 'skipped' });
    expect(await fetchesOf(name)).toBe(1);
  });

  it('reads a chunked answer to its end', async () => {
    const url = imageUrl(`chunked/${await hostImage(await jpeg(picture(300, 200)))}`);
    await thumbnail(url);
    expect(await rowOf(url)).toMatchObject({ state: 'ready', widths: [100, 300] });
  });

  it('is what the thumbnail queue does with each message', async () => {
    const url = imageUrl(`files/${await hostImage(await jpeg(picture(400, 400)))}`);
    await query(sql`insert into image_thumbnail (url, next_attempt_at) values (${url}, now() + interval '1 hour')`);

    const result = await runConsumer('wharf-thumbnails', [{ kind: 'thumbnail', url }]);

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(await rowOf(url)).toMatchObject({ state: 'ready', widths: [100, 400] });
  });
});
