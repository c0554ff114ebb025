/**
 * Parquet exports of a shop's warehouse into R2 (docs/exports.md). A run goes step by step, one
 * queue message each, and every step is safe to run twice:
 *
 * 1. writing: each step reads the next row groups of the run's current table in key order (a
 *    row group per page) into one Parquet file, stages it under export-staging/ (a key that
 *    carries its checksum, so two deliveries of one step never overwrite each other's file), and
 *    records it, its rows and where the next page starts, if the table's part count is still what
 *    the step began from;
 * 2. publishing: the run's files are copied to exports/{shop}/{table}/export_date=…/part-NNNN.parquet, a
 *    bounded number per step; then the manifest is written, and only then is the run complete and
 *    the cursors moved, in one transaction.
 *
 * Until it is published nothing of a run is under exports/; an interrupted step is taken up again
 * from what was recorded (by its redelivery, or by the sweep for a run no step has moved).
 *
 * A customer redaction is taken out of the files by a purging run: the tables holding personal
 * data in full, and once its files are in place every other file of those tables deleted, with the
 * shop's other staged files, before the run completes and closes the redactions it took on.
 */
import { ParquetFileWriter, parquetSchema, UnrepresentableValue } from '../files/parquet';
import { newId } from '../lib/ids';
import { log } from '../lib/log';
import { sha256Hex } from '../lib/sha256';
import type { ExportMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import {
  completeExportRun,
  createExportRun,
  type ExportFile,
  type ExportRun,
  type ExportRunTable,
  exportColumns,
  exportFiles,
  exportRunById,
  exportRunTables,
  failExportRun,
  markExportFilePublished,
  markExportPublishing,
  readExportPage,
  recordExportPart,
  shopsAwaitingPurge,
  stalledExportRuns,
} from '../warehouse/exports';
import { EXPORT_TABLES, exportTable, PERSONAL_TABLE_NAMES } from './tables';

export interface ExportContext {
  db: Warehouse;
  bucket: R2Bucket;
  queue: Producer<ExportMessage>;
  rowGroupRows: number;
  fileRowGroups: number;
}

/** Files copied into place per publishing step: each is a read and a write of R2. */
const PUBLISH_PER_STEP = 20;

const PARQUET = 'application/vnd.apache.parquet';

export const MANIFEST_FORMAT = 'wharf-export/1';

/**
 * The run a row was written by, in every file: run ids sort by creation, so the latest snapshot of
 * a table is the rows of its greatest `export_run`, whatever day or file they are in.
 */
const RUN_COLUMN = { name: 'export_run', kind: 'text', nullable: false, pgType: 'text' } as const;

const partName = (part: number) => `part-${String(part).padStart(4, '0')}.parquet`;

/**
 * Where a run's file is read from once published: Hive-style, one partition per run's day. The key
 * is `export_date`, not `date`: readers (DuckDB, Spark) let a partition key override a column of
 * the same name, and the marts and fact_product_day have a `date` of their own.
 */
export const publishedKey = (run: Pick<ExportRun, 'shopDomain' | 'partitionDate'>, table: string, part: number) =>
  `${tablePrefix(run.shopDomain, table)}export_date=${run.partitionDate}/${partName(part)}`;

/** Every published file of a table, whatever its run. */
const tablePrefix = (shopDomain: string, table: string) => `exports/${shopDomain}/${table}/`;

/** Every staged file of the shop, or of one of its runs. */
const stagingPrefix = (shopDomain: string, runId = '') => `export-staging/${shopDomain}/${runId && `${runId}/`}`;

export const manifestKey = (run: Pick<ExportRun, 'shopDomain' | 'id'>) => `exports/${run.shopDomain}/_manifests/${run.id}.json`;

/** The latest complete run's manifest: rewritten whole by each run that completes. */
export const latestManifestKey = (shopDomain: string) => `exports/${shopDomain}/_manifests/latest.json`;

/** Everything exports hold for a shop in the export bucket: its published runs and its staged files. */
export const shopExportPrefixes = (shopDomain: string) => [`exports/${shopDomain}/`, stagingPrefix(shopDomain)];

const stagedKey = (run: Pick<ExportRun, 'shopDomain' | 'id'>, table: string, part: number, sha256: string) =>
  `${stagingPrefix(run.shopDomain, run.id)}${table}/${partName(part).replace('.parquet', `-${sha256.slice(0, 16)}.parquet`)}`;

export class UnknownExportTable extends Error {
  override name = 'UnknownExportTable';
}

export interface ExportRequest {
  shopId: number;
  full: boolean;
  /** Only these tables (their cursors alone move); every table when absent. */
  tables?: readonly string[];
  requestedBy: string;
  /** A purging run (module comment). */
  purges?: boolean;
}

/** Starts an export of the shop and queues its first step; while one is open, that one is returned instead. */
export async function requestExport(context: Pick<ExportContext, 'db' | 'queue'>, request: ExportRequest): Promise<{ run: ExportRun; created: boolean }> {
  const unknown = (request.tables ?? []).filter((name) => !exportTable(name));
  if (unknown.length) throw new UnknownExportTable(`no exported table named ${unknown.join(', ')}`);
  const tables = request.tables ? EXPORT_TABLES.filter((t) => request.tables!.includes(t.name)) : EXPORT_TABLES;
  const result = await createExportRun(context.db, {
    id: newId('exp'),
    shopId: request.shopId,
    full: request.full,
    requestedBy: request.requestedBy,
    tables,
    purges: request.purges,
  });
  if (result.created) await context.queue.send({ kind: 'export-step', runId: result.run.id });
  return result;
}

/** Writes the next file of a table: up to fileRowGroups pages, each a row group. */
async function writeNextPart(context: ExportContext, run: ExportRun, table: ExportRunTable): Promise<boolean> {
  const relation = exportTable(table.tableName);
  if (!relation) throw new UnknownExportTable(`no exported table named ${table.tableName}`);
  const columns = await exportColumns(context.db, relation);
  const part = table.firstPart + table.parts;
  const file = new ParquetFileWriter([...columns, RUN_COLUMN], { 'wharf.run': run.id, 'wharf.table': relation.name, 'wharf.mode': relation.mode });
  let afterKey = table.afterKey;
  let done = false;
  for (let group = 0; group < context.fileRowGroups && !done; group++) {
    const page = await readExportPage(context.db, relation, columns, {
      shopId: run.shopId,
      afterKey,
      loaded: relation.mode === 'changes' ? { from: table.fromLoadedAt, to: run.watermark } : undefined,
      limit: context.rowGroupRows,
    });
    // In place: a copy of every row would double what a step holds.
    for (const row of page.rows) row.export_run = run.id;
    file.addRowGroup(page.rows);
    afterKey = page.lastKey ?? afterKey;
    done = page.rows.length < context.rowGroupRows;
  }
  const written = file.finish();
  let recorded: ExportFile | null = null;
  if (written.rows > 0) {
    const sha256 = await sha256Hex(written.bytes);
    const staged = stagedKey(run, relation.name, part, sha256);
    await context.bucket.put(staged, written.bytes, { httpMetadata: { contentType: PARQUET }, sha256 });
    recorded = {
      runId: run.id,
      tableName: relation.name,
      part,
      stagedKey: staged,
      key: publishedKey(run, relation.name, part),
      rows: written.rows,
      rowGroups: written.rowGroups,
      bytes: written.bytes.byteLength,
      sha256,
      published: false,
    };
  }
  return recordExportPart(context.db, { runId: run.id, tableName: relation.name, partsBefore: table.parts, file: recorded, afterKey, done });
}

/** Copies staged files into place, a bounded number; true once every file of the run is published. */
async function publishSome(context: ExportContext, files: readonly ExportFile[]): Promise<boolean> {
  const pending = files.filter((f) => !f.published);
  for (const file of pending.slice(0, PUBLISH_PER_STEP)) {
    const existing = await context.bucket.head(file.key);
    if (existing?.customMetadata?.sha256 !== file.sha256) {
      const staged = await context.bucket.get(file.stagedKey);
      if (!staged) throw new Error(`export file ${file.stagedKey} is missing from R2`);
      // Whole, not streamed: a file is no larger than the step that wrote it held, and a stream of
      // unknown length is refused by R2 where the bucket is reached from outside the Worker.
      await context.bucket.put(file.key, await staged.arrayBuffer(), {
        httpMetadata: { contentType: PARQUET },
        customMetadata: { sha256: file.sha256, run: file.runId },
        sha256: file.sha256,
      });
    }
    await markExportFilePublished(context.db, file);
  }
  return pending.length <= PUBLISH_PER_STEP;
}

/** The manifest of a run: its tables with their mode, key, bounds, schema and files. Built from what was recorded only, so writing it again writes the same. */
export async function buildManifest(db: Warehouse, run: ExportRun, tables: readonly ExportRunTable[], files: readonly ExportFile[]) {
  return {
    format: MANIFEST_FORMAT,
    run: run.id,
    shop: run.shopDomain,
    full: run.full,
    // A purging run's tables replace every earlier file of theirs (docs/exports.md, Compliance).
    purges: run.purges,
    watermark: run.watermark,
    partition: `export_date=${run.partitionDate}`,
    tables: await Promise.all(
      tables.map(async (table) => {
        const relation = exportTable(table.tableName)!;
        const columns = [...(await exportColumns(db, relation)), RUN_COLUMN];
        const schema = parquetSchema(columns).slice(1);
        return {
          name: table.tableName,
          source: `${relation.schema}.${relation.name}`,
          mode: relation.mode,
          key: relation.key.map((k) => k.column),
          loadedAfter: relation.mode === 'changes' ? table.fromLoadedAt : null,
          loadedThrough: relation.mode === 'changes' ? run.watermark : null,
          rows: table.rows,
          columns: columns.map((column, i) => ({ name: column.name, postgres: column.pgType, nullable: column.nullable, parquet: schema[i] })),
          files: files
            .filter((f) => f.tableName === table.tableName)
            .map((f) => ({ key: f.key, part: f.part, rows: f.rows, rowGroups: f.rowGroups, bytes: f.bytes, sha256: f.sha256 })),
        };
      }),
    ),
  };
}

/** Starts a purging run for each of these shops (or every shop) with redactions awaiting one and no run open; returns how many started. */
export async function requestPurgingExports(context: Pick<ExportContext, 'db' | 'queue'>, shopIds?: readonly number[]): Promise<number> {
  let started = 0;
  for (const shopId of await shopsAwaitingPurge(context.db, shopIds)) {
    const { created } = await requestExport(context, { shopId, full: true, tables: PERSONAL_TABLE_NAMES, requestedBy: 'redaction', purges: true });
    if (created) started++;
  }
  return started;
}

/** The keys under a prefix, but those `except` holds. */
async function keysUnder(bucket: R2Bucket, prefix: string, except: (key: string) => boolean): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key).filter((key) => !except(key)));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/**
 * A purging run's last step before its manifest: every file of its tables but its own, published
 * or staged by any run, is deleted, as is every other run's staged file of the shop (one run of a
 * shop is open at a time, so none of them is still needed). Deleting again deletes nothing more.
 */
async function deleteSuperseded(context: ExportContext, run: ExportRun, tables: readonly ExportRunTable[], files: readonly ExportFile[]) {
  const own = new Set(files.map((f) => f.key));
  const ownStaging = stagingPrefix(run.shopDomain, run.id);
  const superseded = [
    ...(await Promise.all(tables.map((t) => keysUnder(context.bucket, tablePrefix(run.shopDomain, t.tableName), (key) => own.has(key))))).flat(),
    ...(await keysUnder(context.bucket, stagingPrefix(run.shopDomain), (key) => key.startsWith(ownStaging))),
  ];
  for (let i = 0; i < superseded.length; i += 1000) await context.bucket.delete(superseded.slice(i, i + 1000));
}

async function publish(context: ExportContext, run: ExportRun): Promise<boolean> {
  const files = await exportFiles(context.db, run.id);
  if (!(await publishSome(context, files))) return false;
  const tables = await exportRunTables(context.db, run.id);
  if (run.purges) await deleteSuperseded(context, run, tables, files);
  const manifest = JSON.stringify(await buildManifest(context.db, run, tables, files), null, 2);
  const key = manifestKey(run);
  await context.bucket.put(key, manifest, { httpMetadata: { contentType: 'application/json' } });
  // Every file and the manifest are in place: readers may take the run before its cursors move.
  await context.bucket.put(latestManifestKey(run.shopDomain), manifest, { httpMetadata: { contentType: 'application/json' } });
  if (await completeExportRun(context.db, run, key)) {
    // Staged copies are no longer read; one that stays behind costs storage, nothing else.
    for (let i = 0; i < files.length; i += 1000) {
      await context.bucket
        .delete(files.slice(i, i + 1000).map((f) => f.stagedKey))
        .catch((error: unknown) => log.warn('staged export files not deleted', { run: run.id, error }));
    }
    log.info('export complete', { run: run.id, shop: run.shopDomain, files: files.length, rows: files.reduce((n, f) => n + f.rows, 0) });
  }
  // A redaction that came while this run was open waits for it; the sweep starts what this misses.
  await requestPurgingExports(context, [run.shopId]);
  return true;
}

/**
 * One step of a run: a file of its current table, or a share of publishing. Queues the next step
 * while there is more to do; a step another delivery already took does nothing more.
 */
export async function advanceExport(context: ExportContext, runId: string): Promise<void> {
  const run = await exportRunById(context.db, runId);
  if (!run || run.status === 'complete' || run.status === 'failed') return;
  let more: boolean;
  if (run.status === 'running') {
    const table = (await exportRunTables(context.db, run.id)).find((t) => !t.done);
    if (table) {
      try {
        more = await writeNextPart(context, run, table);
      } catch (error) {
        // A value no Parquet column of its type can hold fails the run, saying where; the cursors stay.
        if (!(error instanceof UnrepresentableValue)) throw error;
        await failExportRun(context.db, run.id, `${table.tableName}: ${error.message}`);
        return;
      }
    } else {
      await markExportPublishing(context.db, run.id);
      more = true;
    }
  } else {
    more = !(await publish(context, run));
  }
  if (more) await context.queue.send({ kind: 'export-step', runId });
}

/**
 * Open runs no step has moved since `before` get a step again: one whose message was lost resumes
 * from what it recorded. Redactions still awaiting a purging run get one where no run is open.
 */
export async function requeueStalledExports(context: Pick<ExportContext, 'db' | 'queue'>, before: string): Promise<number> {
  const runs = await stalledExportRuns(context.db, before);
  await context.queue.sendAll(runs.map((runId) => ({ kind: 'export-step' as const, runId })));
  return runs.length + (await requestPurgingExports(context));
}
