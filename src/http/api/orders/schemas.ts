import { z } from 'zod';

const id = z.string().describe('Shopify id as a decimal string (ids exceed 2^53)');
const money = z.string().describe('Decimal amount, exact');
const instant = z.string().describe('ISO 8601 timestamp');

export const orderSummary = z.object({
  id,
  name: z.string().nullable(),
  orderNumber: z.number().nullable(),
  customerId: id.nullable(),
  currency: z.string(),
  subtotalPrice: money.nullable(),
  totalDiscounts: money.nullable(),
  totalTax: money.nullable(),
  totalShipping: money.nullable(),
  totalPrice: money,
  financialStatus: z.string().nullable(),
  fulfillmentStatus: z.string().nullable(),
  channel: z.string().nullable(),
  tags: z.string().nullable(),
  test: z.boolean(),
  createdAt: instant,
  updatedAt: instant,
  cancelledAt: instant.nullable(),
  deletedAt: instant.nullable(),
});

export const orderDetail = orderSummary.extend({
  lines: z.array(
    z.object({
      id,
      productId: id.nullable(),
      variantId: id.nullable(),
      sku: z.string().nullable(),
      title: z.string().nullable(),
      variantTitle: z.string().nullable(),
      quantity: z.number(),
      price: money,
      totalDiscount: money,
      grossAmount: money.nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id,
      refundedAmount: money,
      orderAdjustmentsAmount: money,
      note: z.string().nullable(),
      createdAt: instant,
      lines: z.array(z.object({ id, lineItemId: id, quantity: z.number(), restockType: z.string().nullable(), subtotal: money.nullable(), totalTax: money.nullable() })),
    }),
  ),
  fulfillments: z.array(
    z.object({
      id,
      status: z.string().nullable(),
      shipmentStatus: z.string().nullable(),
      trackingCompany: z.string().nullable(),
      trackingNumber: z.string().nullable(),
      quantity: z.number(),
      createdAt: instant,
      updatedAt: instant,
    }),
  ),
});
