import { describe, expect, it } from 'vitest';
import { lineHash } from '../../src/files/line-hash';
import { base64, md5 } from '../../src/lib/md5';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('md5', () => {
  it('gives the digests of the RFC 1321 test suite', () => {
    // RFC 1321, appendix A.5: lengths 0 to 80 bytes, across the padding's one- and two-block cases.
    expect(hex(md5(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(md5('a'))).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(hex(md5('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(hex(md5('abcdefghijklmnopqrstuvwxyz'))).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(hex(md5('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'))).toBe('d174ab98d277d9f5a5611c2c9f419d9f');
    expect(hex(md5('1234567890'.repeat(8)))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('hashes the UTF-8 bytes of a text, across the padding boundaries of 55, 56 and 64 bytes', () => {
    expect(hex(md5('é漢字🙂'))).toBe('66c576b1ebce31024129343b9d7fe395');
    expect(hex(md5('x'.repeat(55)))).toBe('04364420e25c512fd958a70738aa8f72');
    expect(hex(md5('x'.repeat(56)))).toBe('668a72d5ba17f08e62dabcafad6db14b');
    expect(hex(md5('x'.repeat(64)))).toBe('c1bb4f81d892b2d57947682aeb252456');
  });

  it('gives the same digest for a short text after a long one', () => {
    expect(hex(md5('x'.repeat(5000)))).not.toBe(hex(md5('abc')));
    expect(hex(md5('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
  });
});

describe('base64', () => {
  it('writes standard base64 with padding', () => {
    expect(base64(new Uint8Array([]))).toBe('');
    expect(base64(new Uint8Array([0xff]))).toBe('/w==');
    expect(base64(new Uint8Array([0xff, 0xfe]))).toBe('//4=');
    expect(base64(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
  });
});

describe('lineHash', () => {
  it('is the base64 of the line’s MD5, the form stored rows carry', () => {
    expect(lineHash('é漢字🙂')).toBe('ZsV2sevOMQJBKTQ7nX/jlQ==');
  });
});
