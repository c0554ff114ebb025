import { z } from 'zod';
import { money, shopifyId, timestamp } from './scalars';

/** inventory_levels/update and /connect. Levels have no id of their own. */
export const inventoryLevel = z.object({
  inventory_item_id: shopifyId,
  location_id: shopifyId,
  available: z.number().int().nullish(),
  updated_at: timestamp,
});

/** inventory_levels/disconnect: only the pair, and no timestamp. */
export const inventoryLevelDisconnect = z.object({
  inventory_item_id: shopifyId,
  location_id: shopifyId,
});

export const inventoryItem = z.object({
  id: shopifyId,
  sku: z.string().nullish(),
  cost: money.nullish(),
  tracked: z.boolean().nullish(),
  requires_shipping: z.boolean().nullish(),
  country_code_of_origin: z.string().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp,
});

export type InventoryLevel = z.infer<typeof inventoryLevel>;
export type InventoryLevelDisconnect = z.infer<typeof inventoryLevelDisconnect>;
export type InventoryItem = z.infer<typeof inventoryItem>;
