/**
 * Returns of fulfilled orders, derived from the order alone (no random draws, so that they change
 * no other generated record). One order in six that shipped and was not refunded or cancelled
 * gets a return of its first shipment, requested two days after the shipment's last update; by
 * the order's id it is then approved and closed, approved, declined, or left requested. Steps
 * that would fall after the end of the history have not happened yet. A return's changes are
 * changes of its order (its return status), which Shopify stamps with a new `updatedAt`.
 */
import type { Order, Return, ReturnReason } from './model';
import { orderName } from './order-records';
import { DAY } from './time';

// Return ids are the order's, and a return line's its fulfillment line's, moved into a range of their own.
const OFFSET = 2_000_000_000_000_000_000n;
const shifted = (id: string) => (BigInt(id) + OFFSET).toString();

const REASONS: readonly ReturnReason[] = [
  'SIZE_TOO_SMALL',
  'SIZE_TOO_LARGE',
  'UNWANTED',
  'DEFECTIVE',
  'NOT_AS_DESCRIBED',
  'WRONG_ITEM',
  'STYLE',
  'COLOR',
  'OTHER',
];
const OUTCOMES = ['CLOSED', 'OPEN', 'DECLINED', 'REQUESTED'] as const;

export const RETURN_WINDOW_NOTE = 'The 30-day return window has ended.';

export function withReturns(order: Order, until: number): Order {
  const shipment = order.fulfillments[0];
  const key = BigInt(order.id);
  if (!shipment || order.cancelledAt !== null || order.refunds.length > 0 || key % 6n !== 0n) return order;
  const requestedAt = shipment.updatedAt + 2 * DAY;
  if (requestedAt > until) return order;
  const outcome = OUTCOMES[Number((key / 6n) % 4n)]!;
  const reason = REASONS[Number((key / 24n) % BigInt(REASONS.length))]!;
  const decidedAt = requestedAt + DAY <= until ? requestedAt + DAY : null;
  const approvedAt = outcome === 'CLOSED' || outcome === 'OPEN' ? decidedAt : null;
  const declinedAt = outcome === 'DECLINED' ? decidedAt : null;
  const closedAt = outcome === 'CLOSED' && approvedAt !== null && approvedAt + 4 * DAY <= until ? approvedAt + 4 * DAY : null;
  const made: Return = {
    id: shifted(order.id),
    name: `${orderName(order)}-R1`,
    status: closedAt !== null ? 'CLOSED' : declinedAt !== null ? 'DECLINED' : approvedAt !== null ? 'OPEN' : 'REQUESTED',
    requestedAt,
    approvedAt,
    declinedAt,
    decline: declinedAt === null ? null : { reason: 'RETURN_PERIOD_ENDED', note: RETURN_WINDOW_NOTE },
    closedAt,
    // A closed return took back two lines of the shipment where it had two; the others one.
    lines: shipment.lines.slice(0, outcome === 'CLOSED' ? 2 : 1).map((line) => ({
      id: shifted(line.id),
      fulfillmentLineId: line.id,
      lineItemId: line.lineItemId,
      quantity: line.quantity,
      reason,
    })),
  };
  return { ...order, returns: [made], updatedAt: Math.max(order.updatedAt, closedAt ?? declinedAt ?? approvedAt ?? requestedAt) };
}
