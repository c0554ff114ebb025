/** Fulfillment orders (exported by resyncs) and the fulfillment_orders/* events (delivered by webhooks). */
import type { FulfillmentOrder, FulfillmentOrderEvent } from '../shopify/payloads/fulfillment-order';
import { type PayloadRows, rows, type Source } from './rows';

export function fulfillmentOrderRows(fulfillmentOrder: FulfillmentOrder, source: Source): PayloadRows {
  const version = { shopDomain: source.shopDomain, fulfillmentOrderId: fulfillmentOrder.id, orderId: fulfillmentOrder.order_id, rawKey: source.rawKey };
  return rows({
    fulfillmentOrders: [
      {
        ...version,
        assignedLocationId: fulfillmentOrder.assigned_location_id ?? null,
        status: fulfillmentOrder.status,
        createdAt: fulfillmentOrder.created_at,
        updatedAt: fulfillmentOrder.updated_at,
      },
    ],
    fulfillmentOrderLines: fulfillmentOrder.line_items.map((line) => ({
      ...version,
      fulfillmentOrderLineItemId: line.id,
      lineItemId: line.line_item_id,
      quantity: line.quantity,
      fulfillableQuantity: line.fulfillable_quantity,
      fulfillmentOrderUpdatedAt: fulfillmentOrder.updated_at,
    })),
    locationRefs: fulfillmentOrder.assigned_location_id ? [{ shopDomain: source.shopDomain, locationId: fulfillmentOrder.assigned_location_id }] : [],
  });
}

/** Each fulfillment order an event names, in the status it put it in, as of when Shopify sent it. */
export const fulfillmentOrderEventRows =
  (topic: string) =>
  (states: FulfillmentOrderEvent, source: Source): PayloadRows =>
    rows({
      fulfillmentOrderEvents: states.map((state) => ({
        shopDomain: source.shopDomain,
        fulfillmentOrderId: state.id,
        topic,
        status: state.status,
        requestStatus: state.request_status ?? null,
        occurredAt: source.eventAt,
        rawKey: source.rawKey,
      })),
    });
