/**
 * npm run migrate: applies migrations/ to DATABASE_URL (Neon or any Postgres), or to the embedded
 * database in .wharf/pglite when DATABASE_URL is unset (stop `npm start` first: PGlite allows one
 * process at a time).
 */
import { migrateConfiguredWarehouse } from './lib/migrate';

console.log('migrations applied to', await migrateConfiguredWarehouse());
