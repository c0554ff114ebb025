/**
 * Shopify returns → the return, its lines and its status history. Return payloads carry no
 * `updated_at`: every row is versioned by when Shopify sent it (`Source.eventAt`, or a resync's
 * window end), and each topic states only what it carries; what it leaves out is null, and the
 * load keeps what an earlier or later observation said (see load-rows.ts).
 */
import type { ReturnDeclined, ReturnLineItem, ReturnResource, ReturnStatusChange, ReturnWithLines } from '../shopify/payloads/return';
import type { ReturnRow } from '../warehouse/rows';
import { type PayloadRows, rows, type Source } from './rows';
import type { PayloadNote } from './topics';

const lower = (value: string | null | undefined) => (value ? value.toLowerCase() : null);

type Observed = Pick<ReturnRow, 'name' | 'totalQuantity' | 'createdAt' | 'requestApprovedAt' | 'closedAt' | 'declineReason'>;

const UNSTATED: Observed = { name: null, totalQuantity: null, createdAt: null, requestApprovedAt: null, closedAt: null, declineReason: null };

function returnRow(id: string, orderId: string, status: string, observed: Partial<Observed>, source: Source): ReturnRow {
  return {
    shopDomain: source.shopDomain,
    returnId: id,
    orderId,
    status: status.toLowerCase(),
    ...UNSTATED,
    ...observed,
    observedAt: source.eventAt,
    rawKey: source.rawKey,
  };
}

function lineRows(returnId: string, orderId: string, lines: readonly ReturnLineItem[], source: Source) {
  return lines.map((line) => ({
    shopDomain: source.shopDomain,
    returnLineItemId: line.id,
    returnId,
    orderId,
    lineItemId: line.fulfillment_line_item?.line_item?.id ?? null,
    quantity: line.quantity,
    returnReason: lower(line.return_reason),
    observedAt: source.eventAt,
    rawKey: source.rawKey,
  }));
}

/** Whether a payload lists every line of its return: only then do its lines replace those stored, and add up to the total. */
const listsEveryLine = (payload: ReturnWithLines) =>
  payload.total_return_line_items != null && payload.return_line_items.length === payload.total_return_line_items;

const sumOf = (lines: readonly ReturnLineItem[]) => lines.reduce((sum, line) => sum + line.quantity, 0);

function eventRow(topic: string, id: string, orderId: string, status: string, source: Source) {
  return { shopDomain: source.shopDomain, returnId: id, topic, occurredAt: source.eventAt, orderId, status: status.toLowerCase(), rawKey: source.rawKey };
}

/** What a topic says of the time it happened: requested (created), approved, closed. */
const TIME_OF: Readonly<Record<string, keyof Observed>> = {
  'returns/request': 'createdAt',
  'returns/approve': 'requestApprovedAt',
  'returns/close': 'closedAt',
};

const timeOf = (topic: string, source: Source): Partial<Observed> => (Object.hasOwn(TIME_OF, topic) ? { [TIME_OF[topic]!]: source.eventAt } : {});

/** returns/request, returns/approve: the return with its name and lines (all of them, or some). */
export const returnWithLinesRows =
  (topic: string) =>
  (payload: ReturnWithLines, source: Source): PayloadRows => {
    const complete = listsEveryLine(payload);
    return rows({
      returns: [
        returnRow(
          payload.id,
          payload.order.id,
          payload.status,
          { name: payload.name ?? null, totalQuantity: complete ? sumOf(payload.return_line_items) : null, ...timeOf(topic, source) },
          source,
        ),
      ],
      returnLines: lineRows(payload.id, payload.order.id, payload.return_line_items, source),
      returnLineSets: complete ? [{ shopDomain: source.shopDomain, parentId: payload.id, observedAt: source.eventAt }] : [],
      returnEvents: [eventRow(topic, payload.id, payload.order.id, payload.status, source)],
    });
  };

export function returnLinesNotes(payload: ReturnWithLines): PayloadNote[] {
  if (listsEveryLine(payload)) return [];
  return [
    {
      path: 'return_line_items',
      reason: `${payload.return_line_items.length} of ${payload.total_return_line_items ?? 'an unstated number of'} lines listed: no line was removed and no total quantity recorded from it`,
    },
  ];
}

/** returns/decline: the return's new status and why. */
export const returnDeclinedRows = (payload: ReturnDeclined, source: Source): PayloadRows =>
  rows({
    returns: [returnRow(payload.id, payload.order.id, payload.status, { declineReason: lower(payload.decline?.reason) }, source)],
    returnEvents: [eventRow('returns/decline', payload.id, payload.order.id, payload.status, source)],
  });

/** returns/cancel, returns/close, returns/reopen: the return's new status (a reopened return is closed no more). */
export const returnStatusRows =
  (topic: string) =>
  (payload: ReturnStatusChange, source: Source): PayloadRows =>
    rows({
      returns: [returnRow(payload.id, payload.order_id, payload.status, timeOf(topic, source), source)],
      returnEvents: [eventRow(topic, payload.id, payload.order_id, payload.status, source)],
    });

/** The Return resource of a resync: everything about the return, every line included. */
export function returnResourceRows(payload: ReturnResource, source: Source): PayloadRows {
  return rows({
    returns: [
      returnRow(
        payload.id,
        payload.order.id,
        payload.status,
        {
          name: payload.name ?? null,
          totalQuantity: payload.total_quantity,
          createdAt: payload.created_at,
          requestApprovedAt: payload.request_approved_at ?? null,
          closedAt: payload.closed_at ?? null,
          declineReason: lower(payload.decline?.reason),
        },
        source,
      ),
    ],
    returnLines: lineRows(payload.id, payload.order.id, payload.return_line_items, source),
    returnLineSets: [{ shopDomain: source.shopDomain, parentId: payload.id, observedAt: source.eventAt }],
  });
}
