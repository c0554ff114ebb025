/**
 * What an image's bytes say they are, read from their first bytes and headers only: the format
 * from its signature, and the dimensions where the header states them, so that an image too large
 * to decode is refused before any pixel is decoded. Pure.
 */

/** Formats that can be decoded into thumbnails. */
export const DECODABLE = ['jpeg', 'png', 'webp'] as const;
export type DecodableFormat = (typeof DECODABLE)[number];
/** Formats recognised by their signature but not decoded here. */
export type ImageFormat = DecodableFormat | 'gif' | 'avif' | 'heic' | 'bmp' | 'tiff';

export interface Sniffed {
  format: ImageFormat;
  /** Width and height from the header; undefined where the header was not found in the bytes given. */
  dimensions?: { width: number; height: number };
}

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);

/** The image format of `bytes` by its signature, with its dimensions where the header has them; null when it is no image known here. */
export function sniffImage(bytes: Uint8Array): Sniffed | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return withDimensions('jpeg', jpegDimensions(bytes));
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') {
    // IHDR is the first chunk: its data starts at byte 16 with the width, then the height.
    return withDimensions('png', ascii(bytes, 12, 4) === 'IHDR' ? { width: u32be(bytes, 16), height: u32be(bytes, 20) } : undefined);
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return withDimensions('webp', webpDimensions(bytes));
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return withDimensions('gif', { width: u16le(bytes, 6), height: u16le(bytes, 8) });
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (brand === 'avif' || brand === 'avis') return { format: 'avif' };
    if (['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand)) return { format: 'heic' };
  }
  if (ascii(bytes, 0, 2) === 'BM') return { format: 'bmp' };
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*') return { format: 'tiff' };
  return null;
}

function withDimensions(format: ImageFormat, dimensions: { width: number; height: number } | undefined): Sniffed {
  return dimensions && dimensions.width > 0 && dimensions.height > 0 ? { format, dimensions } : { format };
}

/**
 * A JPEG's dimensions from its start-of-frame segment: markers are walked by their lengths from the
 * start of the image. SOF0–SOF15 carry the frame's size, except DHT (C4), JPG (C8) and DAC (CC).
 */
function jpegDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1] ?? 0;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // Markers without a length: TEM and RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: u16be(bytes, i + 5), width: u16be(bytes, i + 7) };
    }
    // Start of scan before any frame, or end of image: no frame header.
    if (marker === 0xda || marker === 0xd9) return undefined;
    i += 2 + u16be(bytes, i + 2);
  }
  return undefined;
}

/** A WebP's canvas from its first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X). */
function webpDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X') return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = u16le(bytes, 21) | (u16le(bytes, 23) * 0x10000);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // A key frame's start code, then 14-bit width and height.
  if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  return undefined;
}

/** The widths thumbnails are made at, and the only ones served. */
export const THUMBNAIL_WIDTHS = [100, 400, 800] as const;

/**
 * The thumbnails of an image `width` × `height`: one per allowed width, never wider than the image
 * (a narrower image gives its own width instead, once), the height kept in proportion and at least
 * one pixel. Narrowest first.
 */
export function thumbnailSizes(width: number, height: number): { width: number; height: number }[] {
  const widths = [...new Set(THUMBNAIL_WIDTHS.map((w) => Math.min(w, width)))];
  return widths.map((w) => ({ width: w, height: Math.max(1, Math.round((height * w) / width)) }));
}

/**
 * The allowed width nearest to the one asked for (the wider one on a tie: a thumbnail is better
 * scaled down by the browser than up).
 */
export function nearestAllowedWidth(asked: number): number {
  let best: number = THUMBNAIL_WIDTHS[0];
  for (const w of THUMBNAIL_WIDTHS) if (Math.abs(w - asked) <= Math.abs(best - asked)) best = w;
  return best;
}
