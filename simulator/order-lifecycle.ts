/**
 * What happens to an order after it is placed. Each step returns a new order (records are
 * immutable) with `updatedAt` moved to the step's time, as Shopify does for every one of them.
 */
import {
  allocated,
  type CancelReason,
  type Fulfillment,
  type FulfillmentDisplayStatus,
  type FulfillmentStatus,
  type Order,
  type Refund,
  type RefundLine,
  type RefundShippingLine,
  type RestockType,
  type ShopModel,
  type Transaction,
  type TransactionKind,
} from './model';
import { gatewayOf, orderName } from './order-records';
import type { Random } from './random';
import { CARRIERS } from './vocabulary';

const later = (order: Order, at: number) => Math.max(order.updatedAt, at);

/** The successful authorization, sale or capture the order's money came in by, which refunds and voids name as their parent. */
const paymentOf = (order: Order, kinds: readonly TransactionKind[]) => order.transactions.findLast((t) => kinds.includes(t.kind)) ?? null;

function transaction(order: Order, id: string, kind: TransactionKind, amount: number, parent: Transaction | null, at: number): Transaction {
  return { id, kind, status: 'SUCCESS', gateway: gatewayOf(order), amount, parentId: parent?.id ?? null, createdAt: at };
}

/** Takes the money: captures the authorization, or charges the customer when nothing was authorized. */
export function pay(model: ShopModel, order: Order, at: number): Order {
  const authorization = paymentOf(order, ['AUTHORIZATION']);
  const payment = transaction(order, model.ids.next('transaction'), authorization ? 'CAPTURE' : 'SALE', order.total, authorization, at);
  return { ...order, financialStatus: 'PAID', transactions: [...order.transactions, payment], updatedAt: later(order, at) };
}

export function addTag(order: Order, tag: string, at: number): Order {
  return { ...order, tags: order.tags.includes(tag) ? order.tags : [...order.tags, tag], updatedAt: later(order, at) };
}

function fulfilledQuantities(order: Order): Map<string, number> {
  const done = new Map<string, number>();
  for (const fulfillment of order.fulfillments) {
    for (const line of fulfillment.lines) done.set(line.lineItemId, (done.get(line.lineItemId) ?? 0) + line.quantity);
  }
  return done;
}

export function refundedQuantities(order: Order): Map<string, number> {
  const done = new Map<string, number>();
  for (const refund of order.refunds) {
    for (const line of refund.lines) done.set(line.lineItemId, (done.get(line.lineItemId) ?? 0) + line.quantity);
  }
  return done;
}

function fulfillmentStatusOf(order: Order, fulfillments: readonly Fulfillment[]): FulfillmentStatus {
  const done = fulfilledQuantities({ ...order, fulfillments });
  const refunded = refundedQuantities(order);
  let some = false;
  let all = true;
  for (const line of order.lineItems) {
    const fulfilled = done.get(line.id) ?? 0;
    if (fulfilled > 0) some = true;
    if (fulfilled < line.quantity - (refunded.get(line.id) ?? 0)) all = false;
  }
  return all && some ? 'FULFILLED' : some ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
}

export interface FulfillOptions {
  locationId: string;
  displayStatus: FulfillmentDisplayStatus;
  /** Ship only some of the open lines. */
  partial?: boolean;
  /** Counter sales carry no tracking. */
  tracked?: boolean;
}

/** Ships what is still open (or part of it). Returns the order unchanged when nothing is open. */
export function fulfill(model: ShopModel, rng: Random, order: Order, at: number, options: FulfillOptions): Order {
  const done = fulfilledQuantities(order);
  const refunded = refundedQuantities(order);
  let open = order.lineItems
    .map((line) => ({ line, quantity: line.quantity - (done.get(line.id) ?? 0) - (refunded.get(line.id) ?? 0) }))
    .filter((entry) => entry.quantity > 0);
  if (options.partial && open.length > 1) open = open.slice(0, Math.ceil(open.length / 2));
  if (open.length === 0) return order;
  const tracked = options.tracked ?? true;
  const fulfillment: Fulfillment = {
    id: model.ids.next('fulfillment'),
    name: `${orderName(order)}.${order.fulfillments.length + 1}`,
    status: 'SUCCESS',
    displayStatus: tracked ? options.displayStatus : 'FULFILLED',
    createdAt: at,
    updatedAt: at,
    locationId: options.locationId,
    trackingCompany: tracked ? rng.pick(CARRIERS) : null,
    trackingNumber: tracked ? `1Z${rng.hex(16).toUpperCase()}` : null,
    lines: open.map(({ line, quantity }) => ({ id: model.ids.next('fulfillmentLineItem'), lineItemId: line.id, quantity })),
  };
  const fulfillments = [...order.fulfillments, fulfillment];
  return { ...order, fulfillments, fulfillmentStatus: fulfillmentStatusOf(order, fulfillments), updatedAt: later(order, at) };
}

/** A carrier scan: the shipment moves on (IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED). */
export function advanceShipment(order: Order, fulfillmentId: string, displayStatus: FulfillmentDisplayStatus, at: number): Order {
  const fulfillments = order.fulfillments.map((fulfillment) =>
    fulfillment.id === fulfillmentId ? { ...fulfillment, displayStatus, updatedAt: Math.max(fulfillment.updatedAt, at) } : fulfillment,
  );
  return { ...order, fulfillments, updatedAt: later(order, at) };
}

export interface RefundOptions {
  /** Refund everything still refundable, shipping included (the order ends REFUNDED). */
  full?: boolean;
  restockType: RestockType;
  locationId: string | null;
  note: string | null;
}

export function refund(model: ShopModel, rng: Random, order: Order, at: number, options: RefundOptions): Order {
  const refunded = refundedQuantities(order);
  const refundable = order.lineItems.map((line) => ({ line, quantity: line.quantity - (refunded.get(line.id) ?? 0) })).filter((entry) => entry.quantity > 0);
  if (refundable.length === 0) return order;
  const chosen = options.full ? refundable : rng.sample(refundable, rng.between(1, Math.min(2, refundable.length)));
  const lines: RefundLine[] = chosen.map(({ line, quantity }) => {
    const count = options.full ? quantity : rng.between(1, quantity);
    const subtotal = Math.round(((line.price * line.quantity - allocated(line)) * count) / line.quantity);
    return {
      id: model.ids.next('refundLineItem'),
      lineItemId: line.id,
      quantity: count,
      restockType: options.restockType,
      locationId: options.restockType === 'NO_RESTOCK' ? null : options.locationId,
      subtotal,
      tax: Math.round(subtotal * model.taxRate),
    };
  });
  const shippingRefunded = new Set(order.refunds.flatMap((r) => r.shipping.map((s) => s.shippingLineId)));
  const shipping: RefundShippingLine[] = options.full
    ? order.shippingLines
        .filter((line) => !shippingRefunded.has(line.id))
        .map((line) => ({ line, charged: line.price - line.discountAllocations.reduce((sum, a) => sum + a.amount, 0) }))
        .filter(({ charged }) => charged > 0)
        .map(({ line, charged }) => ({ id: model.ids.next('refundShippingLine'), shippingLineId: line.id, subtotal: charged, tax: 0 }))
    : [];
  const alreadyRefunded = order.refunds.reduce((sum, r) => sum + r.amount, 0);
  const linesAmount = lines.reduce((sum, line) => sum + line.subtotal + line.tax, 0);
  const amount = options.full ? order.total - alreadyRefunded : Math.min(linesAmount, order.total - alreadyRefunded);
  const made: Refund = {
    id: model.ids.next('refund'),
    createdAt: at,
    processedAt: at,
    note: options.note,
    lines,
    shipping,
    amount,
    transactionId: model.ids.next('transaction'),
  };
  const refunds = [...order.refunds, made];
  model.refundOrders.set(made.id, order.id);
  const totalRefunded = alreadyRefunded + amount;
  const next: Order = {
    ...order,
    refunds,
    transactions: [...order.transactions, transaction(order, made.transactionId, 'REFUND', amount, paymentOf(order, ['SALE', 'CAPTURE']), at)],
    financialStatus: totalRefunded >= order.total ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    updatedAt: later(order, at),
  };
  return { ...next, fulfillmentStatus: next.fulfillments.length ? fulfillmentStatusOf(next, next.fulfillments) : next.fulfillmentStatus };
}

/** Cancels the order; money not captured is voided (a captured payment must be refunded first). */
export function cancel(model: ShopModel, order: Order, reason: CancelReason, at: number): Order {
  const voided = order.financialStatus === 'PENDING' || order.financialStatus === 'AUTHORIZED';
  const authorization = order.financialStatus === 'AUTHORIZED' ? paymentOf(order, ['AUTHORIZATION']) : null;
  return {
    ...order,
    transactions: authorization
      ? [...order.transactions, transaction(order, model.ids.next('transaction'), 'VOID', authorization.amount, authorization, at)]
      : order.transactions,
    cancelledAt: at,
    cancelReason: reason,
    closedAt: at,
    financialStatus: voided ? 'VOIDED' : order.financialStatus,
    updatedAt: later(order, at),
  };
}

export function close(order: Order, at: number): Order {
  return { ...order, closedAt: at, updatedAt: later(order, at) };
}
