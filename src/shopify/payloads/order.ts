import { z } from 'zod';
import { customer } from './customer';
import { money, moneySet, shopifyId, timestamp, withheld } from './scalars';

/**
 * The customer as an order carries it. Shopify's documented order samples leave its timestamps
 * null, so here `updated_at` may be missing: such a snapshot cannot be placed among the
 * customer's versions, and the order loads without it (see `orderRows`).
 */
export const orderCustomer = customer.extend({ updated_at: timestamp.nullish() });

/** What one discount application took off one line or shipping line, in the shop's currency. */
export const discountAllocation = z.object({
  amount: money,
  /** The position of the application in the order's `discount_applications`. */
  discount_application_index: z.number().int().nonnegative(),
});

/**
 * Why an order is discounted: a code, an automatic discount, a manual or a script discount, with
 * its value (a percentage or an amount) and how it was spread. The amounts themselves are in the
 * lines' and shipping lines' `discount_allocations`.
 */
export const discountApplication = z.object({
  type: z.string().nullish(),
  code: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  value: money.nullish(),
  value_type: z.string().nullish(),
  allocation_method: z.string().nullish(),
  target_selection: z.string().nullish(),
  target_type: z.string().nullish(),
});

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
  // Commonly "0.00" on discounted lines: the discount is in discount_allocations.
  total_discount: money.default('0'),
  discount_allocations: z.array(discountAllocation).default([]),
  /** Gift cards sold are a liability, not a sale: Shopify's sales reports leave their lines out. */
  gift_card: z.boolean().nullish(),
});

export const shippingLine = z.object({
  id: shopifyId,
  title: z.string().nullish(),
  code: z.string().nullish(),
  source: z.string().nullish(),
  price: money,
  discount_allocations: z.array(discountAllocation).default([]),
});

/** The REST Order resource, as delivered by orders/create, orders/updated, orders/paid, ... */
export const order = z.object({
  id: shopifyId,
  admin_graphql_api_id: z.string().nullish(),
  name: z.string().nullish(),
  order_number: z.number().int().nullish(),
  email: withheld(z.string()),
  customer: orderCustomer.nullish(),
  currency: z.string().length(3),
  presentment_currency: z.string().nullish(),
  subtotal_price: money.nullish(),
  total_line_items_price: money.nullish(),
  total_discounts: money.nullish(),
  total_tax: money.nullish(),
  total_shipping_price_set: moneySet.nullish(),
  /** Import duties and additional fees (both where Shopify collects them at checkout), as first charged. */
  original_total_duties_set: moneySet.nullish(),
  original_total_additional_fees_set: moneySet.nullish(),
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
  discount_applications: z.array(discountApplication).default([]),
  line_items: z.array(lineItem),
  shipping_lines: z.array(shippingLine).default([]),
});

export type Order = z.infer<typeof order>;
export type OrderLineItem = z.infer<typeof lineItem>;
export type DiscountAllocation = z.infer<typeof discountAllocation>;
