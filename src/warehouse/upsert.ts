import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Warehouse } from './db';

export type Tx = Pick<Warehouse, 'insert' | 'update' | 'delete' | 'execute'>;

/**
 * The `SET` of an upsert that takes every incoming column except the conflict key, generated
 * columns and the columns to keep: `col = excluded.col`.
 */
export function takeIncoming(table: PgTable, except: readonly PgColumn[]): Record<string, SQL> {
  const keep = new Set(except.map((column) => column.name));
  const set: Record<string, SQL> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (keep.has(column.name) || column.generated) continue;
    set[property] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

/** Guard for last-write-wins: an incoming row only replaces one that is not newer. */
export function notNewerThanIncoming(column: PgColumn): SQL {
  return sql`${column} <= excluded.${sql.identifier(column.name)}`;
}

// Postgres accepts at most 65,535 bind parameters per statement.
const MAX_PARAMETERS = 65_535;

/** Splits rows into runs that fit one multi-row INSERT into `table`. */
export function* insertChunks<R extends object>(table: PgTable, rows: readonly R[]): Generator<R[]> {
  const columnsPerRow = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columnsPerRow));
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * Keeps one row per key, the newest by `version` (ISO timestamps with offsets, compared as
 * instants; the later of equals wins). A multi-row upsert cannot touch the same row twice, and
 * the newest must win anyway.
 */
export function newestPerKey<R>(rows: readonly R[], key: (row: R) => string, version: (row: R) => string): R[] {
  const newest = new Map<string, R>();
  for (const row of rows) {
    const k = key(row);
    const current = newest.get(k);
    if (!current || Date.parse(version(row)) >= Date.parse(version(current))) newest.set(k, row);
  }
  return [...newest.values()];
}

function propertyOf(table: PgTable, column: PgColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c.name === column.name);
  if (!entry) throw new Error(`column ${column.name} is not in the table`);
  return entry[0];
}

interface UpsertOptions {
  key: readonly PgColumn[];
  /** Last-write-wins on this column; without it the incoming row always replaces the stored one. */
  version?: PgColumn;
  /** Columns an upsert never overwrites (e.g. `deleted_at`, set from tombstones). */
  keep?: readonly PgColumn[];
}

/** Multi-row upsert of `rows`, deduplicated per key (newest version wins), in as few statements as fit. */
export async function upsertRows<T extends PgTable>(tx: Tx, table: T, rows: readonly T['$inferInsert'][], options: UpsertOptions) {
  if (rows.length === 0) return 0;
  const keyProps = options.key.map((column) => propertyOf(table, column));
  const keyOf = (row: T['$inferInsert']) => keyProps.map((p) => String((row as Record<string, unknown>)[p])).join('\u0000');
  const versionProp = options.version && propertyOf(table, options.version);
  const unique = (
    versionProp
      ? newestPerKey(rows, keyOf, (row) => String((row as Record<string, unknown>)[versionProp]))
      : [...new Map(rows.map((row) => [keyOf(row), row])).values()]
  )
    // In key order, so that concurrent loads touching the same rows lock them in the same order
    // and wait for each other instead of deadlocking.
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

  for (const chunk of insertChunks(table, unique)) {
    await tx
      .insert(table)
      .values(chunk)
      .onConflictDoUpdate({
        target: [...options.key] as PgColumn[],
        set: takeIncoming(table, [...options.key, ...(options.keep ?? [])]),
        ...(options.version ? { setWhere: notNewerThanIncoming(options.version) } : {}),
      });
  }
  return unique.length;
}

/** Multi-row insert of rows that never change once written (readings, tombstones). */
export async function insertOnce<T extends PgTable>(tx: Tx, table: T, rows: readonly T['$inferInsert'][]) {
  for (const chunk of insertChunks(table, rows)) await tx.insert(table).values(chunk).onConflictDoNothing();
}

/** `(a, b) in ((1, 2), (3, 4))` over the given columns and value tuples. */
export function tuplesIn(columns: readonly (PgColumn | SQL)[], tuples: readonly unknown[][]): SQL {
  const row = (values: readonly unknown[]) => sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
  return sql`(${sql.join([...columns], sql`, `)}) in (${sql.join(tuples.map(row), sql`, `)})`;
}
