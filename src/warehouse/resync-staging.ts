/**
 * A resync's staging area: its bulk results' lines, stored whole under their gid with their
 * `__parentId` and a parent's anchors, until assembly joins them (src/resync/staging.ts stages them).
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse, WarehouseTransaction } from './db';
import { resyncAnchor, resyncStaging } from './schema';

export interface StagedLine {
  gid: string;
  parentGid: string | null;
  lineNo: number;
  body: string;
  /** A parent's anchors, space-separated (gids have no spaces); null for a child. */
  anchors: string | null;
}

/** Staged lines as the columns `insertStagedLines` takes. */
export type StagedLineColumns = SQL;

/**
 * A chunk's lines as columns for one statement, written before the transaction as for sales lines:
 * one array parameter per column, except the bodies, which travel as one text of lines (a JSON
 * line has no newline) that Postgres splits without unescaping every quote of an array literal.
 */
export function stagedLineColumns(lines: readonly StagedLine[]): StagedLineColumns {
  const column = <K extends keyof StagedLine>(key: K, type: string) =>
    arrayParam(
      lines.map((line) => line[key]),
      type,
    );
  const bodies = lines.map((line) => line.body).join('\n');
  return sql.join(
    [
      sql`unnest(${column('gid', 'text')})`,
      sql`unnest(${column('parentGid', 'text')})`,
      sql`unnest(${column('lineNo', 'integer')})`,
      sql`unnest(${column('anchors', 'text')})`,
      sql`string_to_table(${bodies}::text, e'\\n')`,
    ],
    sql`, `,
  );
}

/**
 * Stages the lines under the resync and entity, a later file's copy of a line winning, and their
 * anchors by type (resync_anchor), in gid order: chunks staging at once wait instead of deadlocking.
 */
export async function insertStagedLines(tx: WarehouseTransaction, resyncId: string, entity: string, columns: StagedLineColumns) {
  await tx.execute(sql`
    with staged as (
      insert into ${resyncStaging} (resync_id, entity, gid, parent_gid, line_no, body, anchors)
      select ${resyncId}, ${entity}, gid, parent_gid, line_no, body, string_to_array(anchors, ' ')
      from rows from (${columns}) as t(gid, parent_gid, line_no, anchors, body)
      on conflict (resync_id, entity, gid) do update
        set parent_gid = excluded.parent_gid, line_no = excluded.line_no, body = excluded.body, anchors = excluded.anchors
      returning gid, anchors
    )
    insert into ${resyncAnchor} (resync_id, entity, type, gid, parent_gid)
    select ${resyncId}, ${entity}, split_part(a.gid, '/', 4), a.gid, s.gid
    from staged s, unnest(s.anchors) as a(gid)
    order by 3, 4
    on conflict do nothing`);
}

/**
 * The anchors of an entity's staged parents that are gids of `type` (e.g. the refunds of the
 * staged orders), after `after` in gid order: a page of the parts an export of their children
 * needs, read from one range of resync_anchor's key however many parents are staged.
 */
export async function anchorsAfter(db: Warehouse, resyncId: string, entity: string, type: string, after: string | null, limit: number): Promise<string[]> {
  const result = await db.execute<{ gid: string }>(sql`
    select gid from ${resyncAnchor}
    where resync_id = ${resyncId} and entity = ${entity} and type = ${type} ${after === null ? sql`` : sql`and gid > ${after}`}
    order by gid
    limit ${limit}`);
  return result.rows.map((row) => row.gid);
}

/** The gids of an entity's staged records that are of `type` (e.g. the code discounts of the staged discounts), after `after` in gid order. */
export async function recordGidsAfter(db: Warehouse, resyncId: string, entity: string, type: string, after: string | null, limit: number): Promise<string[]> {
  const result = await db.execute<{ gid: string }>(sql`
    select gid from ${resyncStaging}
    where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null
      and gid like ${`gid://shopify/${type}/%`} ${after === null ? sql`` : sql`and gid > ${after}`}
    order by gid
    limit ${limit}`);
  return result.rows.map((row) => row.gid);
}
