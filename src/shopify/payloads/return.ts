import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/**
 * The returns/* topics (2026-01). None carries `updated_at`, and each carries a different part
 * of the return: request and approve its order, name and lines; decline its decline; cancel,
 * close and reopen only the order's id and the new status; update only line removals.
 */

/** A line of a return: the fulfilled order line going back (none for an unverified line), how many, and why. */
const returnLineItem = z.object({
  id: shopifyId,
  quantity: z.number().int(),
  fulfillment_line_item: z.object({ line_item: z.object({ id: shopifyId }).nullish() }).nullish(),
  return_reason: z.string().nullish(),
});

const orderRef = z.object({ id: shopifyId });

/** returns/request, returns/approve: the return, its order and its lines (the list may hold fewer than `total_return_line_items`). */
export const returnWithLines = z.object({
  id: shopifyId,
  status: z.string(),
  order: orderRef,
  name: z.string().nullish(),
  total_return_line_items: z.number().int().nullish(),
  return_line_items: z.array(returnLineItem).default([]),
});

/** returns/decline: the return, its order and why it was declined. */
export const returnDeclined = z.object({
  id: shopifyId,
  status: z.string(),
  order: orderRef,
  decline: z.object({ reason: z.string().nullish() }).nullish(),
});

/** returns/cancel, returns/close, returns/reopen: the new status of the return. */
export const returnStatusChange = z.object({ id: shopifyId, order_id: shopifyId, status: z.string() });

const RETURN_GID = /^gid:\/\/shopify\/Return\/(\d{1,19})$/;

/** returns/update: quantities removed from the return's lines, the return named by its gid alone. */
export const returnUpdate = z.object({
  admin_graphql_api_id: z.string().regex(RETURN_GID, 'expected a Return gid'),
  return_line_items: z.object({ removals: z.array(z.object({ admin_graphql_api_id: z.string(), delta: z.number().int() })).default([]) }).nullish(),
});

/**
 * The Return resource resyncs export (no webhook carries it whole): a returns/request payload with
 * every line, and the times, total and decline reason only the Admin API has.
 */
export const returnResource = returnWithLines.extend({
  total_return_line_items: z.number().int(),
  total_quantity: z.number().int(),
  created_at: timestamp,
  request_approved_at: timestamp.nullish(),
  closed_at: timestamp.nullish(),
  decline: z.object({ reason: z.string().nullish() }).nullish(),
});

export type ReturnLineItem = z.infer<typeof returnLineItem>;
export type ReturnWithLines = z.infer<typeof returnWithLines>;
export type ReturnDeclined = z.infer<typeof returnDeclined>;
export type ReturnStatusChange = z.infer<typeof returnStatusChange>;
export type ReturnUpdate = z.infer<typeof returnUpdate>;
export type ReturnResource = z.infer<typeof returnResource>;
