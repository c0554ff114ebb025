import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from src/warehouse/schema/; `npm run migrate` applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/warehouse/schema/index.ts',
  out: './migrations',
});
