/**
 * The WebAssembly codecs (jSquash: MozJPEG, libpng, libwebp and a resampler, as Squoosh builds
 * them), given their modules explicitly: a Worker cannot fetch or compile WebAssembly at run time,
 * so each `.wasm` is imported as a compiled module and handed to its codec's init.
 */
import jpegDecodeWasm from '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm';
import jpegDecode, { init as initJpegDecode } from '@jsquash/jpeg/decode';
import pngDecodeWasm from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
import pngDecode, { init as initPngDecode } from '@jsquash/png/decode';
import resize, { initResize } from '@jsquash/resize';
import resizeWasm from '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm';
import webpDecodeWasm from '@jsquash/webp/codec/dec/webp_dec.wasm';
// The SIMD build: the codec picks it wherever WebAssembly SIMD is supported, as it is in workerd.
import webpEncodeWasm from '@jsquash/webp/codec/enc/webp_enc_simd.wasm';
import webpDecode, { init as initWebpDecode } from '@jsquash/webp/decode';
import webpEncode, { init as initWebpEncode } from '@jsquash/webp/encode';
import type { DecodableFormat } from './sniff';

/** Decoded pixels, RGBA, 8 bits a channel, row by row. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** jSquash types its images as the DOM's ImageData, which has the same three fields. */
type ImageData = Parameters<typeof resize>[0];
const asImageData = (pixels: Pixels) => pixels as unknown as ImageData;

let pngReady: Promise<unknown> | undefined;
let resizeReady: Promise<unknown> | undefined;
let webpEncodeReady: Promise<unknown> | undefined;

/**
 * Decodes an image. The JPEG and WebP decoders are instantiated afresh for each image: a decoder's
 * memory grows to hold the largest image it decoded and never shrinks, and a fresh instance lets
 * that memory go with the image instead of staying with the isolate.
 */
export async function decode(format: DecodableFormat, bytes: ArrayBuffer): Promise<Pixels> {
  if (format === 'jpeg') {
    await initJpegDecode(jpegDecodeWasm);
    // Turned as its EXIF orientation says, as browsers show it.
    return (await jpegDecode(bytes, { preserveOrientation: true })) as Pixels;
  }
  if (format === 'webp') {
    await initWebpDecode(webpDecodeWasm);
    return (await webpDecode(bytes)) as Pixels;
  }
  pngReady ??= initPngDecode(pngDecodeWasm);
  await pngReady;
  return (await pngDecode(bytes)) as Pixels;
}

/** Whether any pixel is not fully opaque. */
export function hasTransparency(pixels: Pixels): boolean {
  const { data } = pixels;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return true;
  return false;
}

/**
 * Shrinks by a whole factor, averaging each `factor` × `factor` block (colours weighted by their
 * alpha, so that transparent pixels lend no colour to their neighbours). Done in JavaScript before
 * the resampler sees the image: the resampler copies its input into its own memory, which then
 * stays as large as the largest input, so it is handed at most about twice the target width.
 */
export function shrinkByBlocks(pixels: Pixels, factor: number): Pixels {
  const width = Math.floor(pixels.width / factor);
  const height = Math.floor(pixels.height / factor);
  const out = new Uint8ClampedArray(width * height * 4);
  const src = pixels.data;
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * pixels.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          const alpha = src[i + 3] as number;
          r += (src[i] as number) * alpha;
          g += (src[i + 1] as number) * alpha;
          b += (src[i + 2] as number) * alpha;
          a += alpha;
        }
      }
      const o = (y * width + x) * 4;
      if (a > 0) {
        out[o] = r / a;
        out[o + 1] = g / a;
        out[o + 2] = b / a;
      }
      out[o + 3] = a / area;
    }
  }
  return { data: out, width, height };
}

/**
 * Resamples to exactly `width` × `height` with a Lanczos-3 filter, in gamma space (as browsers
 * scale images); colours are premultiplied by alpha only where the image has transparency, which
 * costs several times the resampling itself.
 */
export async function resample(pixels: Pixels, width: number, height: number, transparent: boolean): Promise<Pixels> {
  if (pixels.width === width && pixels.height === height) return pixels;
  resizeReady ??= initResize(resizeWasm);
  await resizeReady;
  return (await resize(asImageData(pixels), { width, height, method: 'lanczos3', linearRGB: false, premultiply: transparent })) as Pixels;
}

/** Lossy WebP at quality 80 (alpha kept): small thumbnails every current browser shows. */
export const THUMBNAIL_QUALITY = 80;

export async function encodeWebp(pixels: Pixels): Promise<ArrayBuffer> {
  webpEncodeReady ??= initWebpEncode(webpEncodeWasm);
  await webpEncodeReady;
  return webpEncode(asImageData(pixels), { quality: THUMBNAIL_QUALITY });
}
