/**
 * MD5 (RFC 1321) in plain JavaScript, for hashing many short texts: workerd's `node:crypto` makes
 * a native hash object per call, which costs microseconds a line where this costs a fraction of
 * one. Not for security: it tells exact duplicates apart.
 */

// T[i] = floor(abs(sin(i + 1)) × 2^32), and each round's four rotations (RFC 1321, section 3.4).
const T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const ROTATIONS = Int32Array.of(7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21);

const encoder = new TextEncoder();
const words = new Int32Array(16);
let buffer = new Uint8Array(1024);

function block(state: Int32Array, bytes: Uint8Array, offset: number) {
  for (let i = 0, o = offset; i < 16; i++, o += 4) words[i] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const s = ROTATIONS[((i >> 4) << 2) | (i & 3)]!;
    const x = (a + f + T[i]! + words[g]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

/** The 16-byte MD5 digest of a text's UTF-8 bytes. */
export function md5(text: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; then room for the padding and the length.
  const room = text.length * 3 + 72;
  if (buffer.length < room) buffer = new Uint8Array(Math.max(room, buffer.length * 2));
  const length = encoder.encodeInto(text, buffer).written;
  const padded = (((length + 8) >> 6) + 1) << 6;
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, padded - 8);
  const low = (length * 8) >>> 0;
  const high = Math.floor(length / 2 ** 29);
  for (let i = 0; i < 4; i++) {
    buffer[padded - 8 + i] = (low >>> (i * 8)) & 0xff;
    buffer[padded - 4 + i] = (high >>> (i * 8)) & 0xff;
  }
  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  for (let offset = 0; offset < padded; offset += 64) block(state, buffer, offset);
  return new Uint8Array(state.buffer);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes as standard base64 with padding, as `Buffer#toString('base64')` writes them. */
export function base64(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    text += BASE64[n >> 18]! + BASE64[(n >> 12) & 63]! + BASE64[(n >> 6) & 63]! + BASE64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) text += `${BASE64[bytes[i]! >> 2]!}${BASE64[(bytes[i]! & 3) << 4]!}==`;
  else if (rest === 2) {
    const n = (bytes[i]! << 8) | bytes[i + 1]!;
    text += `${BASE64[n >> 10]!}${BASE64[(n >> 4) & 63]!}${BASE64[(n & 15) << 2]!}=`;
  }
  return text;
}
