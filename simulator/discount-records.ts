/**
 * The shop's discounts, made from what its orders apply (vocabulary.ts): a code discount for each
 * discount code, with that code as its one redeem code, and the automatic discount. Derived
 * without random draws, so that they change no other generated record.
 */
import type { Discount, DiscountType, ShopModel } from './model';
import { decimal } from './money';
import { HOUR } from './time';
import { AUTOMATIC_DISCOUNT, DISCOUNT_CODES } from './vocabulary';

const discountId = (index: number) => String(1_057_371_000n + BigInt(index) * 7_919n);
const codeId = (index: number) => String(22_140_000_000n + BigInt(index) * 7_919n);

const CODE_TYPES: Readonly<Record<(typeof DISCOUNT_CODES)[number]['type'], DiscountType>> = {
  percentage: 'DiscountCodeBasic',
  fixed_amount: 'DiscountCodeBasic',
  shipping: 'DiscountCodeFreeShipping',
};

function codeSummary(discount: (typeof DISCOUNT_CODES)[number], currency: string): string {
  if (discount.type === 'shipping') return 'Free shipping on all products';
  return discount.type === 'percentage' ? `${discount.value}% off entire order` : `${decimal(discount.value)} ${currency} off entire order`;
}

/** A code discount of `code`, the `index`-th discount of the shop. */
export function codeDiscount(index: number, code: (typeof DISCOUNT_CODES)[number], currency: string, at: number): Discount {
  return {
    id: discountId(index),
    method: 'code',
    type: CODE_TYPES[code.type],
    title: code.code,
    summary: codeSummary(code, currency),
    startsAt: at,
    endsAt: null,
    createdAt: at,
    updatedAt: at,
    codes: [{ id: codeId(index), code: code.code, createdAt: at }],
  };
}

/** The discounts a shop has from its start, one an hour apart from `since` (the shop's first discounts: `nextDiscount` is moved past them). */
export function makeDiscounts(model: ShopModel, since: number): Discount[] {
  const currency = model.info.currency;
  const codes = DISCOUNT_CODES.map((code, index) => codeDiscount(index, code, currency, since + index * HOUR));
  const at = since + codes.length * HOUR;
  const automatic: Discount = {
    id: discountId(codes.length),
    method: 'automatic',
    type: 'DiscountAutomaticBasic',
    title: AUTOMATIC_DISCOUNT.title,
    summary: `${AUTOMATIC_DISCOUNT.percentage}% off entire order • Minimum purchase of ${decimal(AUTOMATIC_DISCOUNT.minimum)} ${currency}`,
    startsAt: at,
    endsAt: null,
    createdAt: at,
    updatedAt: at,
    codes: [],
  };
  model.nextDiscount = codes.length + 1;
  return [...codes, automatic];
}
