/**
 * Loading staged bulk lines into the warehouse, a range of parents at a time and a page of records
 * at a time within it: each parent line is joined with its children in SQL, turned into the REST
 * resources a webhook carries, and loaded with the webhook path's validation, mapping and upserts.
 * An entity's ranges are independent: any consumer claims any of them, and any number are loaded
 * at once. Each page commits together with its range's progress mark, guarded by the mark it
 * started from, so a redelivered message or a range taken over cannot load a page twice or count
 * its lines twice. The range that completes the entity counts the orphans; every staged line ends
 * up counted as loaded or rejected, once.
 */
import type { PiiPolicies } from '../domain/pii';
import { productContentRows } from '../domain/product-content';
import { appendRows, type PayloadRows, rows } from '../domain/rows';
import { resourceModel } from '../domain/topics';
import type { Reject } from '../files/rejects';
import type { JsonValue } from '../lib/exact-json';
import { nextTurn } from '../lib/next-turn';
import { BULK_ENTITIES, type BulkEntity, TWO_LEVEL_ENTITIES } from '../shopify/bulk/queries';
import { bulkRecordToRest, CREATED_AT } from '../shopify/bulk/to-rest';
import { transactionRetryingConflicts } from '../warehouse/conflict-retries';
import type { Warehouse, WarehouseTransaction } from '../warehouse/db';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { orphanLines, recordsAfter, type StagedRecord, stagedLines, upsertProductMetafields } from '../warehouse/resync-assembly';
import { latestOperation, type Operation } from '../warehouse/resync-operations';
import {
  claimRange,
  completedEntity,
  markEntityAssembled,
  markRangePage,
  type Range,
  type RangeTotals,
  releaseRange,
  secondsUntilLeaseEnds,
  splitIntoRanges,
  stagedCounts,
} from '../warehouse/resync-ranges';
import { resyncById } from '../warehouse/resyncs';
import type { productMetafield } from '../warehouse/schema';
import { shopById } from '../warehouse/shops';
import { type Job, jobById } from '../warehouse/upload-jobs';
import { insertRejects } from '../warehouse/upload-rejects';

const PAGE_RECORDS = 1000;

/** The states in which a resync's ranges are assembled. */
const ASSEMBLING: ReadonlySet<string> = new Set(['running', 'downloading', 'loading']);

// Lines of a range, about: a few seconds of one consumer's work (assembly runs at some 13,000
// lines a second on one thread), so that a large entity is shared by many consumers at once.
const RANGE_LINES = 20_000;

class StalePage extends Error {}

type RecordReject = Reject & { lineHash: string };

/**
 * Once every range of the entity is loaded: children whose parent is not in the files (no range
 * counted them) become rejects, counted with the entity's totals, never silently dropped; and the
 * entity is marked assembled. Runs in the transaction of the page that completed the last range,
 * and returns the orphans as that page's further rejects.
 */
async function completeEntity(tx: WarehouseTransaction, entity: BulkEntity, op: Operation, totals: RangeTotals): Promise<RecordReject[]> {
  let lost: RecordReject[] = [];
  if (totals.linesLoaded + totals.linesRejected !== (await stagedLines(tx, op.resyncId, entity))) {
    lost = (await orphanLines(tx, op.resyncId, entity, TWO_LEVEL_ENTITIES.includes(entity))).map(
      (row): RecordReject => ({
        rowNumber: row.line_no,
        field: '__parentId',
        value: row.parent_gid,
        reason: `parent ${row.parent_gid} is not in the result`,
        lineHash: row.gid,
      }),
    );
  }
  await markEntityAssembled(tx, op, { ...totals, linesRejected: totals.linesRejected + lost.length });
  return lost;
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
 * Splits the entities' staged parents into ranges of about `rangeLines` staged lines (at least
 * one range, which an entity with nothing staged completes at once). Returns their ranges.
 */
export async function partitionAssembly(
  tx: WarehouseTransaction,
  resyncId: string,
  rangeLines = RANGE_LINES,
  entities: readonly BulkEntity[] = BULK_ENTITIES,
): Promise<Range[]> {
  const staged = new Map((await stagedCounts(tx, resyncId)).map((counts) => [counts.entity, counts]));
  const ranges: Range[] = [];
  for (const entity of entities) {
    const { lines, parents } = staged.get(entity) ?? { lines: 0, parents: 0 };
    ranges.push(...(await splitIntoRanges(tx, resyncId, entity, parents, Math.ceil(lines / rangeLines))));
  }
  return ranges;
}

type Assembly = { db: Warehouse; entity: BulkEntity; op: Operation; job: Job; context: PageContext };

/**
 * Loads pages of a claimed range until it is done or `deadline` has passed. A stale page (the
 * range was taken over after this consumer's lease lapsed) ends this run quietly. The next page
 * is read and mapped while the current one loads (the database and the Worker work at the same
 * time; at most two pages are held): staging does not change during loading, and each page's
 * commit is still guarded by the mark it started from.
 */
async function assembleRange({ db, entity, op, job, context }: Assembly, range: Range, deadline: number): Promise<'done' | 'more' | 'stale'> {
  const prepare = async (after: string | null) => {
    const records = await recordsAfter(db, {
      resyncId: op.resyncId,
      entity,
      grandchildren: TWO_LEVEL_ENTITIES.includes(entity),
      after,
      through: range.throughGid,
      limit: PAGE_RECORDS,
    });
    const page = await pageRows(entity, records, context);
    return { page, last: records.length < PAGE_RECORDS, through: records.at(-1)?.gid ?? after };
  };

  // The range's progress mark: null until its first page is loaded, which starts after the range's lower bound.
  let mark = range.assembledThrough;
  let preparing = prepare(mark ?? range.afterGid);
  for (;;) {
    const { page, last, through } = await preparing;
    if (!last) {
      preparing = prepare(through);
      // A page prepared ahead that is never awaited (this run ends first) must not report its failure.
      preparing.catch(() => {});
    }
    try {
      await transactionRetryingConflicts(db, 'resync page', async (tx) => {
        const marked = await markRangePage(tx, range, { from: mark, through, last, ...page });
        if (!marked) throw new StalePage();
        await loadWarehouseRows(tx, page.rows, { deferCustomerFigures: true });
        await upsertProductMetafields(tx, page.metafields);
        const totals = last ? await completedEntity(tx, op) : undefined;
        // Nothing the transaction computes is kept outside it: a run again after a lock conflict starts afresh.
        const orphans = totals ? await completeEntity(tx, entity, op, totals) : [];
        await insertRejects(tx, job, [...page.rejects, ...orphans]);
      });
    } catch (error) {
      if (error instanceof StalePage) return 'stale';
      throw error;
    }
    if (last) return 'done';
    mark = through;
    if (Date.now() > deadline) return 'more';
  }
}

export interface AssemblyRun {
  /** Ranges this run completed: the entity, and then the resync, may be complete. */
  completed: number;
  /** The range held when time ran out, released: it needs another message. */
  unfinished: number | null;
  /** Nothing was free to claim, but an open range is held by a lease ending in this many seconds: the message is worth sending again then. */
  heldForSeconds: number | null;
}

/**
 * Assembles ranges of one entity for `budgetMs`: the range named (or, without one, any open range
 * no one holds), then, while time is left, further unheld ranges of the entity, so that a range
 * whose consumer stopped is taken over by whoever is at work. A message whose range is done claims
 * nothing and does nothing; one whose range another consumer holds (a redelivery, a race) says
 * when the lease ends, so that the range is taken over then if its consumer stopped.
 */
export async function assembleRanges(
  db: Warehouse,
  pii: PiiPolicies,
  resyncId: string,
  entity: BulkEntity,
  rangeNo: number | null,
  budgetMs = 20_000,
): Promise<AssemblyRun> {
  const deadline = Date.now() + budgetMs;
  const run: AssemblyRun = { completed: 0, unfinished: null, heldForSeconds: null };
  const current = await resyncById(db, resyncId);
  // An entity is split into ranges once its files are staged, while the resync may still wait on others.
  if (!current || !ASSEMBLING.has(current.status)) return run;
  const op = await latestOperation(db, resyncId, entity);
  if (!op?.jobId || !op.rawKey) throw new Error(`resync ${resyncId} has no staged result for ${entity}`);
  let range = await claimRange(db, resyncId, entity, rangeNo);
  if (!range) {
    run.heldForSeconds = (await secondsUntilLeaseEnds(db, resyncId, entity, rangeNo)) ?? null;
    return run;
  }
  const shop = await shopById(db, current.shopId);
  const assembly: Assembly = {
    db,
    entity,
    op,
    job: (await jobById(db, op.jobId))!,
    context: {
      shopId: current.shopId,
      shopDomain: shop!.domain,
      timeZone: shop!.ianaTimezone ?? 'UTC',
      rawKey: op.rawKey,
      eventAt: current.windowTo,
      pii,
    },
  };
  while (range) {
    let outcome: 'done' | 'more' | 'stale';
    try {
      outcome = await assembleRange(assembly, range, deadline);
    } catch (error) {
      // The queue's retry (or any other consumer) takes the range up again at once, not after the lease.
      await releaseRange(db, range).catch(() => {});
      throw error;
    }
    if (outcome === 'more') {
      await releaseRange(db, range);
      run.unfinished = range.rangeNo;
      return run;
    }
    if (outcome === 'done') run.completed++;
    range = Date.now() < deadline ? await claimRange(db, resyncId, entity, null) : undefined;
  }
  return run;
}
