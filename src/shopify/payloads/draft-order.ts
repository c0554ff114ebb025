import { z } from 'zod';
import { money, shopifyId, timestamp, withheld } from './scalars';

/** A merchant's discount on a draft order, or on one of its lines: `amount` is what it takes off. */
const appliedDiscount = z.object({
  amount: money.nullish(),
  title: z.string().nullish(),
  value_type: z.string().nullish(),
});

export const draftOrderLineItem = z.object({
  id: shopifyId,
  // Custom items have no product or variant.
  product_id: shopifyId.nullish(),
  variant_id: shopifyId.nullish(),
  sku: z.string().nullish(),
  title: z.string().nullish(),
  variant_title: z.string().nullish(),
  vendor: z.string().nullish(),
  quantity: z.number().int(),
  price: money,
  custom: z.boolean().nullish(),
  applied_discount: appliedDiscount.nullish(),
});

/**
 * The REST DraftOrder resource, as draft_orders/create and draft_orders/update deliver it. Its
 * embedded customer is read for its id and email only (Shopify's samples leave its timestamps null).
 */
export const draftOrder = z.object({
  id: shopifyId,
  name: z.string().nullish(),
  status: z.string().nullish(),
  email: withheld(z.string()),
  customer: z.object({ id: shopifyId.nullish(), email: withheld(z.string()) }).nullish(),
  currency: z.string().nullish(),
  subtotal_price: money.nullish(),
  total_tax: money.nullish(),
  total_price: money.nullish(),
  applied_discount: appliedDiscount.nullish(),
  /** The order the draft became, once completed. */
  order_id: shopifyId.nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  completed_at: timestamp.nullish(),
  invoice_sent_at: timestamp.nullish(),
  line_items: z.array(draftOrderLineItem).default([]),
});

export type DraftOrder = z.infer<typeof draftOrder>;
