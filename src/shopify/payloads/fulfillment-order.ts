import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/**
 * The REST FulfillmentOrder resource: a group of an order's lines to be fulfilled from one
 * location, with what is left to fulfill of each. No webhook carries it whole: resyncs export it.
 */
export const fulfillmentOrder = z.object({
  id: shopifyId,
  order_id: shopifyId,
  assigned_location_id: shopifyId.nullish(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  line_items: z.array(z.object({ id: shopifyId, line_item_id: shopifyId, quantity: z.number().int(), fulfillable_quantity: z.number().int() })).default([]),
});

const FULFILLMENT_ORDER_GID = /^gid:\/\/shopify\/FulfillmentOrder\/(\d{1,19})$/;

/** A fulfillment order as the fulfillment_orders/* topics name it: its gid and the status it is now in. */
const fulfillmentOrderState = z.object({
  id: z.string().regex(FULFILLMENT_ORDER_GID, 'expected a FulfillmentOrder gid'),
  status: z.string(),
  request_status: z.string().nullish(),
});

/**
 * The fulfillment_orders/* topics: an event (placed on hold, moved, split, cancelled, ...) naming
 * the fulfillment orders it touched, each with its new status, under topic-specific keys
 * (`fulfillment_order`, `original_fulfillment_order`, `moved_fulfillment_order`, ...).
 */
export const fulfillmentOrderEvent = z.record(z.string(), z.unknown()).transform((payload) => {
  const states: { id: string; status: string; request_status?: string | null }[] = [];
  // Two levels: `fulfillment_order_merges: { fulfillment_order: {...} }` nests one deeper than the rest.
  const visit = (value: unknown, depth: number) => {
    const state = fulfillmentOrderState.safeParse(value);
    if (state.success) states.push({ ...state.data, id: FULFILLMENT_ORDER_GID.exec(state.data.id)![1]! });
    else if (depth > 0 && value && typeof value === 'object' && !Array.isArray(value)) for (const inner of Object.values(value)) visit(inner, depth - 1);
  };
  for (const value of Object.values(payload)) visit(value, 1);
  return states;
});

export type FulfillmentOrder = z.infer<typeof fulfillmentOrder>;
export type FulfillmentOrderEvent = z.infer<typeof fulfillmentOrderEvent>;
