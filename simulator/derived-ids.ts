/**
 * Records made from an order (its draft order, its checkout, a later quote or abandoned checkout)
 * take their ids and their choices from the order's own ids, never from the shop's random stream:
 * drawing from it would move every id generated after them.
 */
import type { LineGoods } from './model';
import { seedFrom } from './random';

/** Where each derived kind's ids start above the order's (or its line's) own id: ranges apart, so derived ids never meet. */
export const DERIVED = { completed: 2_000_000_000_000_000_000n, later: 3_000_000_000_000_000_000n } as const;

export const derivedId = (id: string, range: keyof typeof DERIVED) => (BigInt(id) + DERIVED[range]).toString();

/** A line made from an order's line: the same goods, under an id of the derived kind. */
export const derivedLine = (line: LineGoods, range: keyof typeof DERIVED): LineGoods => ({
  id: derivedId(line.id, range),
  productId: line.productId,
  variantId: line.variantId,
  sku: line.sku,
  title: line.title,
  variantTitle: line.variantTitle,
  vendor: line.vendor,
  quantity: line.quantity,
  price: line.price,
});

/** A fraction in [0, 1) fixed by the record and what it decides. */
export const fraction = (decision: string, id: string) => seedFrom(decision, id) / 2 ** 32;

/** Hex digits fixed by the record and what they are for (tokens, keys). */
export function derivedHex(purpose: string, id: string, length: number): string {
  let hex = '';
  for (let i = 0; hex.length < length; i++) hex += seedFrom(purpose, id, i).toString(16).padStart(8, '0');
  return hex.slice(0, length);
}
