/**
 * Column mappings in the warehouse, always within the caller's shop. A mapping is never updated:
 * declaring one again under its name answers the stored one when the definition is the same (a
 * retried request), and is a conflict when it is not (a change is a new mapping, under a new name).
 */
import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { mappingDefinition, type MappingDefinition, type NewMapping } from '../files/mapped-orders/mapping';
import type { Warehouse } from '../warehouse/db';
import { toPage, type ShopScope } from '../warehouse/reads/scope';
import { orderMapping } from '../warehouse/schema';
import type { Job } from './jobs';
import { newId } from '../lib/ids';

export type StoredMapping = MappingDefinition & { id: string; name: string; createdAt: string };

export type DeclaredMapping = { outcome: 'created' | 'unchanged' | 'conflict'; mapping: StoredMapping };

// The definition is parsed again on the way out: the stored JSON is only trusted through its schema.
const stored = (row: typeof orderMapping.$inferSelect): StoredMapping => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  ...mappingDefinition.parse(row.definition),
});

export async function declareMapping(db: Warehouse, scope: ShopScope, mapping: NewMapping): Promise<DeclaredMapping> {
  const { name, ...definition } = mapping;
  const [created] = await db.insert(orderMapping).values({ id: newId('map'), shopId: scope.shopId, name, definition }).onConflictDoNothing().returning();
  if (created) return { outcome: 'created', mapping: stored(created) };
  const [existing] = await db
    .select({ row: orderMapping, same: sql<boolean>`${orderMapping.definition} = ${JSON.stringify(definition)}::jsonb` })
    .from(orderMapping)
    .where(and(eq(orderMapping.shopId, scope.shopId), eq(orderMapping.name, name)));
  if (!existing) throw new Error(`mapping "${name}" neither inserted nor found`);
  return { outcome: existing.same ? 'unchanged' : 'conflict', mapping: stored(existing.row) };
}

export async function getMapping(db: Warehouse, scope: ShopScope, id: string): Promise<StoredMapping | undefined> {
  const [row] = await db.select().from(orderMapping).where(and(eq(orderMapping.shopId, scope.shopId), eq(orderMapping.id, id)));
  return row && stored(row);
}

export async function listMappings(db: Warehouse, scope: ShopScope, page: { before?: string; limit: number }) {
  const conditions: SQL[] = [eq(orderMapping.shopId, scope.shopId)];
  if (page.before) conditions.push(lt(orderMapping.id, page.before));
  // Mapping ids start with their creation time, so id order is newest first.
  const rows = await db.select().from(orderMapping).where(and(...conditions)).orderBy(desc(orderMapping.id)).limit(page.limit + 1);
  return toPage(rows.map(stored), page.limit, (mapping) => [mapping.id]);
}

/** The mapping a job of mapped orders was uploaded with. */
export async function mappingOfJob(db: Warehouse, job: Job): Promise<StoredMapping> {
  const mapping = job.mappingId ? await getMapping(db, { shopId: job.shopId }, job.mappingId) : undefined;
  if (!mapping) throw new Error(`job ${job.id} has no mapping of its shop`);
  return mapping;
}
