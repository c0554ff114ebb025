/**
 * Loading staged bulk lines into the warehouse, a page of records at a time: each parent line
 * is joined with its children in SQL, turned into the REST resources a webhook carries, and
 * loaded with the webhook path's validation, mapping and upserts. Each page commits together with
 * its progress mark, guarded by the mark it started from, so a redelivered message cannot load a
 * page twice or count its lines twice. Every staged line ends up counted as loaded or rejected.
 */
import type { PiiPolicies } from '../domain/pii';
import { productContentRows } from '../domain/product-content';
import { appendRows, type PayloadRows, rows } from '../domain/rows';
import { resourceModel } from '../domain/topics';
import type { Reject } from '../files/rejects';
import type { JsonValue } from '../lib/exact-json';
import { nextTurn } from '../lib/next-turn';
import { type BulkEntity, TWO_LEVEL_ENTITIES } from '../shopify/bulk/queries';
import { bulkRecordToRest, CREATED_AT } from '../shopify/bulk/to-rest';
import { transactionRetryingConflicts } from '../warehouse/conflict-retries';
import type { Warehouse, WarehouseTransaction } from '../warehouse/db';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { orphanLines, recordsAfter, type StagedRecord, stagedLines, upsertProductMetafields } from '../warehouse/resync-assembly';
import { addRejectedLines, latestOperation, markPageAssembled, type Operation } from '../warehouse/resync-operations';
import { resyncById } from '../warehouse/resyncs';
import type { productMetafield } from '../warehouse/schema';
import { shopById } from '../warehouse/shops';
import { jobById } from '../warehouse/upload-jobs';
import { insertRejects } from '../warehouse/upload-rejects';

const PAGE_RECORDS = 1000;

class StalePage extends Error {}

type RecordReject = Reject & { lineHash: string };

/**
 * A last page's orphans (children whose parent is not in the files) become its rejects, counted on
 * the operation with the page's lines: never silently dropped.
 */
async function rejectOrphans(tx: WarehouseTransaction, entity: BulkEntity, op: Operation, page: PageResult) {
  const lost = (await orphanLines(tx, op.resyncId, entity, TWO_LEVEL_ENTITIES.includes(entity))).map(
    (row): RecordReject => ({
      rowNumber: row.line_no,
      field: '__parentId',
      value: row.parent_gid,
      reason: `parent ${row.parent_gid} is not in the result`,
      lineHash: row.gid,
    }),
  );
  page.rejects.push(...lost);
  await addRejectedLines(tx, op, lost.length);
}

interface PageResult {
  rows: PayloadRows;
  metafields: (typeof productMetafield.$inferInsert)[];
  rejects: RecordReject[];
  linesLoaded: number;
  linesRejected: number;
  /** Parent records, and of them those created before the export's upper bound (null for an export without creation times). */
  records: number;
  recordsCreatedBefore: number | null;
}

type PageContext = { shopId: number; shopDomain: string; timeZone: string; rawKey: string; eventAt: string; pii: PiiPolicies };

/** Pure: one staged record → its warehouse rows added to `page`, or a reject (a record with any invalid part is rejected whole). */
function addRecord(page: PageResult, entity: BulkEntity, record: StagedRecord, context: PageContext) {
  const lines = 1 + record.child_lines;
  const reject = (field: string, reason: string) => {
    page.rejects.push({ rowNumber: record.line_no, field, value: record.gid, reason, lineHash: record.gid });
    page.linesRejected += lines;
  };
  const parent = JSON.parse(record.body) as JsonValue;
  page.records++;
  const createdAt = CREATED_AT[entity]?.(parent);
  // The export's upper bound is the resync's event time: what was created before it was there when every bulk query started.
  if (createdAt && Date.parse(createdAt) < Date.parse(context.eventAt)) page.recordsCreatedBefore!++;
  const converted = bulkRecordToRest(entity, parent, JSON.parse(record.children) as JsonValue[], context.timeZone);
  if (!converted.ok) return reject(converted.path || '*', converted.reason);
  const source = { shopDomain: context.shopDomain, rawKey: context.rawKey, eventAt: context.eventAt };
  const recordRows = rows({});
  for (const resource of converted.resources) {
    const validated = resourceModel(resource.topic)!.validate(resource.payload);
    if (!validated.ok) return reject(validated.path || '*', `${resource.topic}: ${validated.reason}`);
    appendRows(recordRows, validated.toRows(source, context.pii));
  }
  for (const content of converted.contents ?? []) appendRows(recordRows, productContentRows(content, source));
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
  const page: PageResult = {
    rows: rows({}),
    metafields: [],
    rejects: [],
    linesLoaded: 0,
    linesRejected: 0,
    records: 0,
    recordsCreatedBefore: CREATED_AT[entity] ? 0 : null,
  };
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
  const current = await resyncById(db, resyncId);
  if (current?.status !== 'loading') return 'stale';
  const shop = await shopById(db, current.shopId);
  const op = await latestOperation(db, resyncId, entity);
  if (!op?.jobId || !op.rawKey) throw new Error(`resync ${resyncId} has no staged result for ${entity}`);
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
    const records = await recordsAfter(db, { resyncId, entity, grandchildren: TWO_LEVEL_ENTITIES.includes(entity), after, limit: PAGE_RECORDS });
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
      await transactionRetryingConflicts(db, 'resync page', async (tx) => {
        const assembled = await markPageAssembled(tx, op, { from, through, last, ...page });
        if (assembled === null) throw new StalePage();
        // Every staged line has been counted with its record unless some child's parent is not in the files.
        if (last && assembled !== staged) await rejectOrphans(tx, entity, op, page);
        await loadWarehouseRows(tx, page.rows);
        await upsertProductMetafields(tx, page.metafields);
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
