/**
 * Draft orders. Every order placed through the draft order channel was a draft first, completed
 * into it; some customers' orders are followed by a quote for the same goods, left open or
 * invoiced, never completed. Both are made from the order (see derived-ids.ts).
 */
import { derivedId, derivedLine, fraction } from './derived-ids';
import type { DraftDiscount, DraftOrder, DraftOrderLine, Order, ShopModel } from './model';
import { DAY, HOUR, MINUTE, wholeSeconds } from './time';

export const DRAFT_ORDER_CHANNEL = 'shopify_draft_order';

const linesOf = (order: Order, range: 'completed' | 'later', discount: (quantity: number, gross: number) => DraftDiscount | null): DraftOrderLine[] =>
  order.lineItems.map((line) => ({ ...derivedLine(line, range), discount: discount(line.quantity, line.price * line.quantity) }));

/** The draft an order of the draft order channel was completed from: drawn up hours to days before, invoiced or not. */
export function completedDraftOf(model: ShopModel, order: Order): DraftOrder {
  const createdAt = wholeSeconds(order.createdAt - HOUR - fraction('draft-created', order.id) * 3 * DAY);
  const invoiced = fraction('draft-invoiced', order.id) < 0.5;
  return {
    id: derivedId(order.id, 'completed'),
    number: model.nextDraftOrderNumber++,
    status: 'COMPLETED',
    email: order.email,
    customerId: order.customerId,
    createdAt,
    updatedAt: order.createdAt,
    invoiceSentAt: invoiced ? wholeSeconds(createdAt + (order.createdAt - createdAt) / 2) : null,
    completedAt: order.createdAt,
    orderId: order.id,
    // What the order's discounts took off, as the merchant's own discount on the draft.
    discount: order.discounts > 0 ? { title: 'Custom discount', valueType: 'FIXED_AMOUNT', value: order.discounts, amount: order.discounts } : null,
    subtotal: order.subtotal,
    tax: order.tax,
    total: order.total,
    lines: linesOf(order, 'completed', () => null),
  };
}

/** One customer order in twenty is followed by a quote for the same goods, or null. */
export function quoteFollows(order: Order): boolean {
  return order.customerId !== null && order.sourceName !== 'pos' && order.sourceName !== DRAFT_ORDER_CHANNEL && fraction('quote', order.id) < 0.05;
}

const percentOff = (title: string, percentage: number, gross: number): DraftDiscount => ({
  title,
  valueType: 'PERCENTAGE',
  value: percentage,
  amount: Math.round((gross * percentage) / 100),
});

/**
 * A quote for the goods of `order`, drawn up at `at.created`: 5 % off lines of several units,
 * sometimes 10 % off the whole, sent as an invoice at `at.invoiced` or left open.
 */
export function quoteAfter(model: ShopModel, order: Order, at: { created: number; invoiced: number }): DraftOrder {
  const lines = linesOf(order, 'later', (quantity, gross) => (quantity > 1 ? percentOff('Volume', 5, gross) : null));
  const net = lines.reduce((sum, line) => sum + line.price * line.quantity - (line.discount?.amount ?? 0), 0);
  const discount = fraction('quote-discount', order.id) < 0.3 ? percentOff('Repeat customer', 10, net) : null;
  const subtotal = net - (discount?.amount ?? 0);
  const tax = Math.round(subtotal * model.taxRate);
  const invoiceSentAt = fraction('quote-invoiced', order.id) < 0.6 ? at.invoiced : null;
  return {
    id: derivedId(order.id, 'later'),
    number: model.nextDraftOrderNumber++,
    status: invoiceSentAt === null ? 'OPEN' : 'INVOICE_SENT',
    email: order.email,
    customerId: order.customerId,
    createdAt: at.created,
    updatedAt: invoiceSentAt ?? at.created,
    invoiceSentAt,
    completedAt: null,
    orderId: null,
    discount,
    subtotal,
    tax,
    total: subtotal + tax,
    lines,
  };
}

/** When a generated order's quote was drawn up (a day or two after the order) and would be invoiced. */
export function quoteTimes(order: Order) {
  const created = wholeSeconds(order.createdAt + DAY + fraction('quote-time', order.id) * DAY);
  return { created, invoiced: created + 10 * MINUTE };
}

/** What a draft's own discount and its lines' took off. */
export const draftDiscounts = (draft: DraftOrder) => (draft.discount?.amount ?? 0) + draft.lines.reduce((sum, line) => sum + (line.discount?.amount ?? 0), 0);

/** Every version a draft went through, oldest first, ending with the draft as it is: drawn up, invoiced if it was, completed if it was. */
export function draftHistory(draft: DraftOrder): DraftOrder[] {
  const drawn: DraftOrder = { ...draft, status: 'OPEN', updatedAt: draft.createdAt, invoiceSentAt: null, completedAt: null, orderId: null };
  const versions = [drawn];
  if (draft.invoiceSentAt !== null) versions.push({ ...drawn, status: 'INVOICE_SENT', updatedAt: draft.invoiceSentAt, invoiceSentAt: draft.invoiceSentAt });
  if (draft.completedAt !== null) versions.push(draft);
  return versions;
}
