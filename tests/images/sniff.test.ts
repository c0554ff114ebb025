import { describe, expect, it } from 'vitest';
import { nearestAllowedWidth, sniffImage, thumbnailSizes } from '../../src/images/sniff';
import { jpeg, picture, png, webp } from '../helpers/images';

describe('sniffing images', () => {
  it('reads the format and the size from the header of a JPEG, a PNG, a WebP and a transparent WebP', async () => {
    expect(sniffImage(await jpeg(picture(321, 123)))).toEqual({ format: 'jpeg', dimensions: { width: 321, height: 123 } });
    expect(sniffImage(await png(picture(64, 48)))).toEqual({ format: 'png', dimensions: { width: 64, height: 48 } });
    expect(sniffImage(await webp(picture(90, 30)))).toEqual({ format: 'webp', dimensions: { width: 90, height: 30 } });
    expect(sniffImage(await webp(picture(90, 30, { transparentLeft: true })))).toEqual({ format: 'webp', dimensions: { width: 90, height: 30 } });
  });

  it('knows formats it does not decode by their signature, and nothing else', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(sniffImage(bytes('GIF89a\x02\x00\x01\x00'))).toEqual({ format: 'gif', dimensions: { width: 2, height: 1 } });
    expect(sniffImage(bytes('\0\0\0\x1cftypavif'))).toEqual({ format: 'avif' });
    expect(sniffImage(bytes('<!doctype html>'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });

  it('sizes thumbnails at 100, 400 and 800 px, never wider than the image, the height in proportion', () => {
    expect(thumbnailSizes(1600, 900)).toEqual([
      { width: 100, height: 56 },
      { width: 400, height: 225 },
      { width: 800, height: 450 },
    ]);
    expect(thumbnailSizes(250, 1000)).toEqual([
      { width: 100, height: 400 },
      { width: 250, height: 1000 },
    ]);
    expect(thumbnailSizes(3000, 10)).toEqual([
      { width: 100, height: 1 },
      { width: 400, height: 1 },
      { width: 800, height: 3 },
    ]);
  });

  it('picks the allowed width nearest to the one asked for, the wider on a tie', () => {
    expect([1, 100, 249, 250, 251, 600, 601, 9999].map(nearestAllowedWidth)).toEqual([100, 100, 100, 400, 400, 800, 800, 800]);
  });
});
