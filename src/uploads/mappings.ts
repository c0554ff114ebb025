/**
 * Column mappings, always within the caller's shop. A mapping is never updated: declaring one
 * again under its name answers the stored one when the definition is the same (a retried
 * request), and is a conflict when it is not (a change is a new mapping, under a new name).
 */
import { type MappingDefinition, mappingDefinition, type NewMapping } from '../files/mapped-orders/mapping';
import { newId } from '../lib/ids';
import type { Warehouse } from '../warehouse/db';
import { insertMapping, type MappingRow, mappingById, mappingNamed, mappingsPage } from '../warehouse/order-mappings';
import type { ShopScope } from '../warehouse/reads/scope';
import type { Job } from '../warehouse/upload-jobs';

export type StoredMapping = MappingDefinition & { id: string; name: string; createdAt: string };

export type DeclaredMapping = { outcome: 'created' | 'unchanged' | 'conflict'; mapping: StoredMapping };

// The definition is parsed again on the way out: the stored JSON is only trusted through its schema.
const stored = (row: MappingRow): StoredMapping => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  ...mappingDefinition.parse(row.definition),
});

export async function declareMapping(db: Warehouse, scope: ShopScope, mapping: NewMapping): Promise<DeclaredMapping> {
  const { name, ...definition } = mapping;
  const created = await insertMapping(db, { id: newId('map'), shopId: scope.shopId, name, definition });
  if (created) return { outcome: 'created', mapping: stored(created) };
  const existing = await mappingNamed(db, scope, name, definition);
  if (!existing) throw new Error(`mapping "${name}" neither inserted nor found`);
  return { outcome: existing.same ? 'unchanged' : 'conflict', mapping: stored(existing.row) };
}

export async function getMapping(db: Warehouse, scope: ShopScope, id: string): Promise<StoredMapping | undefined> {
  const row = await mappingById(db, scope, id);
  return row && stored(row);
}

export async function listMappings(db: Warehouse, scope: ShopScope, page: { before?: string; limit: number }) {
  const rows = await mappingsPage(db, scope, page);
  return { data: rows.data.map(stored), nextCursor: rows.nextCursor };
}

/** The mapping a job of mapped orders was uploaded with. */
export async function mappingOfJob(db: Warehouse, job: Job): Promise<StoredMapping> {
  const mapping = job.mappingId ? await getMapping(db, { shopId: job.shopId }, job.mappingId) : undefined;
  if (!mapping) throw new Error(`job ${job.id} has no mapping of its shop`);
  return mapping;
}
