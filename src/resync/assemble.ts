/**
 * Loading staged bulk lines into the warehouse, a page of records at a time: each parent line
 * is joined with its children in SQL, turned into the REST resources a webhook carries, and
 * loaded with the webhook path's validation, mapping and upserts. Each page commits together with
 * its progress mark, guarded by the mark it started from, so a redelivered message cannot load a
 * page twice or count its lines twice. Every staged line ends up counted as loaded or rejected.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { PiiPolicies } from '../domain/pii';
import { appendRows, rows, type WarehouseRows } from '../domain/rows';
import { resourceModel } from '../domain/topics';
import type { Reject } from '../files/rejects';
import { bulkRecordToRest } from '../shopify/bulk/to-rest';
import { TWO_LEVEL_ENTITIES, type BulkEntity } from '../shopify/bulk/queries';
import type { JsonValue } from '../shopify/json';
import { jobById } from '../warehouse/upload-jobs';
import { insertRejects } from '../warehouse/upload-rejects';
import type { Warehouse, WarehouseTransaction } from '../warehouse/db';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { dimShop, productMetafield, resync, resyncOperation, resyncStaging } from '../warehouse/schema';
import { upsertRows } from '../warehouse/upsert';
import { nextTurn } from '../next-turn';

export const PAGE_RECORDS = 1000;

type StagedRecord = {
  gid: string;
  line_no: number;
  body: string;
  children: string;
  child_lines: number;
};

class StalePage extends Error {}

type RecordReject = Reject & { lineHash: string };

/**
 * A page of parent records after `after` (in gid order), each with its children and theirs. The
 * page is chosen first; each parent's children are then found through the parent_gid index, one
 * lookup per parent (its own gid and its anchors: its refunds' gids), never by a scan. For an
 * entity whose records reach two levels down, each child's own children are looked up too. Bodies
 * are staged as text, so a page is read as the lines came.
 */
async function recordsAfter(db: Warehouse, resyncId: string, entity: BulkEntity, after: string | null, limit: number) {
  const grandchildren = TWO_LEVEL_ENTITIES.includes(entity)
    ? sql`union all
        select g.body from ${resyncStaging} c join ${resyncStaging} g on g.resync_id = c.resync_id and g.entity = c.entity and g.parent_gid = c.gid
        where c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid = p.gid`
    : sql``;
  const result = await db.execute<StagedRecord>(sql`
    with page as materialized (
      select gid, line_no, body, anchors from ${resyncStaging}
      where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null ${after === null ? sql`` : sql`and gid > ${after}`}
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
async function stagedLines(db: Warehouse, resyncId: string, entity: string): Promise<number> {
  const [row] = await db.select({ lines: sql<number>`count(*)::float8` }).from(resyncStaging).where(and(eq(resyncStaging.resyncId, resyncId), eq(resyncStaging.entity, entity)));
  return row!.lines;
}

/** Children whose parent is not in the files: counted and kept as rejects, never silently dropped. */
async function orphans(tx: WarehouseTransaction, resyncId: string, entity: BulkEntity) {
  const children = TWO_LEVEL_ENTITIES.includes(entity)
    ? sql`union all select c.gid from ${resyncStaging} c join parents p on c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid = p.gid`
    : sql``;
  const result = await tx.execute<{ line_no: number; gid: string; parent_gid: string }>(sql`
    with parents as (select gid, anchors from ${resyncStaging} where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null),
    named as (select gid from parents union all select unnest(anchors) from parents ${children})
    select c.line_no, c.gid, c.parent_gid from ${resyncStaging} c
    where c.resync_id = ${resyncId} and c.entity = ${entity} and c.parent_gid is not null
      and not exists (select 1 from named n where n.gid = c.parent_gid)`);
  return result.rows.map(
    (row): RecordReject => ({ rowNumber: row.line_no, field: '__parentId', value: row.parent_gid, reason: `parent ${row.parent_gid} is not in the result`, lineHash: row.gid }),
  );
}

/** A last page's orphans become its rejects, counted on the operation with the page's lines. */
async function rejectOrphans(tx: WarehouseTransaction, resyncId: string, entity: BulkEntity, attempt: number, page: PageResult) {
  const lost = await orphans(tx, resyncId, entity);
  page.rejects.push(...lost);
  await tx
    .update(resyncOperation)
    .set({ linesRejected: sql`${resyncOperation.linesRejected} + ${lost.length}` })
    .where(and(eq(resyncOperation.resyncId, resyncId), eq(resyncOperation.entity, entity), eq(resyncOperation.attempt, attempt)));
}

interface PageResult {
  rows: WarehouseRows;
  metafields: (typeof productMetafield.$inferInsert)[];
  rejects: RecordReject[];
  linesLoaded: number;
  linesRejected: number;
}

type PageContext = { shopId: number; shopDomain: string; timeZone: string; rawKey: string; eventAt: string; pii: PiiPolicies };

/** Pure: one staged record → its warehouse rows added to `page`, or a reject (a record with any invalid part is rejected whole). */
function addRecord(page: PageResult, entity: BulkEntity, record: StagedRecord, context: PageContext) {
  const lines = 1 + record.child_lines;
  const reject = (field: string, reason: string) => {
    page.rejects.push({ rowNumber: record.line_no, field, value: record.gid, reason, lineHash: record.gid });
    page.linesRejected += lines;
  };
  const converted = bulkRecordToRest(entity, JSON.parse(record.body) as JsonValue, JSON.parse(record.children) as JsonValue[], context.timeZone);
  if (!converted.ok) return reject(converted.path || '*', converted.reason);
  const source = { shopDomain: context.shopDomain, rawKey: context.rawKey, eventAt: context.eventAt };
  const recordRows = rows({});
  for (const resource of converted.resources) {
    const validated = resourceModel(resource.topic)!.validate(resource.payload);
    if (!validated.ok) return reject(validated.path || '*', `${resource.topic}: ${validated.reason}`);
    appendRows(recordRows, validated.toRows(source, context.pii));
  }
  appendRows(page.rows, recordRows);
  for (const m of converted.metafields) {
    page.metafields.push({
      shopId: context.shopId,
      metafieldId: m.id.replace(/^gid:\/\/shopify\/Metafield\//, ''),
      productId: m.productId,
      namespace: m.namespace,
      key: m.key,
      type: m.type ?? null,
      value: m.value ?? null,
      rawKey: context.rawKey,
    });
  }
  page.linesLoaded += lines;
}

// About 120 lines of an orders page: a few milliseconds of mapping between turns, so the page
// loading meanwhile waits that long at most for each of its statements.
const RECORDS_PER_TURN = 20;

/** Staged records → warehouse rows and rejects, handing the thread back every few records (the page before may be loading). */
async function pageRows(entity: BulkEntity, records: readonly StagedRecord[], context: PageContext): Promise<PageResult> {
  const page: PageResult = { rows: rows({}), metafields: [], rejects: [], linesLoaded: 0, linesRejected: 0 };
  for (const [i, record] of records.entries()) {
    addRecord(page, entity, record, context);
    if ((i + 1) % RECORDS_PER_TURN === 0) await nextTurn();
  }
  return page;
}

/**
 * Loads pages of one entity until it is done or `budgetMs` has passed. Returns whether the
 * entity is fully loaded; a stale page (another delivery got there first) ends this run quietly.
 * The next page is read and mapped while the current one loads (the database and the Worker work
 * at the same time; at most two pages are held): staging does not change during loading, and
 * each page's commit is still guarded by the mark it started from.
 */
export async function assembleEntity(
  db: Warehouse,
  pii: PiiPolicies,
  resyncId: string,
  entity: BulkEntity,
  budgetMs = 20_000,
): Promise<'done' | 'more' | 'stale'> {
  const started = Date.now();
  const [current] = await db.select().from(resync).where(eq(resync.id, resyncId));
  if (!current || current.status !== 'loading') return 'stale';
  const [shop] = await db.select().from(dimShop).where(eq(dimShop.shopId, current.shopId));
  const [op] = await db
    .select()
    .from(resyncOperation)
    .where(and(eq(resyncOperation.resyncId, resyncId), eq(resyncOperation.entity, entity)))
    .orderBy(sql`${resyncOperation.attempt} desc`)
    .limit(1);
  if (!op || !op.jobId || !op.rawKey) throw new Error(`resync ${resyncId} has no staged result for ${entity}`);
  if (op.assembledAt) return 'done';
  const job = (await jobById(db, op.jobId))!;
  const context = {
    shopId: current.shopId,
    shopDomain: shop!.domain,
    timeZone: shop!.ianaTimezone ?? 'UTC',
    rawKey: op.rawKey,
    eventAt: current.windowTo,
    pii,
  };

  const prepare = async (after: string | null) => {
    const records = await recordsAfter(db, resyncId, entity, after, PAGE_RECORDS);
    const page = await pageRows(entity, records, context);
    const last = records.length < PAGE_RECORDS;
    return { page, last, through: records.at(-1)?.gid ?? after, staged: last ? await stagedLines(db, resyncId, entity) : 0 };
  };

  let from = op.assembledThrough;
  let preparing = prepare(from);
  for (;;) {
    const { page, last, through, staged } = await preparing;
    if (!last) {
      preparing = prepare(through);
      // A page prepared ahead that is never awaited (this run ends first) must not report its failure.
      preparing.catch(() => {});
    }
    try {
      await db.transaction(async (tx) => {
        const marked = await tx
          .update(resyncOperation)
          .set({
            assembledThrough: through,
            assembledAt: last ? new Date().toISOString() : null,
            linesLoaded: sql`${resyncOperation.linesLoaded} + ${page.linesLoaded}`,
            linesRejected: sql`${resyncOperation.linesRejected} + ${page.linesRejected}`,
          })
          .where(
            and(
              eq(resyncOperation.resyncId, resyncId),
              eq(resyncOperation.entity, entity),
              eq(resyncOperation.attempt, op.attempt),
              sql`${resyncOperation.assembledThrough} is not distinct from ${from}`,
              sql`${resyncOperation.assembledAt} is null`,
            ),
          )
          .returning({ assembled: sql<number>`(${resyncOperation.linesLoaded} + ${resyncOperation.linesRejected})::float8` });
        if (marked.length === 0) throw new StalePage();
        // Every staged line has been counted with its record unless some child's parent is not in the files.
        if (last && marked[0]!.assembled !== staged) await rejectOrphans(tx, resyncId, entity, op.attempt, page);
        await loadWarehouseRows(tx, page.rows);
        await upsertRows(tx, productMetafield, page.metafields, { key: [productMetafield.shopId, productMetafield.metafieldId] });
        await insertRejects(tx, job, page.rejects);
      });
    } catch (error) {
      if (error instanceof StalePage) return 'stale';
      throw error;
    }
    if (last) return 'done';
    from = through;
    if (Date.now() - started > budgetMs) return 'more';
  }
}
