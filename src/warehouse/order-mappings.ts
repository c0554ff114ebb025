/** Column mappings of order-line files, always within the caller's shop; never updated once declared. */
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { type ShopScope, toPage } from './reads/scope';
import { orderMapping } from './schema';

export type MappingRow = typeof orderMapping.$inferSelect;

/** Inserts the mapping unless its shop already has one of that name: then undefined. */
export async function insertMapping(db: Warehouse, mapping: typeof orderMapping.$inferInsert): Promise<MappingRow | undefined> {
  const [created] = await db.insert(orderMapping).values(mapping).onConflictDoNothing().returning();
  return created;
}

/** The shop's mapping of that name, and whether its definition is `definition`. */
export async function mappingNamed(
  db: Warehouse,
  scope: ShopScope,
  name: string,
  definition: unknown,
): Promise<{ row: MappingRow; same: boolean } | undefined> {
  const [existing] = await db
    .select({ row: orderMapping, same: sql<boolean>`${orderMapping.definition} = ${JSON.stringify(definition)}::jsonb` })
    .from(orderMapping)
    .where(and(eq(orderMapping.shopId, scope.shopId), eq(orderMapping.name, name)));
  return existing;
}

export async function mappingById(db: Warehouse, scope: ShopScope, id: string): Promise<MappingRow | undefined> {
  const [row] = await db
    .select()
    .from(orderMapping)
    .where(and(eq(orderMapping.shopId, scope.shopId), eq(orderMapping.id, id)));
  return row;
}

export async function mappingsPage(db: Warehouse, scope: ShopScope, page: { before?: string; limit: number }) {
  const conditions: SQL[] = [eq(orderMapping.shopId, scope.shopId)];
  if (page.before) conditions.push(lt(orderMapping.id, page.before));
  // Mapping ids start with their creation time, so id order is newest first.
  const rows = await db
    .select()
    .from(orderMapping)
    .where(and(...conditions))
    .orderBy(desc(orderMapping.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [row.id]);
}
