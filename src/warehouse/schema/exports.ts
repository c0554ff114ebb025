/**
 * Parquet exports (docs/exports.md): a run per shop, its progress per table, the files it wrote,
 * and a cursor per table and shop that only a complete run advances.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { shopRef } from './dimensions';

/**
 * One export of a shop: `watermark` bounds what it takes of each table (rows loaded up to then),
 * `partition_date` is the `export_date=` partition its files go to. Its files are visible under
 * exports/ only once it is complete: until then they are staged under the run's own prefix.
 */
export const exportRun = pgTable(
  'export_run',
  {
    id: text('id').primaryKey(),
    shopId: shopRef(),
    full: boolean('full').notNull(),
    /** Run for customer redactions: once its files are in place it deletes every other file of its tables, and the shop's other staged files. */
    purges: boolean('purges').notNull().default(false),
    status: text('status', { enum: ['running', 'publishing', 'complete', 'failed'] }).notNull(),
    requestedBy: text('requested_by').notNull(),
    watermark: instant('watermark').notNull(),
    partitionDate: date('partition_date').notNull(),
    manifestKey: text('manifest_key'),
    error: text('error'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    /** When a step last moved the run: what the sweep reads to find a stalled one. */
    movedAt: instant('moved_at').notNull().default(sql`now()`),
    finishedAt: instant('finished_at'),
  },
  (t) => [
    // One run of a shop at a time: each takes its tables from the cursors the one before left.
    uniqueIndex('export_run_one_open').on(t.shopId).where(sql`status in ('running', 'publishing')`),
    index('export_run_shop').on(t.shopId, t.createdAt),
  ],
);

/** A run's progress through one table: where its next page starts and how many parts it wrote. */
export const exportRunTable = pgTable(
  'export_run_table',
  {
    runId: text('run_id')
      .notNull()
      .references(() => exportRun.id),
    tableName: text('table_name').notNull(),
    /** Position in the run: tables are exported one after another in this order. */
    position: integer('position').notNull(),
    /** `changes`: rows loaded after `from_loaded_at`; `snapshot`: every current row. */
    mode: text('mode', { enum: ['changes', 'snapshot'] }).notNull(),
    /** The cursor the run started from (changes); null takes every row. */
    fromLoadedAt: instant('from_loaded_at'),
    /** The number of the table's first part in this run: part numbers go on from run to run. */
    firstPart: integer('first_part').notNull(),
    parts: integer('parts').notNull().default(0),
    rows: bigint('rows', { mode: 'number' }).notNull().default(0),
    /** The key of the last row written (text of each key column), null before the first part. */
    afterKey: text('after_key').array(),
    done: boolean('done').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.runId, t.tableName] })],
);

/** A Parquet file of a run: where it is staged, where it is published, and what it holds. */
export const exportFile = pgTable(
  'export_file',
  {
    runId: text('run_id')
      .notNull()
      .references(() => exportRun.id),
    tableName: text('table_name').notNull(),
    part: integer('part').notNull(),
    stagedKey: text('staged_key').notNull(),
    key: text('key').notNull(),
    rows: bigint('rows', { mode: 'number' }).notNull(),
    rowGroups: integer('row_groups').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    published: boolean('published').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.runId, t.tableName, t.part] })],
);

/** Where the next run of a shop starts each table: advanced with the run that completes. */
export const exportCursor = pgTable(
  'export_cursor',
  {
    shopId: shopRef(),
    tableName: text('table_name').notNull(),
    /** The watermark of the last complete run: its changes are in files, later ones are not. */
    loadedAt: instant('loaded_at').notNull(),
    nextPart: integer('next_part').notNull(),
    runId: text('run_id')
      .notNull()
      .references(() => exportRun.id),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.tableName] })],
);
