/**
 * Test images, made with the same codecs (MozJPEG, libpng, libwebp) that decode them, and the local
 * image host that serves them (tests/setup/image-server.ts).
 */

import { env } from 'cloudflare:test';
import jpegEncodeWasm from '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm';
import jpegEncode, { init as initJpegEncode } from '@jsquash/jpeg/encode';
import pngWasm from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
import pngEncode, { init as initPngEncode } from '@jsquash/png/encode';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { thumbnailConfig } from '../../src/config';
import { encodeWebp, type Pixels } from '../../src/images/codecs';
import { thumbnailImage } from '../../src/images/process';
import { query, withDb } from './warehouse';

/** Stamped into each picture's first pixel, so that no two pictures have the same bytes (nor the same thumbnails). */
let stamp = Math.floor(Math.random() * 2 ** 24);

/**
 * A `width` × `height` picture: red rising to the right, green rising downwards, blue at 128. With
 * `transparentLeft`, the left half is fully transparent. Its first pixel differs from every other
 * picture's.
 */
export function picture(width: number, height: number, { transparentLeft = false } = {}): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (255 * x) / width;
      data[i + 1] = (255 * y) / height;
      data[i + 2] = 128;
      data[i + 3] = transparentLeft && x < width / 2 ? 0 : 255;
    }
  }
  stamp = (stamp + 1) % 2 ** 24;
  data.set([stamp & 0xff, (stamp >> 8) & 0xff, stamp >> 16], 0);
  return { data, width, height };
}

type ImageData = Parameters<typeof jpegEncode>[0];

export async function jpeg(pixels: Pixels): Promise<Uint8Array> {
  await initJpegEncode(jpegEncodeWasm);
  return new Uint8Array(await jpegEncode(pixels as unknown as ImageData, { quality: 90 }));
}

export async function png(pixels: Pixels): Promise<Uint8Array> {
  await initPngEncode(pngWasm);
  return new Uint8Array(await pngEncode(pixels as unknown as ImageData));
}

export async function webp(pixels: Pixels): Promise<Uint8Array> {
  return new Uint8Array(await encodeWebp(pixels));
}

let served = 0;

/** Puts `bytes` on the image host under a name of its own, served as `contentType`; returns the name. */
export async function hostImage(bytes: Uint8Array, contentType: string | null = 'image/jpeg'): Promise<string> {
  const name = `image-${Date.now().toString(36)}-${served++}`;
  const response = await fetch(`${inject('imageServerUrl')}/files/${name}`, {
    method: 'PUT',
    body: bytes,
    headers: contentType ? { 'content-type': contentType } : {},
  });
  if (response.status !== 204) throw new Error(`the image host refused ${name}: ${response.status}`);
  return name;
}

/** A URL on the image host: `/files/NAME`, or one of its other paths. */
export const imageUrl = (path: string) => `${inject('imageServerUrl')}/${path}`;

export async function fetchesOf(name: string): Promise<number> {
  return ((await (await fetch(imageUrl(`fetches/${name}`))).json()) as { fetches: number }).fetches;
}

/**
 * Adds the URL as a source claimed for its message (as a load would: no sweep queues it meanwhile)
 * and makes its thumbnails at once, as that message would.
 */
export async function thumbnail(url: string) {
  return withDb(async (db) => {
    await db.execute(sql`insert into image_thumbnail (url, next_attempt_at) values (${url}, now() + interval '1 hour') on conflict (url) do nothing`);
    return thumbnailImage({ db, bucket: env.RAW_BUCKET, config: thumbnailConfig(env) }, url);
  });
}

/** A product_image row, as a load of the product would leave it. */
export async function productImageAt(shop: string, productId: string, position: number, url: string) {
  await query(sql`
    insert into product_image (shop_id, product_id, position, url, updated_at, raw_key)
    select shop_id, ${productId}, ${position}, ${url}, now(), 'test' from dim_shop where domain = ${shop}
    on conflict (shop_id, product_id, position) do update set url = excluded.url`);
}
