import { COLLECTION_PRODUCTS_RESOURCE } from '../../../domain/topics';
import type { JsonValue } from '../../../lib/exact-json';
import { collectionNode, collectionProductNode, legacyId } from '../nodes';
import { parse } from './record';
import type { RestResource, ShopTime } from './rest-fields';

/** A collection record: the collection (collections/update) and which products are in it, which no webhook says. */
export function collectionResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  const collection = parse(collectionNode, parent, '');
  const members = children
    .filter((child) => (child as { __parentId?: string }).__parentId === collection.id)
    .map((child, i) => legacyId(parse(collectionProductNode, child, `products.${i}`).ref));
  return [
    {
      topic: 'collections/update',
      payload: {
        id: legacyId(collection.id),
        handle: collection.handle ?? null,
        title: collection.title,
        sort_order: collection.sortOrder ? collection.sortOrder.toLowerCase().replaceAll('_', '-') : null,
        updated_at: time(collection.updatedAt),
        // Only smart collections have rules; their content does not reach the warehouse.
        ...(collection.ruleSet ? { rules: [] } : {}),
      },
    },
    { topic: COLLECTION_PRODUCTS_RESOURCE, payload: { collection_id: legacyId(collection.id), updated_at: time(collection.updatedAt), product_ids: members } },
  ];
}
