/**
 * Ids for what a product CSV describes: the export carries no Shopify ids. Each is a SHA-256 of
 * what identifies the thing in the shop (its kind, the shop's domain, the product's handle and,
 * for a variant, its option values), cut to 62 bits and set in [2^62, 2^63): deterministic, so
 * uploading the products again updates the same rows, and above every id Shopify issues (Shopify's
 * ids are far below 2^62), so they never meet a real one. Renaming a handle makes a new product.
 */
import { createHash } from 'node:crypto';

const SYNTHETIC_FLOOR = 1n << 62n;

export function syntheticId(kind: 'product' | 'variant' | 'image' | 'metafield', shopDomain: string, handle: string, ...parts: readonly string[]): string {
  const digest = createHash('sha256')
    .update([kind, shopDomain, handle, ...parts].join('\u0000'))
    .digest('hex');
  return String(SYNTHETIC_FLOOR | (BigInt(`0x${digest.slice(0, 16)}`) & (SYNTHETIC_FLOOR - 1n)));
}
