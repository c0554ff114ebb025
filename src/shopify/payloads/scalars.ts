import { z } from 'zod';

/** A Shopify id as exact decimal text, whether the JSON carried a number or (above 2^53) text. */
export const shopifyId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/, 'expected a numeric id')])
  .transform((id) => String(id));

/** Money as exact decimal text. Shopify sends strings; a few fields arrive as JSON numbers. */
export const money = z
  .union([z.string(), z.number().finite()])
  .transform((amount) => String(amount))
  .pipe(z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount'));

/** ISO-8601 with the shop's UTC offset, e.g. 2025-04-02T11:38:15-05:00. */
export const timestamp = z.iso.datetime({ offset: true });

export const moneySet = z.object({
  shop_money: z.object({ amount: money, currency_code: z.string() }),
  presentment_money: z.object({ amount: money, currency_code: z.string() }).optional(),
});

/** Fields that apps without protected-customer-data approval receive as null, or not at all. */
export const withheld = <T extends z.ZodType>(schema: T) => schema.nullish();
