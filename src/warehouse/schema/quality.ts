/**
 * Data quality: each run of the rules of src/quality/rules.ts for a shop, and what each rule
 * found (rows checked and failing, a score and a few failing keys), kept for trends.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { shopRef } from './dimensions';

export const qualityRun = pgTable(
  'quality_run',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopId: shopRef(),
    /** What started it: the cron, the CLI or the API. */
    trigger: text('trigger').notNull(),
    startedAt: instant('started_at').notNull().default(sql`now()`),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('quality_run_shop').on(t.shopId, t.startedAt)],
);

export const qualityResult = pgTable(
  'quality_result',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => qualityRun.id),
    shopId: shopRef(),
    rule: text('rule').notNull(),
    dimension: text('dimension').notNull(),
    tableName: text('table_name').notNull(),
    checked: bigint('checked', { mode: 'number' }).notNull(),
    failed: bigint('failed', { mode: 'number' }).notNull(),
    /** 100 × the share of checked rows that pass; 100 when nothing was there to check; null when skipped. */
    score: numeric('score'),
    /** Why the rule was not measured (it has nothing to compare with yet); a skipped rule is not scored. */
    skipped: text('skipped'),
    /** A few failing keys (or, for anomalies, the figures), to start looking from. */
    samples: jsonb('samples'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.rule] })],
);
