import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { QUALITY_RULES } from '../../../quality/rules';
import { runQuality, scoresOf } from '../../../quality/run';
import { qualityRuns } from '../../../warehouse/quality';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';

const finding = z.object({
  rule: z.string(),
  dimension: z.string(),
  table: z.string(),
  checked: z.number(),
  failed: z.number(),
  score: z.number().nullable().describe('Null when the rule was skipped'),
  samples: z
    .unknown()
    .describe(
      'A few failing keys; for anomalies, the day, its value, the baseline and the robust z-score; for resync.counts.reconcile, each failing entity with both counts',
    ),
  skipped: z.string().nullable().describe('Why the rule was not measured (nothing to compare with yet): it is not scored'),
});
const scores = z.object({ overall: z.number(), dimensions: z.record(z.string(), z.number()), tables: z.record(z.string(), z.number()) });

export class ListQualityRuns extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Quality'],
    summary: "The shop's data-quality runs, newest first, with scores (0–100) overall, per dimension and per table, and each rule's findings",
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(24) }) },
    responses: {
      '200': {
        description: 'Runs',
        ...contentJson(
          z.object({
            rules: z.array(z.object({ name: z.string(), dimension: z.string(), table: z.string(), description: z.string() })),
            data: z.array(z.object({ id: z.number(), trigger: z.string(), startedAt: z.string(), scores, findings: z.array(finding) })),
          }),
        ),
      },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const runs = await qualityRuns(db, shop, query.limit);
    return {
      rules: QUALITY_RULES.map(({ name, dimension, table, description }) => ({ name, dimension, table, description })),
      data: runs.map((run) => ({ id: run.id, trigger: run.trigger, startedAt: run.startedAt, scores: scoresOf(run.findings), findings: run.findings })),
    };
  }
}

export class RunQuality extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Quality'],
    summary: 'Run every data-quality rule for this shop now',
    responses: {
      '201': { description: 'The run', ...contentJson(z.object({ runId: z.number(), scores, findings: z.array(finding) })) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    await this.getValidatedData<typeof this.schema>();
    return c.json(await runQuality(db, shop, 'api'), 201);
  }
}
