/**
 * Parquet exports as stored: runs, their progress per table, their files and the shops' cursors;
 * and the reads an export makes of the tables and marts it writes out, a page at a time in key
 * order. Each step that moves a run names what it expects to find, so that a redelivered step
 * changes nothing twice.
 */
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { complianceRequest, dimShop, exportCursor, exportFile, exportRun, exportRunTable } from './schema';
import type { Tx } from './upsert';

export type ExportRun = typeof exportRun.$inferSelect & { shopDomain: string };
export type ExportRunTable = typeof exportRunTable.$inferSelect;
export type ExportFile = typeof exportFile.$inferSelect;

/** A table or mart an export writes (src/exports/tables.ts lists them). */
export interface ExportRelation {
  /** Its name in Postgres and its folder under exports/{shop}/. */
  name: string;
  schema: 'public' | 'analytics';
  mode: 'changes' | 'snapshot';
  /** Unique per shop, in this order; a nullable key column sorts its nulls first. */
  key: readonly { column: string; nullable: boolean }[];
  /** False for the calendar, which every shop shares. */
  perShop: boolean;
  /** Holds what a customer redaction erases (emails, their hashes, where a customer lives): rewritten whole after one. */
  personalData: boolean;
}

/**
 * How a column is read out for a Parquet file: 64-bit integers and instants (as microseconds
 * since 1970) in decimal text, numerics as Postgres's exact text, days as days since 1970-01-01.
 */
export type ExportColumnKind = 'int64' | 'int32' | 'decimal' | 'timestamp' | 'date' | 'boolean' | 'double' | 'text' | 'json';

export interface ExportColumn {
  name: string;
  kind: ExportColumnKind;
  nullable: boolean;
  /** Postgres's name of its type (format_type), as a manifest states it. */
  pgType: string;
}

const KIND_OF_TYPE: Readonly<Record<string, ExportColumnKind>> = {
  int8: 'int64',
  int4: 'int32',
  int2: 'int32',
  numeric: 'decimal',
  timestamptz: 'timestamp',
  date: 'date',
  bool: 'boolean',
  float4: 'double',
  float8: 'double',
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  json: 'json',
  jsonb: 'json',
};

/** The columns of a table or view, in order, with the kind each is written as (arrays as JSON). */
export async function exportColumns(db: Warehouse, relation: Pick<ExportRelation, 'schema' | 'name'>): Promise<ExportColumn[]> {
  const result = await db.execute<{ name: string; pg_type: string; type_name: string; category: string; nullable: boolean }>(sql`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as pg_type, t.typname as type_name, t.typcategory as category,
      not a.attnotnull as nullable
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    where n.nspname = ${relation.schema} and c.relname = ${relation.name} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`);
  if (result.rows.length === 0) throw new Error(`no relation ${relation.schema}.${relation.name} to export`);
  return result.rows.map((row) => {
    const kind = row.category === 'A' ? 'json' : KIND_OF_TYPE[row.type_name];
    if (!kind) throw new Error(`${relation.name}.${row.name} is of type ${row.pg_type}, which exports do not write`);
    return { name: row.name, kind, nullable: row.nullable, pgType: row.pg_type };
  });
}

function readOut(column: ExportColumn) {
  const c = sql.identifier(column.name);
  switch (column.kind) {
    case 'int64':
    case 'decimal':
      return sql`${c}::text`;
    case 'timestamp':
      // extract(epoch) is numeric, exact to the microsecond Postgres stores.
      return sql`(extract(epoch from ${c}) * 1000000)::int8::text`;
    case 'date':
      return sql`(${c} - date '1970-01-01')`;
    case 'json':
      return sql`to_json(${c})::text`;
    default:
      return sql`${c}`;
  }
}

/** A key column as it is ordered: nulls before every value (ids are positive, text is compared as text). */
function keyExpression(key: ExportRelation['key'][number], column: ExportColumn) {
  const c = sql.identifier(key.column);
  if (!key.nullable) return sql`${c}`;
  return column.kind === 'text' ? sql`coalesce(${c}, '')` : sql`coalesce(${c}, -1)`;
}

export interface PageRequest {
  shopId: number;
  /** The key of the last row of the previous page (text of each key column), or null for the first. */
  afterKey: readonly string[] | null;
  /** Changes: rows loaded after `from` (all when null) and up to `to`. */
  loaded?: { from: string | null; to: string };
  limit: number;
}

export interface Page {
  rows: Record<string, string | number | boolean | null>[];
  lastKey: string[] | null;
}

/** One page of a table or mart for a shop, in key order, every column read out for Parquet. */
export async function readExportPage(db: Warehouse, relation: ExportRelation, columns: readonly ExportColumn[], request: PageRequest): Promise<Page> {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const keyColumns = relation.key.map((key) => {
    const column = byName.get(key.column);
    if (!column) throw new Error(`${relation.name} has no key column ${key.column}`);
    return { key, column, expression: keyExpression(key, column) };
  });
  const conditions = [
    relation.perShop ? sql`shop_id = ${request.shopId}` : undefined,
    request.loaded?.from ? sql`loaded_at > ${request.loaded.from}` : undefined,
    request.loaded ? sql`loaded_at <= ${request.loaded.to}` : undefined,
    request.afterKey
      ? sql`(${sql.join(
          keyColumns.map((k) => k.expression),
          sql`, `,
        )}) > (${sql.join(
          keyColumns.map((k, i) => sql`cast(${request.afterKey![i]} as ${sql.raw(k.column.pgType)})`),
          sql`, `,
        )})`
      : undefined,
  ].filter((c) => c !== undefined);
  const result = await db.execute<Record<string, string | number | boolean | null> & { __key: string[] }>(sql`
    select ${sql.join(
      columns.map((c) => sql`${readOut(c)} as ${sql.identifier(c.name)}`),
      sql`, `,
    )},
      array[${sql.join(
        keyColumns.map((k) => sql`(${k.expression})::text`),
        sql`, `,
      )}] as __key
    from ${sql.identifier(relation.schema)}.${sql.identifier(relation.name)}
    ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    order by ${sql.join(
      keyColumns.map((k) => k.expression),
      sql`, `,
    )}
    limit ${request.limit}`);
  const rows = result.rows.map(({ __key, ...row }) => row);
  return { rows, lastKey: result.rows.at(-1)?.__key ?? null };
}

/**
 * Customer redactions whose erasure no run has yet taken out of the exported files: none has
 * been given to a purging run, or the one given failed.
 */
const awaitingPurge = sql`${complianceRequest.topic} = 'customers/redact' and ${complianceRequest.exportsPurgedAt} is null
  and (${complianceRequest.exportRunId} is null or ${complianceRequest.exportRunId} in (select id from ${exportRun} where status = 'failed'))`;

/** Shops (of these, or all) with redactions awaiting a purging run and no run open: those a purging run can start for now. */
export async function shopsAwaitingPurge(db: Tx, shopIds?: readonly number[]): Promise<number[]> {
  if (shopIds?.length === 0) return [];
  const result = await db.execute<{ shop_id: number }>(sql`
    select distinct s.shop_id from ${complianceRequest} join ${dimShop} s on s.domain = ${complianceRequest.shopDomain}
    where ${awaitingPurge} and s.redacted_at is null
      ${
        shopIds
          ? sql`and s.shop_id in (${sql.join(
              shopIds.map((id) => sql`${id}`),
              sql`, `,
            )})`
          : sql``
      }
      and not exists (select 1 from ${exportRun} r where r.shop_id = s.shop_id and r.status in ('running', 'publishing'))
    order by s.shop_id`);
  return result.rows.map((r) => r.shop_id);
}

/**
 * When a redaction of the shop has nothing left to purge, as it is recorded: now if no run of the
 * shop ever wrote a file (a run that starts later reads the erased rows), otherwise null (open).
 */
export const exportsPurgedUnlessExported = (shopDomain: string) =>
  sql`(select case when exists (select 1 from ${exportRun} r join ${dimShop} s on s.shop_id = r.shop_id where s.domain = ${shopDomain}) then null else now() end)`;

/**
 * The instant up to which every load's rows are committed: now, or the start of the oldest
 * transaction still open on this database (loads stamp `loaded_at` with their transaction's start,
 * so one that commits after the export read its page still falls after the watermark).
 */
async function watermarkOf(tx: Tx): Promise<string> {
  const result = await tx.execute<{ watermark: string }>(sql`
    select least(now(), (
      select min(xact_start) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
    ))::text as watermark`);
  return result.rows[0]!.watermark;
}

export interface NewExportRun {
  id: string;
  shopId: number;
  full: boolean;
  /** A run for the shop's customer redactions not yet purged from its files (it takes them on). */
  purges?: boolean;
  requestedBy: string;
  tables: readonly Pick<ExportRelation, 'name' | 'mode'>[];
}

/**
 * Creates a run of the shop, each table starting from its cursor (every row when `full`); or,
 * while one is open, returns that one instead.
 */
export async function createExportRun(db: Warehouse, run: NewExportRun): Promise<{ run: ExportRun; created: boolean }> {
  return db.transaction(async (tx) => {
    const watermark = await watermarkOf(tx);
    const [inserted] = await tx
      .insert(exportRun)
      .values({
        id: run.id,
        shopId: run.shopId,
        full: run.full,
        purges: run.purges ?? false,
        status: 'running',
        requestedBy: run.requestedBy,
        watermark,
        partitionDate: sql`(${watermark}::timestamptz at time zone 'UTC')::date`,
      })
      .onConflictDoNothing()
      .returning({ id: exportRun.id });
    if (!inserted) {
      const [open] = await tx
        .select({ id: exportRun.id })
        .from(exportRun)
        .where(and(eq(exportRun.shopId, run.shopId), inArray(exportRun.status, ['running', 'publishing'])));
      return { run: (await exportRunById(tx, open!.id))!, created: false };
    }
    if (run.purges) {
      // Only redactions committed before the run began are its: every page it reads is read after their erasure.
      await tx
        .update(complianceRequest)
        .set({ exportRunId: run.id })
        .where(and(sql`${complianceRequest.shopDomain} = (select domain from ${dimShop} where shop_id = ${run.shopId})`, awaitingPurge));
    }
    const cursors = new Map((await tx.select().from(exportCursor).where(eq(exportCursor.shopId, run.shopId))).map((cursor) => [cursor.tableName, cursor]));
    await tx.insert(exportRunTable).values(
      run.tables.map((table, position) => {
        const cursor = cursors.get(table.name);
        return {
          runId: run.id,
          tableName: table.name,
          position,
          mode: table.mode,
          fromLoadedAt: table.mode === 'changes' && !run.full ? (cursor?.loadedAt ?? null) : null,
          firstPart: cursor?.nextPart ?? 0,
        };
      }),
    );
    return { run: (await exportRunById(tx, run.id))!, created: true };
  });
}

export async function exportRunById(db: Tx, id: string, shopId?: number): Promise<ExportRun | undefined> {
  const [row] = await db
    .select({ run: exportRun, shopDomain: dimShop.domain })
    .from(exportRun)
    .innerJoin(dimShop, eq(dimShop.shopId, exportRun.shopId))
    .where(and(eq(exportRun.id, id), shopId === undefined ? undefined : eq(exportRun.shopId, shopId)));
  return row && { ...row.run, shopDomain: row.shopDomain };
}

export async function exportRunTables(db: Tx, runId: string): Promise<ExportRunTable[]> {
  return db.select().from(exportRunTable).where(eq(exportRunTable.runId, runId)).orderBy(asc(exportRunTable.position));
}

export async function exportFiles(db: Tx, runId: string): Promise<ExportFile[]> {
  return db.select().from(exportFile).where(eq(exportFile.runId, runId)).orderBy(asc(exportFile.tableName), asc(exportFile.part));
}

export async function exportFileOf(db: Tx, runId: string, tableName: string, part: number): Promise<ExportFile | undefined> {
  const [row] = await db
    .select()
    .from(exportFile)
    .where(and(eq(exportFile.runId, runId), eq(exportFile.tableName, tableName), eq(exportFile.part, part)));
  return row;
}

export interface PartWritten {
  runId: string;
  tableName: string;
  /** The parts the table had when the step began: the step counts only if that is still so. */
  partsBefore: number;
  file: Omit<ExportFile, 'runId' | 'tableName' | 'published'> | null;
  afterKey: string[] | null;
  done: boolean;
}

/**
 * Records what one step wrote of a table: its file (if any rows), where the next page starts, and
 * whether the table is done. False when another delivery of the same step recorded it first.
 */
export async function recordExportPart(db: Warehouse, written: PartWritten): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(exportRunTable)
      .set({
        parts: sql`${exportRunTable.parts} + ${written.file ? 1 : 0}`,
        rows: sql`${exportRunTable.rows} + ${written.file?.rows ?? 0}`,
        afterKey: written.afterKey,
        done: written.done,
      })
      .where(
        and(
          eq(exportRunTable.runId, written.runId),
          eq(exportRunTable.tableName, written.tableName),
          eq(exportRunTable.parts, written.partsBefore),
          eq(exportRunTable.done, false),
        ),
      )
      .returning({ runId: exportRunTable.runId });
    if (moved.length === 0) return false;
    if (written.file) await tx.insert(exportFile).values({ runId: written.runId, tableName: written.tableName, ...written.file });
    await tx.update(exportRun).set({ movedAt: sql`now()` }).where(eq(exportRun.id, written.runId));
    return true;
  });
}

/** running → publishing, once every table is written. */
export async function markExportPublishing(db: Tx, runId: string): Promise<void> {
  await db
    .update(exportRun)
    .set({ status: 'publishing', movedAt: sql`now()` })
    .where(and(eq(exportRun.id, runId), eq(exportRun.status, 'running')));
}

export async function markExportFilePublished(db: Tx, file: Pick<ExportFile, 'runId' | 'tableName' | 'part'>): Promise<void> {
  await db
    .update(exportFile)
    .set({ published: true })
    .where(and(eq(exportFile.runId, file.runId), eq(exportFile.tableName, file.tableName), eq(exportFile.part, file.part)));
  await db.update(exportRun).set({ movedAt: sql`now()` }).where(eq(exportRun.id, file.runId));
}

/**
 * publishing → complete, with its manifest, and each table's cursor moved to the run's watermark
 * and past its parts: one transaction, so a cursor never passes files that are not all published.
 */
export async function completeExportRun(db: Warehouse, run: Pick<ExportRun, 'id' | 'shopId' | 'watermark'>, manifestKey: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const completed = await tx
      .update(exportRun)
      .set({ status: 'complete', manifestKey, finishedAt: sql`now()`, movedAt: sql`now()` })
      .where(and(eq(exportRun.id, run.id), eq(exportRun.status, 'publishing')))
      .returning({ id: exportRun.id });
    if (completed.length === 0) return false;
    await tx
      .update(complianceRequest)
      .set({ exportsPurgedAt: sql`now()` })
      .where(and(eq(complianceRequest.exportRunId, run.id), sql`${complianceRequest.exportsPurgedAt} is null`));
    for (const table of await exportRunTables(tx, run.id)) {
      const cursor = { loadedAt: run.watermark, nextPart: table.firstPart + table.parts, runId: run.id };
      await tx
        .insert(exportCursor)
        .values({ shopId: run.shopId, tableName: table.tableName, ...cursor })
        .onConflictDoUpdate({ target: [exportCursor.shopId, exportCursor.tableName], set: cursor });
    }
    return true;
  });
}

/** Fails an open run; its staged files are never published, and its tables' cursors stay where they were. */
export async function failExportRun(db: Tx, runId: string, error: string): Promise<void> {
  await db
    .update(exportRun)
    .set({ status: 'failed', error, finishedAt: sql`now()`, movedAt: sql`now()` })
    .where(and(eq(exportRun.id, runId), inArray(exportRun.status, ['running', 'publishing'])));
}

/** Open runs no step has moved since `before`. */
export async function stalledExportRuns(db: Tx, before: string): Promise<string[]> {
  const rows = await db
    .select({ id: exportRun.id })
    .from(exportRun)
    .where(and(inArray(exportRun.status, ['running', 'publishing']), lt(exportRun.movedAt, before)));
  return rows.map((r) => r.id);
}

/** The cursors of a shop's tables, by table. */
export async function exportCursors(db: Tx, shopId: number): Promise<(typeof exportCursor.$inferSelect)[]> {
  return db.select().from(exportCursor).where(eq(exportCursor.shopId, shopId)).orderBy(asc(exportCursor.tableName));
}

/** Shops with warehouse rows: those a daily export runs for. */
export async function shopsToExport(db: Tx): Promise<number[]> {
  const rows = await db.select({ shopId: dimShop.shopId }).from(dimShop).where(sql`${dimShop.redactedAt} is null`);
  return rows.map((r) => r.shopId);
}
