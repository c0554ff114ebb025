/**
 * Asking for a resync. At most one is active per shop: a request while one runs returns that
 * one (a unique index enforces it, so concurrent requests cannot both start). An incremental
 * resync covers `updated_at` from the oldest entity cursor less an overlap (clocks and Shopify's
 * indexing lag) up to now; a shop that has never completed a full resync gets a full one.
 */

import { newId } from '../lib/ids';
import { BULK_ENTITIES } from '../shopify/bulk/queries';
import type { Warehouse } from '../warehouse/db';
import { activeResync, cursorsOf, insertResync, type Resync, type ResyncKind } from '../warehouse/resyncs';

const INCREMENTAL_OVERLAP_MS = 10 * 60 * 1000;

/** The oldest entity cursor of a shop, when every entity has one (else a full resync is due). */
async function loadedThrough(db: Warehouse, shopId: number): Promise<Date | undefined> {
  const row = await cursorsOf(db, shopId);
  return row?.oldest && row.entities >= BULK_ENTITIES.length ? new Date(row.oldest) : undefined;
}

export interface ResyncRequest {
  shopId: number;
  kind: ResyncKind;
  requestedBy: 'schedule' | 'api' | 'cli' | 'install';
  now?: Date;
}

/** The active resync of the shop if there is one (`created: false`), else a new one in `requested`. */
export async function requestResync(db: Warehouse, request: ResyncRequest): Promise<{ resync: Resync; created: boolean }> {
  const active = await activeResync(db, request.shopId);
  if (active) return { resync: active, created: false };
  const now = request.now ?? new Date();
  const cursor = request.kind === 'incremental' ? await loadedThrough(db, request.shopId) : undefined;
  const kind = request.kind === 'incremental' && !cursor ? 'full' : request.kind;
  const created = await insertResync(db, {
    id: newId('rsy'),
    shopId: request.shopId,
    kind,
    requestedBy: request.requestedBy,
    windowFrom: cursor ? new Date(cursor.getTime() - INCREMENTAL_OVERLAP_MS).toISOString() : null,
    windowTo: now.toISOString(),
  });
  if (created) return { resync: created, created: true };
  // Another request won the race: that one is the shop's active resync.
  return { resync: (await activeResync(db, request.shopId))!, created: false };
}
