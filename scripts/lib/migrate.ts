/** Applies the SQL migrations in migrations/ (drizzle-kit's journal decides what is new). */
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end();
  }
}

/** The warehouse the CLI means: DATABASE_URL, or the embedded database in .wharf/pglite. */
export async function migrateConfiguredWarehouse(): Promise<string> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await migrateDatabase(databaseUrl);
    return databaseUrl.replace(/:[^:@/]*@/, ':***@');
  }
  const embedded = await startEmbeddedPostgres({ dataDir: fileURLToPath(new URL('../../.wharf/pglite', import.meta.url)) });
  try {
    await migrateDatabase(embedded.url);
    return 'the embedded database in .wharf/pglite';
  } finally {
    await embedded.stop();
  }
}
