/** Orders for the partner API: lists with filters and keyset pagination, and one order in full. */
import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Warehouse } from '../db';
import { factFulfillment, factOrder, factOrderLine, factRefund, factRefundLine } from '../schema';
import { inShop, toPage, type ShopScope } from './scope';

export interface OrderFilters {
  updatedSince?: string;
  createdFrom?: string;
  createdTo?: string;
  financialStatus?: string;
  channel?: string;
  after?: string;
  limit: number;
}

const orderColumns = {
  id: factOrder.orderId,
  name: factOrder.name,
  orderNumber: factOrder.orderNumber,
  customerId: factOrder.customerId,
  currency: factOrder.currency,
  subtotalPrice: factOrder.subtotalPrice,
  totalDiscounts: factOrder.totalDiscounts,
  totalTax: factOrder.totalTax,
  totalShipping: factOrder.totalShipping,
  totalPrice: factOrder.totalPrice,
  financialStatus: factOrder.financialStatus,
  fulfillmentStatus: factOrder.fulfillmentStatus,
  channel: factOrder.sourceName,
  tags: factOrder.tags,
  test: factOrder.test,
  createdAt: factOrder.createdAt,
  updatedAt: factOrder.updatedAt,
  cancelledAt: factOrder.cancelledAt,
  deletedAt: factOrder.deletedAt,
};

export type OrderSummary = Awaited<ReturnType<typeof listOrders>>['data'][number];

export async function listOrders(db: Warehouse, scope: ShopScope, filters: OrderFilters) {
  const conditions: SQL[] = [inShop(scope, factOrder.shopId)];
  if (filters.updatedSince) conditions.push(gte(factOrder.updatedAt, filters.updatedSince));
  if (filters.createdFrom) conditions.push(gte(factOrder.createdAt, filters.createdFrom));
  if (filters.createdTo) conditions.push(lt(factOrder.createdAt, filters.createdTo));
  if (filters.financialStatus) conditions.push(eq(factOrder.financialStatus, filters.financialStatus));
  if (filters.channel) conditions.push(eq(factOrder.sourceName, filters.channel));
  // Keyset pagination on the order id: stable while rows are inserted or updated.
  if (filters.after) conditions.push(gt(factOrder.orderId, filters.after));
  const rows = await db
    .select(orderColumns)
    .from(factOrder)
    .where(and(...conditions))
    .orderBy(asc(factOrder.orderId))
    .limit(filters.limit + 1);
  return toPage(rows, filters.limit, (row) => [row.id]);
}

export async function getOrder(db: Warehouse, scope: ShopScope, orderId: string) {
  const [order] = await db
    .select(orderColumns)
    .from(factOrder)
    .where(and(inShop(scope, factOrder.shopId), eq(factOrder.orderId, orderId)));
  if (!order) return null;
  const ofOrder = (t: { shopId: PgColumn; orderId: PgColumn }) =>
    and(inShop(scope, t.shopId), eq(t.orderId, orderId));
  const [lines, refunds, refundLines, fulfillments] = await Promise.all([
    db
      .select({
        id: factOrderLine.lineItemId,
        productId: factOrderLine.productId,
        variantId: factOrderLine.variantId,
        sku: factOrderLine.sku,
        title: factOrderLine.title,
        variantTitle: factOrderLine.variantTitle,
        quantity: factOrderLine.quantity,
        price: factOrderLine.price,
        totalDiscount: factOrderLine.totalDiscount,
        grossAmount: factOrderLine.grossAmount,
      })
      .from(factOrderLine)
      .where(ofOrder(factOrderLine))
      .orderBy(asc(factOrderLine.lineItemId)),
    db
      .select({
        id: factRefund.refundId,
        refundedAmount: factRefund.refundedAmount,
        orderAdjustmentsAmount: factRefund.orderAdjustmentsAmount,
        note: factRefund.note,
        createdAt: factRefund.createdAt,
      })
      .from(factRefund)
      .where(ofOrder(factRefund))
      .orderBy(asc(factRefund.createdAt)),
    db
      .select({
        id: factRefundLine.refundLineItemId,
        refundId: factRefundLine.refundId,
        lineItemId: factRefundLine.lineItemId,
        quantity: factRefundLine.quantity,
        restockType: factRefundLine.restockType,
        subtotal: factRefundLine.subtotal,
        totalTax: factRefundLine.totalTax,
      })
      .from(factRefundLine)
      .where(ofOrder(factRefundLine)),
    db
      .select({
        id: factFulfillment.fulfillmentId,
        status: factFulfillment.status,
        shipmentStatus: factFulfillment.shipmentStatus,
        trackingCompany: factFulfillment.trackingCompany,
        trackingNumber: factFulfillment.trackingNumber,
        quantity: factFulfillment.quantity,
        createdAt: factFulfillment.createdAt,
        updatedAt: factFulfillment.updatedAt,
      })
      .from(factFulfillment)
      .where(ofOrder(factFulfillment))
      .orderBy(asc(factFulfillment.createdAt)),
  ]);
  return {
    ...order,
    lines,
    refunds: refunds.map((refund) => ({ ...refund, lines: refundLines.filter((l) => l.refundId === refund.id).map(({ refundId: _, ...l }) => l) })),
    fulfillments,
  };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>;
