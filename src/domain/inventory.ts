/** Inventory items and levels. Levels are keyed by (inventory item, location): they have no id. */
import type { InventoryItem, InventoryLevel, InventoryLevelDisconnect } from '../shopify/payloads/inventory';
import { type PayloadRows, rows, type Source } from './rows';

export function inventoryLevelRows(level: InventoryLevel, source: Source): PayloadRows {
  return rows({
    inventoryLevels: [
      {
        shopDomain: source.shopDomain,
        inventoryItemId: level.inventory_item_id,
        locationId: level.location_id,
        available: level.available ?? null,
        updatedAt: level.updated_at,
        disconnectedAt: null,
        rawKey: source.rawKey,
      },
    ],
    locationRefs: [{ shopDomain: source.shopDomain, locationId: level.location_id }],
  });
}

/** A disconnect carries no timestamp: it takes effect as of when Shopify triggered it. */
export function inventoryDisconnectRows(level: InventoryLevelDisconnect, source: Source): PayloadRows {
  return rows({
    inventoryDisconnects: [
      {
        shopDomain: source.shopDomain,
        inventoryItemId: level.inventory_item_id,
        locationId: level.location_id,
        disconnectedAt: source.eventAt,
        rawKey: source.rawKey,
      },
    ],
  });
}

export function inventoryItemRows(item: InventoryItem, source: Source): PayloadRows {
  return rows({
    inventoryItems: [
      {
        shopDomain: source.shopDomain,
        inventoryItemId: item.id,
        sku: item.sku || null,
        cost: item.cost ?? null,
        tracked: item.tracked ?? null,
        requiresShipping: item.requires_shipping ?? null,
        countryCodeOfOrigin: item.country_code_of_origin ?? null,
        createdAt: item.created_at ?? null,
        updatedAt: item.updated_at,
        rawKey: source.rawKey,
      },
    ],
  });
}
