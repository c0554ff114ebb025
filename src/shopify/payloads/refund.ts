import { z } from 'zod';
import { money, moneySet, shopifyId, timestamp } from './scalars';

/**
 * refunds/create. Line `subtotal` and `total_tax` arrive as JSON numbers; their `_set` twins as strings.
 * Refunded shipping is in `refund_shipping_lines` (API 2024-10 and later), which Shopify also states
 * as a `shipping_refund` order adjustment of the opposite sign: read once, never both (see refundRows).
 */
export const refund = z.object({
  id: shopifyId,
  order_id: shopifyId,
  created_at: timestamp,
  processed_at: timestamp.nullish(),
  note: z.string().nullish(),
  refund_line_items: z
    .array(
      z.object({
        id: shopifyId,
        line_item_id: shopifyId,
        quantity: z.number().int(),
        restock_type: z.string().nullish(),
        location_id: shopifyId.nullish(),
        subtotal: money.nullish(),
        total_tax: money.nullish(),
        subtotal_set: moneySet.nullish(),
        total_tax_set: moneySet.nullish(),
      }),
    )
    .default([]),
  transactions: z.array(z.object({ id: shopifyId, kind: z.string(), status: z.string().nullish(), amount: money, currency: z.string().nullish() })).default([]),
  order_adjustments: z.array(z.object({ id: shopifyId, amount: money, tax_amount: money.nullish(), kind: z.string().nullish() })).default([]),
  refund_shipping_lines: z.array(z.object({ subtotal_amount_set: moneySet, tax_amount_set: moneySet.nullish() })).optional(),
  total_duties_set: moneySet.nullish(),
  total_additional_fees_set: moneySet.nullish(),
});

export type Refund = z.infer<typeof refund>;
