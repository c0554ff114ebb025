/**
 * Where a benchmark's Postgres baseline runs its COPY and SQL. On PostgreSQL: the run's database,
 * with COPY FROM STDIN (node-postgres, pg-copy-streams). The embedded PGlite's wire server does
 * not pass COPY FROM STDIN through (the connection drops), so on PGlite the baseline runs on an
 * in-process PGlite of its own, migrated with Wharf's schema, with `COPY … FROM '/dev/blob'`.
 */
import { createReadStream, openAsBlob } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrationsFolder } from '../../scripts/lib/migrate';

export interface CopyTarget {
  exec(statement: string): Promise<void>;
  one<T>(statement: string): Promise<T>;
  /** `copy <into> from <the file> with <options>`, e.g. into `staging (a, b)`, options `(format csv)`. */
  copyFile(into: string, options: string, file: string): Promise<void>;
}

function postgresTarget(client: pg.Client): CopyTarget {
  return {
    exec: async (statement) => void (await client.query(statement)),
    one: async <T>(statement: string) => (await client.query(statement)).rows[0] as T,
    copyFile: (into, options, file) =>
      pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), client.query(copyFrom(`copy ${into} from stdin with ${options}`))),
  };
}

function pgliteTarget(db: PGlite): CopyTarget {
  return {
    exec: async (statement) => void (await db.exec(statement)),
    one: async <T>(statement: string) => (await db.query<T>(statement)).rows[0] as T,
    copyFile: async (into, options, file) => void (await db.query(`copy ${into} from '/dev/blob' with ${options}`, [], { blob: await openAsBlob(file) })),
  };
}

/** Runs `measure` on the run's database (PostgreSQL), or on a migrated PGlite of its own when the run's database is the embedded one. */
export async function onBaselineTarget<T>(client: pg.Client, embedded: boolean, measure: (target: CopyTarget) => Promise<T>): Promise<T> {
  if (!embedded) return measure(postgresTarget(client));
  const own = await PGlite.create();
  try {
    await migrate(drizzle({ client: own }), { migrationsFolder });
    return await measure(pgliteTarget(own));
  } finally {
    await own.close();
  }
}

/** Where the baseline ran, for the report. */
export const baselineWhere = (embedded: boolean) => (embedded ? 'an in-process PGlite of its own, COPY FROM /dev/blob' : "the run's database, COPY FROM STDIN");
