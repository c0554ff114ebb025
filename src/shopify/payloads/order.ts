import { z } from 'zod';
import { customer } from './customer';
import { money, moneySet, shopifyId, timestamp, withheld } from './scalars';

export const lineItem = z.object({
  id: shopifyId,
  // Custom items and lines of deleted products have no product or variant.
  product_id: shopifyId.nullish(),
  variant_id: shopifyId.nullish(),
  sku: z.string().nullish(),
  title: z.string(),
  variant_title: z.string().nullish(),
  vendor: z.string().nullish(),
  quantity: z.number().int(),
  price: money,
  total_discount: money.default('0'),
});

/** The REST Order resource, as delivered by orders/create, orders/updated, orders/paid, ... */
export const order = z.object({
  id: shopifyId,
  admin_graphql_api_id: z.string().nullish(),
  name: z.string().nullish(),
  order_number: z.number().int().nullish(),
  email: withheld(z.string()),
  customer: customer.nullish(),
  currency: z.string().length(3),
  presentment_currency: z.string().nullish(),
  subtotal_price: money.nullish(),
  total_line_items_price: money.nullish(),
  total_discounts: money.nullish(),
  total_tax: money.nullish(),
  total_shipping_price_set: moneySet.nullish(),
  total_price: money,
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  source_name: z.string().nullish(),
  tags: z.string().nullish(),
  test: z.boolean().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  processed_at: timestamp.nullish(),
  cancelled_at: timestamp.nullish(),
  cancel_reason: z.string().nullish(),
  closed_at: timestamp.nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  line_items: z.array(lineItem),
});

export type Order = z.infer<typeof order>;
export type OrderLineItem = z.infer<typeof lineItem>;
