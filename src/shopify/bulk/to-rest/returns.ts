import { RETURN_RESOURCE } from '../../../domain/topics';
import type { JsonValue } from '../../../lib/exact-json';
import { legacyId, orderRefNode, returnLineItemNode, returnNode } from '../nodes';
import { childrenOf, parse } from './record';
import { lower, type RestResource, type ShopTime } from './rest-fields';

/** An order's returns (the returns export), each as the Return resource with every line, in the shape returns/request carries. */
export function returnResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  const order = parse(orderRefNode, parent, '');
  return childrenOf(children, 'Return', order.id).map((child, r) => {
    const node = parse(returnNode, child, `returns.${r}`);
    const lines = [...childrenOf(children, 'ReturnLineItem', node.id), ...childrenOf(children, 'UnverifiedReturnLineItem', node.id)].map((line, i) =>
      parse(returnLineItemNode, line, `returns.${r}.returnLineItems.${i}`),
    );
    return {
      topic: RETURN_RESOURCE,
      payload: {
        id: legacyId(node.id),
        admin_graphql_api_id: node.id,
        status: node.status.toLowerCase(),
        order: { id: legacyId(order.id), admin_graphql_api_id: order.id },
        name: node.name ?? null,
        total_return_line_items: lines.length,
        return_line_items: lines.map((line) => ({
          id: legacyId(line.id),
          admin_graphql_api_id: line.id,
          fulfillment_line_item: line.fulfillmentLineItem
            ? { line_item: line.fulfillmentLineItem.lineItem ? { id: legacyId(line.fulfillmentLineItem.lineItem.id) } : null }
            : null,
          quantity: line.quantity,
          return_reason: lower(line.returnReason),
        })),
        total_quantity: node.totalQuantity,
        created_at: time(node.createdAt),
        request_approved_at: node.requestApprovedAt ? time(node.requestApprovedAt) : null,
        closed_at: node.closedAt ? time(node.closedAt) : null,
        decline: node.decline ? { reason: lower(node.decline.reason) } : null,
      },
    };
  });
}
