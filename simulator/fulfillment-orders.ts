/**
 * Fulfillment orders, as Shopify derives them from an order: here one per order, assigned to the
 * location that shipped it (or the shop's first), holding every line with what is left to ship,
 * and the order's fulfillments. They are views of the order, so they need no state of their own;
 * their ids are the order's and its lines' ids moved into a range of their own.
 */
import type { FulfillmentLine, Order } from './model';
import { refundedQuantities } from './order-lifecycle';

export type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED';

export interface FulfillmentOrderLine {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderView {
  id: string;
  orderId: string;
  status: FulfillmentOrderStatus;
  locationId: string;
  createdAt: number;
  updatedAt: number;
  lines: readonly FulfillmentOrderLine[];
}

const OFFSET = 1_000_000_000_000_000_000n;
const shifted = (id: string) => (BigInt(id) + OFFSET).toString();

export function fulfillmentOrderOf(order: Order, defaultLocationId: string): FulfillmentOrderView {
  const shipped = new Map<string, number>();
  for (const line of order.fulfillments.flatMap((f): readonly FulfillmentLine[] => f.lines))
    shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + line.quantity);
  const refunded = refundedQuantities(order);
  const lines = order.lineItems.map((line) => ({
    id: shifted(line.id),
    lineItemId: line.id,
    totalQuantity: line.quantity,
    remainingQuantity: Math.max(0, line.quantity - (shipped.get(line.id) ?? 0) - (refunded.get(line.id) ?? 0)),
  }));
  const open = lines.some((line) => line.remainingQuantity > 0);
  const status: FulfillmentOrderStatus = order.cancelledAt !== null ? 'CANCELLED' : !open ? 'CLOSED' : order.fulfillments.length > 0 ? 'IN_PROGRESS' : 'OPEN';
  return {
    id: shifted(order.id),
    orderId: order.id,
    status,
    locationId: order.fulfillments[0]?.locationId ?? defaultLocationId,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    lines,
  };
}

/** Closed and cancelled fulfillment orders are left out unless the query asks for them (`includeClosed`). */
export const isClosed = (fulfillmentOrder: FulfillmentOrderView) => fulfillmentOrder.status === 'CLOSED' || fulfillmentOrder.status === 'CANCELLED';
