/** An inventory item record (inventory_items/update): its SKU, cost and shipping facts. */
import type { JsonValue } from '../../../lib/exact-json';
import { inventoryItemNode, legacyId } from '../nodes';
import { parse } from './record';
import type { RestResource, ShopTime } from './rest-fields';

export function inventoryItemResource(parent: JsonValue, time: ShopTime): RestResource {
  const item = parse(inventoryItemNode, parent, '');
  return {
    topic: 'inventory_items/update',
    payload: {
      id: legacyId(item.id),
      sku: item.sku ?? null,
      cost: item.unitCost?.amount ?? null,
      tracked: item.tracked ?? null,
      requires_shipping: item.requiresShipping ?? null,
      country_code_of_origin: item.countryCodeOfOrigin ?? null,
      created_at: item.createdAt ? time(item.createdAt) : null,
      updated_at: time(item.updatedAt),
    },
  };
}
