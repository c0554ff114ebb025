import { FULFILLMENT_ORDER_RESOURCE } from '../../../domain/topics';
import type { JsonValue } from '../../../lib/exact-json';
import { type FulfillmentOrderNode, fulfillmentLineItemNode, fulfillmentNode, fulfillmentOrderLineItemNode, fulfillmentOrderNode, legacyId } from '../nodes';
import { childrenOf, parse } from './record';
import { idOf, lower, type RestResource, type ShopTime } from './rest-fields';

/** The fulfillments of a fulfillment order, as fulfillments/update carries them: their line items are the order lines shipped. */
function fulfillmentResources(fulfillmentOrder: FulfillmentOrderNode, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  return childrenOf(children, 'Fulfillment', fulfillmentOrder.id).map((child, f) => {
    const fulfillment = parse(fulfillmentNode, child, `fulfillments.${f}`);
    const items = childrenOf(children, 'FulfillmentLineItem', fulfillment.id).map((line, i) =>
      parse(fulfillmentLineItemNode, line, `fulfillments.${f}.fulfillmentLineItems.${i}`),
    );
    const tracking = fulfillment.trackingInfo[0];
    const shipment = fulfillment.displayStatus && fulfillment.displayStatus !== 'FULFILLED' ? fulfillment.displayStatus.toLowerCase() : null;
    return {
      topic: 'fulfillments/update',
      payload: {
        id: legacyId(fulfillment.id),
        order_id: legacyId(fulfillmentOrder.orderId),
        name: fulfillment.name ?? null,
        status: lower(fulfillment.status),
        shipment_status: shipment,
        service: fulfillment.service?.handle ?? null,
        location_id: idOf(fulfillment.location),
        tracking_company: tracking?.company ?? null,
        tracking_number: tracking?.number ?? null,
        created_at: time(fulfillment.createdAt),
        updated_at: time(fulfillment.updatedAt),
        line_items: items.map((item) => ({ id: idOf(item.lineItem) ?? legacyId(item.id), quantity: item.quantity })),
      },
    };
  });
}

/** A fulfillment order record: the REST FulfillmentOrder resource, and the fulfillments it shipped. */
export function fulfillmentOrderResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  const fulfillmentOrder = parse(fulfillmentOrderNode, parent, '');
  const lines = childrenOf(children, 'FulfillmentOrderLineItem', fulfillmentOrder.id).map((child, i) =>
    parse(fulfillmentOrderLineItemNode, child, `lineItems.${i}`),
  );
  return [
    {
      topic: FULFILLMENT_ORDER_RESOURCE,
      payload: {
        id: legacyId(fulfillmentOrder.id),
        order_id: legacyId(fulfillmentOrder.orderId),
        assigned_location_id: idOf(fulfillmentOrder.assignedLocation?.location),
        status: fulfillmentOrder.status.toLowerCase(),
        created_at: time(fulfillmentOrder.createdAt),
        updated_at: time(fulfillmentOrder.updatedAt),
        line_items: lines.map((line) => ({
          id: legacyId(line.id),
          line_item_id: legacyId(line.lineItem.id),
          quantity: line.totalQuantity,
          fulfillable_quantity: line.remainingQuantity,
        })),
      },
    },
    ...fulfillmentResources(fulfillmentOrder, children, time),
  ];
}
