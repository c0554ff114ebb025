/**
 * npm run migrate: applies migrations/ to DATABASE_URL (Neon or any Postgres), or to the embedded
 * database in .wharf/pglite when DATABASE_URL is unset (stop `npm start` first: PGlite allows one
 * process at a time).
 */
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { migrateDatabase } from './lib/migrate';

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  await migrateDatabase(databaseUrl);
  console.log('migrations applied to', databaseUrl.replace(/:[^:@/]*@/, ':***@'));
} else {
  const embedded = await startEmbeddedPostgres({ dataDir: fileURLToPath(new URL('../.wharf/pglite', import.meta.url)) });
  try {
    await migrateDatabase(embedded.url);
    console.log('migrations applied to the embedded database in .wharf/pglite');
  } finally {
    await embedded.stop();
  }
}
