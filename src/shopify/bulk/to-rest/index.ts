/**
 * Bulk records (a parent line and its `__parentId` children) → the REST resources webhooks
 * carry, so that a resync goes through exactly the validation and mapping a webhook does and
 * both paths build the same warehouse rows. Timestamps move into the shop's time zone; enums
 * go to REST's lower case; ids drop their gid prefix. One module per entity.
 */
import type { ProductContent } from '../../../domain/product-content';
import type { JsonValue } from '../../../lib/exact-json';
import { inShopTime } from '../../../lib/local-time';
import type { MetafieldNode } from '../nodes';
import type { BulkEntity } from '../queries';
import { abandonedCheckoutResource } from './abandoned-checkouts';
import { collectionResources } from './collections';
import { customerResources } from './customers';
import { discountResource } from './discounts';
import { draftOrderResource } from './draft-orders';
import { fulfillmentOrderResources } from './fulfillment-orders';
import { inventoryItemResource } from './inventory-items';
import { locationResources } from './locations';
import { orderResources } from './orders';
import { productResources } from './products';
import { Invalid } from './record';
import type { RestResource } from './rest-fields';
import { returnResources } from './returns';

export type { RestResource } from './rest-fields';
export { shopToRest } from './shop';

export type BulkRecordResult =
  | { ok: true; resources: RestResource[]; metafields: (MetafieldNode & { productId: string })[]; contents?: ProductContent[] }
  | { ok: false; path: string; reason: string };

type Line = { createdAt?: unknown; discount?: { createdAt?: unknown } | null } | null;
const stated = (value: unknown) => (typeof value === 'string' ? value : null);
const ownCreatedAt = (parent: JsonValue) => stated((parent as Line)?.createdAt);

/**
 * Where a root line of each export states when its record was created (its `createdAt`, a
 * discount's inside its `discount`), or null when it does not. Collections and returns (an export
 * rooted at orders) select no creation time.
 */
export const CREATED_AT: Readonly<Partial<Record<BulkEntity, (parent: JsonValue) => string | null>>> = {
  orders: ownCreatedAt,
  products: ownCreatedAt,
  customers: ownCreatedAt,
  inventoryItems: ownCreatedAt,
  locations: ownCreatedAt,
  fulfillmentOrders: ownCreatedAt,
  draftOrders: ownCreatedAt,
  abandonedCheckouts: ownCreatedAt,
  discounts: (parent) => stated((parent as Line)?.discount?.createdAt),
};

/** One bulk record (parent line and children lines) as REST resources, or why it cannot be. */
export function bulkRecordToRest(entity: BulkEntity, parent: JsonValue, children: readonly JsonValue[], timeZone: string): BulkRecordResult {
  const time = (instant: string) => inShopTime(instant, timeZone);
  try {
    switch (entity) {
      case 'orders':
        return { ok: true, resources: orderResources(parent, children, time), metafields: [] };
      case 'products':
        return { ok: true, ...productResources(parent, children, time) };
      case 'collections':
        return { ok: true, resources: collectionResources(parent, children, time), metafields: [] };
      case 'customers':
        return { ok: true, resources: customerResources(parent, time), metafields: [] };
      case 'inventoryItems':
        return { ok: true, resources: [inventoryItemResource(parent, time)], metafields: [] };
      case 'locations':
        return { ok: true, resources: locationResources(parent, children, time), metafields: [] };
      case 'fulfillmentOrders':
        return { ok: true, resources: fulfillmentOrderResources(parent, children, time), metafields: [] };
      case 'draftOrders':
        return { ok: true, resources: [draftOrderResource(parent, children, time)], metafields: [] };
      case 'abandonedCheckouts':
        return { ok: true, resources: [abandonedCheckoutResource(parent, children, time)], metafields: [] };
      case 'returns':
        return { ok: true, resources: returnResources(parent, children, time), metafields: [] };
      case 'discounts':
        return { ok: true, resources: [discountResource(parent, children, time)], metafields: [] };
    }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, path: error.path, reason: error.message };
    throw error;
  }
}
