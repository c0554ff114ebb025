/**
 * From a source image's bytes to its thumbnails: sniffed, refused by its header when it has more
 * pixels than allowed, decoded, scaled down to each width (never up, the aspect kept) and encoded
 * as WebP. What cannot be made is a failure value.
 */
import { decode, encodeWebp, hasTransparency, type Pixels, resample, shrinkByBlocks } from './codecs';
import { failure, type ThumbnailFailure } from './failures';
import { DECODABLE, type DecodableFormat, sniffImage, thumbnailSizes } from './sniff';

export interface Thumbnail {
  width: number;
  height: number;
  webp: ArrayBuffer;
}

export type Made =
  | { ok: true; source: { format: DecodableFormat; width: number; height: number }; thumbnails: Thumbnail[] }
  | { ok: false; failure: ThumbnailFailure };

const isDecodable = (format: string): format is DecodableFormat => (DECODABLE as readonly string[]).includes(format);

export async function makeThumbnails(bytes: Uint8Array, limits: { maxPixels: number }): Promise<Made> {
  const sniffed = sniffImage(bytes);
  if (!sniffed) return failure('not_an_image', 'the bytes are not an image of a known format');
  const { format, dimensions } = sniffed;
  if (!isDecodable(format)) return failure('unsupported_format', `${format} images are not decoded; jpeg, png and webp are`);
  const tooMany = (width: number, height: number, by: string) =>
    failure('too_many_pixels', `${width}×${height} (${width * height} pixels${by}) is above the limit of ${limits.maxPixels} pixels`);
  if (dimensions && dimensions.width * dimensions.height > limits.maxPixels) return tooMany(dimensions.width, dimensions.height, ', by its header');

  let pixels: Pixels;
  try {
    pixels = await decode(format, ownBuffer(bytes));
  } catch (error) {
    return failure('corrupt', `the ${format} does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A header that understated the image (or was not found) is caught here, after the byte limit bounded the work.
  if (pixels.width * pixels.height > limits.maxPixels) return tooMany(pixels.width, pixels.height, '');
  if (pixels.width === 0 || pixels.height === 0) return failure('corrupt', `the ${format} decodes to no pixels`);

  const transparent = hasTransparency(pixels);
  const thumbnails: Thumbnail[] = [];
  // Widest first, each scaled from the one before: the full image is resampled once.
  let current = pixels;
  for (const size of thumbnailSizes(pixels.width, pixels.height).reverse()) {
    const factor = Math.floor(current.width / size.width);
    const reduced = factor >= 2 ? shrinkByBlocks(current, factor) : current;
    current = await resample(reduced, size.width, size.height, transparent);
    thumbnails.unshift({ ...size, webp: await encodeWebp(current) });
  }
  return { ok: true, source: { format, width: pixels.width, height: pixels.height }, thumbnails };
}

/** The bytes as an ArrayBuffer of their own, as the decoders take them. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
}
