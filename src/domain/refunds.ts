/** Refunds and fulfillments: the money and goods that move after an order. */
import type { Fulfillment } from '../shopify/payloads/fulfillment';
import type { Refund } from '../shopify/payloads/refund';
import { sumDecimals, timesWhole } from './money';
import { dateKey, type PayloadRows, rows, type Source } from './rows';

/**
 * Shipping refunded, and its tax: from `refund_shipping_lines`, or, in payloads older than those
 * lines, from the `shipping_refund` adjustments (stated negative). Null when the payload says
 * neither: unknown, so a stored figure is kept (see load-rows.ts).
 */
function shippingRefunded(refund: Refund): { amount: string | null; tax: string | null } {
  if (refund.refund_shipping_lines) {
    return {
      amount: sumDecimals(refund.refund_shipping_lines.map((line) => line.subtotal_amount_set.shop_money.amount)),
      tax: sumDecimals(refund.refund_shipping_lines.map((line) => line.tax_amount_set?.shop_money.amount ?? '0')),
    };
  }
  const adjustments = refund.order_adjustments.filter((a) => a.kind === 'shipping_refund');
  if (adjustments.length === 0) return { amount: null, tax: null };
  return {
    amount: timesWhole(sumDecimals(adjustments.map((a) => a.amount)), -1),
    tax: timesWhole(sumDecimals(adjustments.map((a) => a.tax_amount ?? '0')), -1),
  };
}

export function refundRows(refund: Refund, source: Source): PayloadRows {
  const shipping = shippingRefunded(refund);
  const refunded = refund.transactions.filter((t) => t.kind === 'refund' && (t.status ?? 'success') === 'success');
  return rows({
    refunds: [
      {
        shopDomain: source.shopDomain,
        refundId: refund.id,
        orderId: refund.order_id,
        note: refund.note || null,
        refundedAmount: sumDecimals(refunded.map((t) => t.amount)),
        currency: refunded.find((t) => t.currency)?.currency ?? null,
        orderAdjustmentsAmount: sumDecimals(refund.order_adjustments.map((a) => a.amount)),
        shippingRefunded: shipping.amount,
        shippingTaxRefunded: shipping.tax,
        dutiesRefunded: refund.total_duties_set?.shop_money.amount ?? null,
        additionalFeesRefunded: refund.total_additional_fees_set?.shop_money.amount ?? null,
        createdAt: refund.created_at,
        createdDateKey: dateKey(refund.created_at),
        processedAt: refund.processed_at ?? null,
        processedDateKey: dateKey(refund.processed_at ?? refund.created_at),
        rawKey: source.rawKey,
      },
    ],
    refundLines: refund.refund_line_items.map((line) => ({
      shopDomain: source.shopDomain,
      refundLineItemId: line.id,
      refundId: refund.id,
      orderId: refund.order_id,
      lineItemId: line.line_item_id,
      quantity: line.quantity,
      restockType: line.restock_type ?? null,
      locationId: line.location_id ?? null,
      // The *_set amounts are decimal strings; the bare fields are JSON numbers.
      subtotal: line.subtotal_set?.shop_money.amount ?? line.subtotal ?? null,
      totalTax: line.total_tax_set?.shop_money.amount ?? line.total_tax ?? null,
      refundCreatedAt: refund.created_at,
      refundDateKey: dateKey(refund.created_at),
      rawKey: source.rawKey,
    })),
  });
}

export function fulfillmentRows(fulfillment: Fulfillment, source: Source): PayloadRows {
  return rows({
    fulfillments: [
      {
        shopDomain: source.shopDomain,
        fulfillmentId: fulfillment.id,
        orderId: fulfillment.order_id,
        name: fulfillment.name ?? null,
        status: fulfillment.status ?? null,
        shipmentStatus: fulfillment.shipment_status ?? null,
        service: fulfillment.service ?? null,
        locationId: fulfillment.location_id ?? null,
        trackingCompany: fulfillment.tracking_company ?? null,
        trackingNumber: fulfillment.tracking_number ?? null,
        lineCount: fulfillment.line_items.length,
        quantity: fulfillment.line_items.reduce((sum, line) => sum + line.quantity, 0),
        createdAt: fulfillment.created_at,
        updatedAt: fulfillment.updated_at,
        rawKey: source.rawKey,
      },
    ],
    locationRefs: fulfillment.location_id ? [{ shopDomain: source.shopDomain, locationId: fulfillment.location_id }] : [],
  });
}
