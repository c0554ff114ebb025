import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from src/warehouse/schema.ts; `npm run migrate` applies them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/warehouse/schema.ts',
  out: './migrations',
});
