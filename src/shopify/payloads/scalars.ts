import { z } from 'zod';

/** The largest id the warehouse can hold: its id columns are `bigint`. Shopify's ids are far below it. */
export const MAX_ID = '9223372036854775807';

/** Decimal digits (leading zeros aside) no larger than MAX_ID, compared as text so that nothing is rounded. */
export function fitsBigint(digits: string): boolean {
  const significant = digits.replace(/^0+(?=\d)/, '');
  return significant.length < MAX_ID.length || (significant.length === MAX_ID.length && significant <= MAX_ID);
}

/**
 * A Shopify id as exact decimal text, whether the JSON carried a number or (above 2^53) text. An id
 * out of the warehouse's range is rejected here, with the delivery, rather than by the insert that
 * would fail for the whole batch it is in.
 */
export const shopifyId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a numeric id')])
  .transform((id) => String(id))
  .refine((id) => /^\d+$/.test(id) && fitsBigint(id), `expected a numeric id of at most ${MAX_ID} (ids are stored as bigint)`);

/** An exact decimal as text, as GraphQL's Decimal and REST's money strings are. */
export const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount');

/** Money as exact decimal text. Shopify sends strings; a few fields arrive as JSON numbers. */
export const money = z
  .union([z.string(), z.number().finite()])
  .transform((amount) => String(amount))
  .pipe(decimalText);

/** ISO-8601 with the shop's UTC offset, e.g. 2025-04-02T11:38:15-05:00. */
export const timestamp = z.iso.datetime({ offset: true });

export const moneySet = z.object({
  shop_money: z.object({ amount: money, currency_code: z.string() }),
  presentment_money: z.object({ amount: money, currency_code: z.string() }).optional(),
});

/** Fields that apps without protected-customer-data approval receive as null, or not at all. */
export const withheld = <T extends z.ZodType>(schema: T) => schema.nullish();
