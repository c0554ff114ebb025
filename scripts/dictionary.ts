/**
 * npm run docs:dictionary: writes docs/dictionary.md, the data dictionary of the analytics schema,
 * from the comments the migrations put on its views and columns (DATABASE_URL, migrated first, or
 * the embedded database). A spec fails when the committed file differs from the database's.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataDictionary } from '../src/warehouse/dictionary';
import { withCliWarehouse } from './lib/cli-database';
import { migrateConfiguredWarehouse } from './lib/migrate';

await migrateConfiguredWarehouse();
const markdown = await withCliWarehouse(dataDictionary);
const file = fileURLToPath(new URL('../docs/dictionary.md', import.meta.url));
writeFileSync(file, markdown);
console.log(`wrote ${file}`);
