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
  discountApplications: z.array(
    z.object({
      index: z.number().describe("The application's position in the order's discount_applications, which allocations refer to"),
      type: z.string().nullable().describe('discount_code, automatic, manual or script'),
      code: z.string().nullable(),
      title: z.string().nullable(),
      value: z.string().nullable().describe('Decimal: a percentage or an amount, per valueType'),
      valueType: z.string().nullable(),
      allocationMethod: z.string().nullable(),
      targetSelection: z.string().nullable(),
      targetType: z.string().nullable(),
      amount: money.describe('What the application took off in all: the sum of its allocations'),
    }),
  ),
  shippingLines: z.array(
    z.object({
      id,
      title: z.string().nullable(),
      code: z.string().nullable(),
      source: z.string().nullable(),
      price: money,
      totalDiscount: money.describe('The discounts allocated to the shipping line'),
    }),
  ),
  transactions: z.array(
    z.object({
      id,
      parentId: id.nullable(),
      kind: z.string().describe('authorization, sale, capture, refund, void, ...'),
      status: z.string().nullable(),
      gateway: z.string().nullable(),
      amount: money.describe("In the transaction's currency"),
      currency: z.string().nullable(),
      errorCode: z.string().nullable(),
      test: z.boolean(),
      createdAt: instant,
      processedAt: instant.nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id,
      refundedAmount: money,
      orderAdjustmentsAmount: money,
      note: z.string().nullable(),
      createdAt: instant,
      lines: z.array(
        z.object({ id, lineItemId: id, quantity: z.number(), restockType: z.string().nullable(), subtotal: money.nullable(), totalTax: money.nullable() }),
      ),
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
  returns: z.array(
    z.object({
      id,
      name: z.string().nullable(),
      status: z.string(),
      totalQuantity: z.number().nullable().describe('Known only once a payload listed every line'),
      createdAt: instant.nullable(),
      requestApprovedAt: instant.nullable(),
      closedAt: instant.nullable(),
      declineReason: z.string().nullable(),
      lines: z.array(z.object({ id, lineItemId: id.nullable().describe('Null for an unverified line'), quantity: z.number(), reason: z.string().nullable() })),
    }),
  ),
});
