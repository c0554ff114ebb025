/**
 * Orders for the partner API: lists with filters and keyset pagination, and one order in full
 * (lines, discount applications, shipping lines, transactions, refunds, fulfillments, returns).
 */
import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Warehouse } from '../db';
import {
  factFulfillment,
  factOrder,
  factOrderDiscount,
  factOrderLine,
  factOrderTransaction,
  factRefund,
  factRefundLine,
  factReturn,
  factReturnLine,
  factShippingLine,
} from '../schema';
import { inShop, type ShopScope, toPage } from './scope';

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
  const ofOrder = (t: { shopId: PgColumn; orderId: PgColumn }) => and(inShop(scope, t.shopId), eq(t.orderId, orderId));
  const [lines, discountApplications, shippingLines, transactions, refunds, refundLines, fulfillments, returns, returnLines] = await Promise.all([
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
        index: factOrderDiscount.applicationIndex,
        type: factOrderDiscount.type,
        code: factOrderDiscount.code,
        title: factOrderDiscount.title,
        value: factOrderDiscount.value,
        valueType: factOrderDiscount.valueType,
        allocationMethod: factOrderDiscount.allocationMethod,
        targetSelection: factOrderDiscount.targetSelection,
        targetType: factOrderDiscount.targetType,
        amount: factOrderDiscount.amount,
      })
      .from(factOrderDiscount)
      .where(ofOrder(factOrderDiscount))
      .orderBy(asc(factOrderDiscount.applicationIndex)),
    db
      .select({
        id: factShippingLine.shippingLineId,
        title: factShippingLine.title,
        code: factShippingLine.code,
        source: factShippingLine.source,
        price: factShippingLine.price,
        totalDiscount: factShippingLine.totalDiscount,
      })
      .from(factShippingLine)
      .where(ofOrder(factShippingLine))
      .orderBy(asc(factShippingLine.shippingLineId)),
    db
      .select({
        id: factOrderTransaction.transactionId,
        parentId: factOrderTransaction.parentId,
        kind: factOrderTransaction.kind,
        status: factOrderTransaction.status,
        gateway: factOrderTransaction.gateway,
        amount: factOrderTransaction.amount,
        currency: factOrderTransaction.currency,
        errorCode: factOrderTransaction.errorCode,
        test: factOrderTransaction.test,
        createdAt: factOrderTransaction.createdAt,
        processedAt: factOrderTransaction.processedAt,
      })
      .from(factOrderTransaction)
      .where(ofOrder(factOrderTransaction))
      .orderBy(asc(factOrderTransaction.createdAt), asc(factOrderTransaction.transactionId)),
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
    db
      .select({
        id: factReturn.returnId,
        name: factReturn.name,
        status: factReturn.status,
        totalQuantity: factReturn.totalQuantity,
        createdAt: factReturn.createdAt,
        requestApprovedAt: factReturn.requestApprovedAt,
        closedAt: factReturn.closedAt,
        declineReason: factReturn.declineReason,
      })
      .from(factReturn)
      .where(ofOrder(factReturn))
      // Not by created_at: a return known only from a status webhook has none yet.
      .orderBy(asc(factReturn.returnId)),
    db
      .select({
        id: factReturnLine.returnLineItemId,
        returnId: factReturnLine.returnId,
        lineItemId: factReturnLine.lineItemId,
        quantity: factReturnLine.quantity,
        reason: factReturnLine.returnReason,
      })
      .from(factReturnLine)
      .where(ofOrder(factReturnLine))
      .orderBy(asc(factReturnLine.returnLineItemId)),
  ]);
  return {
    ...order,
    lines,
    discountApplications,
    shippingLines,
    transactions,
    refunds: withLines(refunds, refundLines, 'refundId'),
    fulfillments,
    returns: withLines(returns, returnLines, 'returnId'),
  };
}

/** Each parent with its lines: those whose `parentKey` is its id, without that key. */
function withLines<P extends { id: string }, K extends string, L extends Record<K, string>>(parents: P[], lines: L[], parentKey: K) {
  return parents.map((parent) => ({ ...parent, lines: lines.filter((l) => l[parentKey] === parent.id).map(({ [parentKey]: _, ...line }) => line) }));
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrder>>>;
