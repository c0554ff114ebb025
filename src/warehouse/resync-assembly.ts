/**
 * Reading staged bulk lines back as records: each parent line joined with its children in SQL,
 * a page at a time in gid order; and the lines no record claims.
 */
import { and, eq, sql } from 'drizzle-orm';
import { productMetafield, resyncStaging } from './schema';
import { type Tx, upsertRows } from './upsert';

/** A parent line with its children's bodies as one JSON array, as the lines came. */
export type StagedRecord = {
  gid: string;
  line_no: number;
  body: string;
  children: string;
  child_lines: number;
};

/**
 * A page of parent records after `after` and up to `through` (in gid order; either open when null), each with its children and, with
 * `grandchildren`, theirs. The page is chosen first; each parent's children are then found through
 * the parent_gid index, one lookup per parent (its own gid and its anchors: its refunds' gids),
 * never by a scan. Bodies are staged as text, so a page is read as the lines came.
 */
export async function recordsAfter(
  db: Tx,
  page: { resyncId: string; entity: string; grandchildren: boolean; after: string | null; through: string | null; limit: number },
): Promise<StagedRecord[]> {
  const { resyncId, entity, after, through, limit } = page;
  const grandchildren = page.grandchildren
    ? sql`union all
        select g.body from ${resyncStaging} c join ${resyncStaging} g on g.resync_id = c.resync_id and g.entity = c.entity and g.parent_gid = c.gid
        where c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid = p.gid`
    : sql``;
  const result = await db.execute<StagedRecord>(sql`
    with page as materialized (
      select gid, line_no, body, anchors from ${resyncStaging}
      where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null
        ${after === null ? sql`` : sql`and gid > ${after}`} ${through === null ? sql`` : sql`and gid <= ${through}`}
      order by gid
      limit ${limit})
    select p.gid, p.line_no, p.body, coalesce(k.children, '[]') as children, coalesce(k.lines, 0) as child_lines
    from page p
    left join lateral (
      select '[' || string_agg(x.body, ',') || ']' as children, count(*)::int as lines
      from (
        select c.body from ${resyncStaging} c
        where c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid = any(array_prepend(p.gid, coalesce(p.anchors, '{}')))
        ${grandchildren}
      ) x
    ) k on true
    order by p.gid`);
  return result.rows;
}

/** How many lines of an entity are staged: once assembled, each is counted with its record, or is an orphan. */
export async function stagedLines(db: Tx, resyncId: string, entity: string): Promise<number> {
  const [row] = await db
    .select({ lines: sql<number>`count(*)::float8` })
    .from(resyncStaging)
    .where(and(eq(resyncStaging.resyncId, resyncId), eq(resyncStaging.entity, entity)));
  return row!.lines;
}

/** Children whose parent (or, with `grandchildren`, grandparent) is not in the files. */
export async function orphanLines(db: Tx, resyncId: string, entity: string, grandchildren: boolean) {
  const children = grandchildren
    ? sql`union all select c.gid from ${resyncStaging} c join parents p on c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid = p.gid`
    : sql``;
  const result = await db.execute<{ line_no: number; gid: string; parent_gid: string }>(sql`
    with parents as (select gid, anchors from ${resyncStaging} where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null),
    named as (select gid from parents union all select unnest(anchors) from parents ${children})
    select c.line_no, c.gid, c.parent_gid from ${resyncStaging} c
    where c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid is not null
      and not exists (select 1 from named n where n.gid = c.parent_gid)`);
  return result.rows;
}

export async function upsertProductMetafields(db: Tx, metafields: readonly (typeof productMetafield.$inferInsert)[]) {
  await upsertRows(db, productMetafield, metafields, { key: [productMetafield.shopId, productMetafield.metafieldId] });
}
