/**
 * Checkouts. Every online store order was a checkout first, most completed within minutes, some
 * after the buyer had left it for hours or days; a third of online buyers also start another
 * checkout after their order and leave it. Both are made from the order (see derived-ids.ts).
 */
import { derivedId, derivedLine, fraction } from './derived-ids';
import type { Checkout, Order, ShopModel } from './model';
import { lineItemsGross } from './order-records';
import { DAY, HOUR, MINUTE, wholeSeconds } from './time';

export const CHECKOUT_CHANNEL = 'web';

/** Shopify counts a checkout abandoned once it stays incomplete for ten minutes after the buyer gave their contact details. */
export const ABANDONED_AFTER = 10 * MINUTE;

/** Whether Shopify lists the checkout among its abandoned checkouts at `at`: incomplete, or completed, ten minutes on. */
export function isAbandoned(checkout: Checkout, at: number): boolean {
  return (checkout.completedAt ?? at) - checkout.createdAt > ABANDONED_AFTER;
}

const linesOf = (order: Order, range: 'completed' | 'later', count = order.lineItems.length) =>
  order.lineItems.slice(0, count).map((line) => derivedLine(line, range));

/** The checkout an online store order completed: begun two to nine minutes before it, or (one in five) hours to two days before. */
export function completedCheckoutOf(order: Order): Checkout {
  const lingered = fraction('checkout-lingered', order.id) < 0.2;
  const began = fraction('checkout-began', order.id);
  const createdAt = wholeSeconds(order.createdAt - (lingered ? 15 * MINUTE + began * 2 * DAY : 2 * MINUTE + began * 7 * MINUTE));
  return {
    id: derivedId(order.id, 'completed'),
    email: order.email,
    customerId: order.customerId,
    presentmentCurrency: order.presentmentCurrency,
    createdAt,
    updatedAt: order.createdAt,
    completedAt: order.createdAt,
    discountCodes: order.discountCodes,
    lineItemsPrice: lineItemsGross(order),
    discounts: order.discounts,
    subtotal: order.subtotal,
    tax: order.tax,
    total: order.total,
    lines: linesOf(order, 'completed'),
  };
}

/** One online buyer in three comes back after their order, starts a checkout for some of the same goods and leaves it. */
export function abandonmentFollows(order: Order): boolean {
  return order.sourceName === CHECKOUT_CHANNEL && fraction('abandoned', order.id) < 1 / 3;
}

/** The checkout begun at `at.created` and left after its last change at `at.left`. */
export function abandonedCheckoutAfter(model: ShopModel, order: Order, at: { created: number; left: number }): Checkout {
  const lines = linesOf(order, 'later', Math.ceil(order.lineItems.length / 2));
  const gross = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const tax = Math.round(gross * model.taxRate);
  return {
    id: derivedId(order.id, 'later'),
    email: order.email,
    customerId: order.customerId,
    presentmentCurrency: order.presentmentCurrency,
    createdAt: at.created,
    updatedAt: at.left,
    completedAt: null,
    discountCodes: [],
    lineItemsPrice: gross,
    discounts: 0,
    subtotal: gross,
    tax,
    total: gross + tax,
    lines,
  };
}

/** When a generated order's buyer began the checkout they left (hours to six days after the order), and left it a few minutes on. */
export function abandonmentTimes(order: Order) {
  const created = wholeSeconds(order.createdAt + HOUR + fraction('abandoned-time', order.id) * 6 * DAY);
  return { created, left: wholeSeconds(created + MINUTE + fraction('abandoned-left', order.id) * 5 * MINUTE) };
}

export const units = (checkout: Checkout) => checkout.lines.reduce((sum, line) => sum + line.quantity, 0);

/** Every version a checkout went through, oldest first: begun, then completed or last changed before it was left. */
export function checkoutHistory(checkout: Checkout): Checkout[] {
  const begun: Checkout = { ...checkout, updatedAt: checkout.createdAt, completedAt: null };
  return checkout.updatedAt > checkout.createdAt ? [begun, checkout] : [begun];
}
