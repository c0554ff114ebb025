import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * The `SET` of an upsert that takes every incoming column except the conflict key and generated
 * columns: `col = excluded.col`.
 */
export function takeIncoming<T extends PgTable>(table: T, key: readonly PgColumn[]): Record<string, SQL> {
  const keyNames = new Set(key.map((column) => column.name));
  const set: Record<string, SQL> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    if (keyNames.has(column.name) || column.generated) continue;
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
 * instants). A multi-row upsert cannot touch the same row twice, and the newest must win anyway.
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
