import type { JsonValue } from '../../../lib/exact-json';
import { inventoryLevelNode, legacyId, locationNode } from '../nodes';
import { childrenOf, parse } from './record';
import type { RestResource, ShopTime } from './rest-fields';

/** A location record: the location (locations/update) and its inventory levels. */
export function locationResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  const location = parse(locationNode, parent, '');
  const address = location.address;
  const resource: RestResource = {
    topic: 'locations/update',
    payload: {
      id: legacyId(location.id),
      name: location.name ?? null,
      address1: address?.address1 ?? null,
      address2: address?.address2 ?? null,
      city: address?.city ?? null,
      zip: address?.zip ?? null,
      province: address?.province ?? null,
      province_code: address?.provinceCode ?? null,
      country_code: address?.countryCode ?? null,
      active: location.isActive ?? null,
      created_at: location.createdAt ? time(location.createdAt) : null,
      updated_at: time(location.updatedAt),
    },
  };
  const levels = childrenOf(children, 'InventoryLevel', location.id).map((child, i) => {
    const level = parse(inventoryLevelNode, child, `inventoryLevels.${i}`);
    return {
      topic: 'inventory_levels/update',
      payload: {
        inventory_item_id: legacyId(level.item.id),
        location_id: legacyId(location.id),
        available: level.quantities.find((q) => q.name === 'available')?.quantity ?? null,
        updated_at: time(level.updatedAt),
      },
    };
  });
  return [resource, ...levels];
}
