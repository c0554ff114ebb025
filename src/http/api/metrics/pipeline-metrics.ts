import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { pipelineMetrics } from '../../../warehouse/reads/pipeline-metrics';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';

const BUCKETS = { minute: 1, hour: 60 } as const;
const count = z.number().int();
const instant = z.string();

export class PipelineMetrics extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Metrics'],
    summary:
      'The pipeline for this shop over the last hours: deliveries by outcome and over time, load lag, backlog, failures per stage, freshness per topic, uploads and resyncs',
    request: {
      query: z.strictObject({
        hours: z.coerce.number().int().min(1).max(168).default(24).describe('The window, ending now'),
        bucket: z.enum(['minute', 'hour']).default('hour').describe('The step of the series'),
      }),
    },
    responses: {
      '200': {
        description: 'The window and its figures',
        ...contentJson(
          z.object({
            from: instant,
            to: instant,
            bucketMinutes: count,
            deliveries: z.object({ received: count, loaded: count, quarantined: count, unmodelled: count, validated: count }),
            series: z.array(z.object({ at: instant, received: count, loaded: count, quarantined: count })),
            loadLagSeconds: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), max: z.number().nullable() }).describe('Received to loaded'),
            backlog: z.object({ deliveries: count, oldestReceivedAt: instant.nullable() }).describe('Accepted and validated, not yet loaded (any age)'),
            failures: z.array(z.object({ stage: z.string(), opened: count, open: count })).describe('Dead letters per stage: recorded in the window, open now'),
            topics: z.array(z.object({ topic: z.string(), received: count, lastReceivedAt: instant, lastLoadedAt: instant.nullable() })),
            uploads: z.array(z.object({ status: z.string(), jobs: count, rowsLoaded: z.number(), rowsRejected: z.number() })),
            resyncs: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                status: z.string(),
                linesLoaded: z.number(),
                linesTotal: z.number(),
                createdAt: instant,
                finishedAt: instant.nullable(),
              }),
            ),
          }),
        ),
      },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    return pipelineMetrics(db, shop, { hours: query.hours, bucketMinutes: BUCKETS[query.bucket] });
  }
}
