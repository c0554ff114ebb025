import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { type ArrayElement, arrayParam } from './array-literal';
import type { Warehouse } from './db';

export type Tx = Pick<Warehouse, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/** Guard for last-write-wins: an incoming row only replaces one that is not newer (a row without a version is oldest). */
function notNewerThanIncoming(column: PgColumn): SQL {
  return sql`(${column} is null or ${column} <= excluded.${sql.identifier(column.name)})`;
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

export function propertyOf(table: PgTable, column: PgColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, c]) => c.name === column.name);
  if (!entry) throw new Error(`column ${column.name} is not in the table`);
  return entry[0];
}

/** The columns some row sets (a column with a default must be set in all rows or in none), each as one array parameter. */
function columnArrays(table: PgTable, rows: readonly object[]) {
  const columns = Object.entries(getTableColumns(table)).filter(([property, column]) => {
    if (column.generated) return false;
    const set = rows.filter((row) => (row as Record<string, unknown>)[property] !== undefined).length;
    if (set > 0 && set < rows.length && column.hasDefault)
      throw new Error(`${column.name}: set in ${set} of ${rows.length} rows; a defaulted column takes all or none`);
    return set > 0;
  });
  return columns.map(([property, column]) => {
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[property];
      return value === undefined || value === null ? null : column.mapToDriverValue(value);
    });
    // unnest flattens arrays of arrays, so an array column travels as text (its literals) and is cast back where read.
    const type = column.getSQLType();
    const isArray = type.endsWith('[]');
    return {
      column,
      param: arrayParam(values as ArrayElement[], isArray ? 'text' : type),
      read: (alias: string) => sql.raw(isArray ? `${alias}::${type}` : alias),
    };
  });
}

/**
 * `insert into table (columns) select … from unnest($1::type[], …)`: every column's values travel
 * as one array parameter, so a statement costs the same few parameters for one row or ten
 * thousand, and neither the query text nor the bind grows with the rows. The columns are those
 * some row sets; a column with a default must be set in all rows or in none (absent means default).
 * Rows are inserted in the order given.
 */
export function insertFromArrays(table: PgTable, rows: readonly object[]): SQL {
  const arrays = columnArrays(table, rows);
  const names = arrays.map(({ column }) => sql.identifier(column.name));
  const aliases = arrays.map((_, i) => `c${i}`);
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(
    arrays.map(({ read }, i) => read(aliases[i]!)),
    sql`, `,
  )} from unnest(${sql.join(
    arrays.map(({ param }) => param),
    sql`, `,
  )}) as u(${sql.raw(aliases.join(', '))})`;
}

/**
 * Rows in the order of their keys. Concurrent transactions that insert or update overlapping rows
 * in the same order wait for each other instead of deadlocking.
 */
export function inKeyOrder<R>(rows: readonly R[], key: (row: R) => string): R[] {
  return rows
    .map((row) => ({ row, key: key(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

/** A row's key as one string (columns joined by NUL): the same key, the same string, in every transaction. */
function keyFunction(table: PgTable, key: readonly PgColumn[]) {
  const props = key.map((column) => propertyOf(table, column));
  return (row: object) => props.map((p) => String((row as Record<string, unknown>)[p])).join('\u0000');
}

/** The table's primary key: what an `on conflict do nothing` of rows that never change meets. */
function primaryKeyOf(table: PgTable): PgColumn[] {
  const composite = getTableConfig(table).primaryKeys[0]?.columns;
  if (composite) return composite;
  const single = Object.values(getTableColumns(table)).filter((column) => column.primary);
  if (single.length === 0) throw new Error(`${getTableConfig(table).name} has no primary key to order its rows by`);
  return single;
}

/** Distinct rows by key in key order: of rows with equal keys the first (as an insert doing nothing on conflict keeps it) or the last. */
function distinctInKeyOrder<R extends object>(table: PgTable, rows: readonly R[], key: readonly PgColumn[], keep: 'first' | 'last'): R[] {
  const keyOf = keyFunction(table, key);
  const distinct = new Map<string, R>();
  for (const row of rows) if (keep === 'last' || !distinct.has(keyOf(row))) distinct.set(keyOf(row), row);
  return inKeyOrder([...distinct.values()], keyOf);
}

interface UpsertOptions {
  key: readonly PgColumn[];
  /** Last-write-wins on this column; without it the incoming row always replaces the stored one. */
  version?: PgColumn;
  /** Columns an upsert never overwrites (e.g. `deleted_at`, set from tombstones). */
  keep?: readonly PgColumn[];
  /** Columns a null incoming value does not overwrite: sources that cannot see them send null. */
  fillOnly?: readonly PgColumn[];
  /**
   * Columns that say where a row came from, not what it says (`raw_key`, `loaded_at`). With them,
   * a stored row equal to the incoming one in every other column is left as it is: its lineage
   * stays with the delivery that first brought that content.
   */
  lineage?: readonly PgColumn[];
}

/**
 * `insert … on conflict do update`: one statement for all rows, deduplicated per key (newest
 * version wins), in key order. Returns the statement and how many distinct rows it carries.
 */
function upsertStatement<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], options: UpsertOptions) {
  const keyOf = keyFunction(table, options.key);
  const versionProp = options.version && propertyOf(table, options.version);
  const unique = versionProp
    ? newestPerKey(rows, keyOf, (row) => String((row as Record<string, unknown>)[versionProp]))
    : [...new Map(rows.map((row) => [keyOf(row), row])).values()];
  const ordered = inKeyOrder(unique, keyOf);

  const columns = Object.values(getTableColumns(table)).filter((column) => !column.generated);
  const keep = new Set([...options.key, ...(options.keep ?? [])].map((column) => column.name));
  const fillOnly = new Set((options.fillOnly ?? []).map((column) => column.name));
  const incoming = columns
    .filter((column) => !keep.has(column.name))
    .map((column) =>
      fillOnly.has(column.name)
        ? sql`${sql.identifier(column.name)} = coalesce(excluded.${sql.identifier(column.name)}, ${table}.${sql.identifier(column.name)})`
        : sql`${sql.identifier(column.name)} = excluded.${sql.identifier(column.name)}`,
    );
  const conditions: SQL[] = [];
  if (options.version) conditions.push(notNewerThanIncoming(options.version));
  if (options.lineage) {
    const lineage = new Set([...keep, ...options.lineage.map((column) => column.name)]);
    const content = columns.filter((column) => !lineage.has(column.name));
    const stored = content.map((column) => sql`${table}.${sql.identifier(column.name)}`);
    const arriving = content.map((column) => sql`excluded.${sql.identifier(column.name)}`);
    conditions.push(sql`(${sql.join(stored, sql`, `)}) is distinct from (${sql.join(arriving, sql`, `)})`);
  }
  const statement = sql`
    ${insertFromArrays(table, ordered)}
    on conflict (${sql.join(
      options.key.map((column) => sql.identifier(column.name)),
      sql`, `,
    )}) do update set ${sql.join(incoming, sql`, `)}
    ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}`;
  return { statement, count: unique.length };
}

/** Multi-row upsert of `rows` in one statement, deduplicated per key (newest version wins). */
export async function upsertRows<T extends PgTable>(tx: Tx, table: T, rows: readonly T['$inferInsert'][], options: UpsertOptions) {
  if (rows.length === 0) return 0;
  const { statement, count } = upsertStatement(table, rows, options);
  await tx.execute(statement);
  return count;
}

/** `upsertRows`, returning the `returning` columns of the rows it inserted or changed (not of those it left as they were). */
export async function upsertRowsReturning<T extends PgTable, R extends Record<string, unknown>>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: UpsertOptions,
  returning: SQL,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const { statement } = upsertStatement(table, rows, options);
  return (await tx.execute<R>(sql`${statement} returning ${returning}`)).rows as R[];
}

/**
 * Multi-row insert of rows that never change once written (readings, tombstones), in primary key
 * order: two loads inserting the same new keys wait for each other instead of deadlocking.
 */
export async function insertOnce<T extends PgTable>(tx: Tx, table: T, rows: readonly T['$inferInsert'][]) {
  if (rows.length === 0) return;
  await tx.execute(sql`${insertFromArrays(table, distinctInKeyOrder(table, rows, primaryKeyOf(table), 'first'))} on conflict do nothing`);
}

/** `insertOnce`, returning the `returning` columns of the rows that were new. */
export async function insertOnceReturning<T extends PgTable, R extends Record<string, unknown>>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  returning: SQL,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const ordered = distinctInKeyOrder(table, rows, primaryKeyOf(table), 'first');
  return (await tx.execute<R>(sql`${insertFromArrays(table, ordered)} on conflict do nothing returning ${returning}`)).rows as R[];
}

/**
 * Rows keyed by their primary key and without a version, that many loads restate unchanged (a
 * shop's sales channel, a customer's version as each order carries it): new keys are inserted (in
 * key order), and a stored row is updated only where its content differs. `insert … on conflict do
 * update` would lock every row it meets, even one it leaves as it was, until the transaction ends:
 * every load of a shop's orders would wait for the one before it on the same channel row. An
 * unchanged row here is read, never locked. `lineage` columns (where the row came from) are written
 * with a change but do not make one. Returns the `returning` columns of the rows inserted or updated.
 */
export async function upsertChangedRows<T extends PgTable, R extends Record<string, unknown>>(
  tx: Tx,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: { lineage?: readonly PgColumn[]; returning: SQL },
): Promise<R[]> {
  if (rows.length === 0) return [];
  const key = primaryKeyOf(table);
  const ordered = distinctInKeyOrder(table, rows, key, 'last');
  const inserted = await tx.execute<R>(sql`${insertFromArrays(table, ordered)} on conflict do nothing returning ${options.returning}`);
  if (inserted.rows.length === ordered.length) return inserted.rows as R[];

  const arrays = columnArrays(table, ordered);
  const keyNames = new Set(key.map((column) => column.name));
  const lineage = new Set((options.lineage ?? []).map((column) => column.name));
  const name = (column: PgColumn) => sql.identifier(column.name);
  // The incoming values as v.c0, v.c1, …: names of their own, so that `returning` names only the table's columns.
  const incoming = new Map(arrays.map(({ column, read }, i) => [column.name, read(`v.c${i}`)]));
  const assigned = Object.values(getTableColumns(table))
    .filter((column) => !column.generated && !keyNames.has(column.name))
    .map((column) => sql`${name(column)} = ${incoming.get(column.name) ?? sql`default`}`);
  const content = arrays.filter(({ column }) => !keyNames.has(column.name) && !lineage.has(column.name)).map(({ column }) => column);
  const updated = await tx.execute<R>(sql`
    update ${table} set ${sql.join(assigned, sql`, `)}
    from unnest(${sql.join(
      arrays.map(({ param }) => param),
      sql`, `,
    )}) as v(${sql.raw(arrays.map((_, i) => `c${i}`).join(', '))})
    where ${sql.join(
      key.map((column) => sql`${table}.${name(column)} = ${incoming.get(column.name)!}`),
      sql` and `,
    )}
      and (${sql.join(
        content.map((column) => sql`${table}.${name(column)}`),
        sql`, `,
      )}) is distinct from (${sql.join(
        content.map((column) => incoming.get(column.name)!),
        sql`, `,
      )})
    returning ${options.returning}`);
  return [...(inserted.rows as R[]), ...(updated.rows as R[])];
}

/** A column of a tuple comparison: the column itself, or the name a query gives it (an alias) and the column, for its type. */
export type TupleColumn = PgColumn | { ref: SQL; column: PgColumn };

/** `alias.column`, typed as `column`. */
export const aliased = (alias: string, column: PgColumn): TupleColumn => ({ ref: sql`${sql.raw(alias)}.${sql.identifier(column.name)}`, column });

/**
 * `(a, b) in (select * from unnest($1::integer[], $2::bigint[]))`: one array parameter per column
 * however many tuples, where a list of tuples makes the planner weigh each one (a thousand keys
 * took longer to plan than to run).
 */
export function tuplesIn(columns: readonly TupleColumn[], tuples: readonly unknown[][]): SQL {
  const refs = columns.map((c) => ('ref' in c ? c.ref : c));
  const arrays = columns.map((c, i) => {
    const column = 'ref' in c ? c.column : c;
    return arrayParam(
      tuples.map((tuple) => (tuple[i] ?? null) as ArrayElement),
      column.getSQLType(),
    );
  });
  return sql`(${sql.join(refs, sql`, `)}) in (select * from unnest(${sql.join(arrays, sql`, `)}))`;
}

/**
 * Children of parents whose children arrived complete (a return's lines, a discount's codes):
 * those older than the complete set are no longer part of it, and go.
 */
export async function removeOlderChildren(
  tx: Tx,
  table: PgTable,
  parentId: PgColumn,
  version: PgColumn,
  sets: readonly { shopId: number; parentId: string; observedAt: string }[],
) {
  if (sets.length === 0) return;
  const shop = getTableColumns(table).shopId as PgColumn;
  const name = (c: PgColumn) => sql.identifier(c.name);
  await tx.execute(sql`
    delete from ${table} c
    using unnest(${arrayParam(
      sets.map((s) => s.shopId),
      shop.getSQLType(),
    )}, ${arrayParam(
      sets.map((s) => s.parentId),
      parentId.getSQLType(),
    )},
      ${arrayParam(
        sets.map((s) => s.observedAt),
        version.getSQLType(),
      )}) as s(shop_id, parent_id, observed_at)
    where c.shop_id = s.shop_id and c.${name(parentId)} = s.parent_id and c.${name(version)} < s.observed_at`);
}
