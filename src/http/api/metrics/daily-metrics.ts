import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { dailyMetrics } from '../../../warehouse/reads/metrics';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { measures, period } from './schemas';

export class DailyMetrics extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Metrics'],
    summary: 'Sales metrics per day',
    description: 'Backed by the metrics_daily view, which BI tools can query directly. Test, cancelled and deleted orders are left out.',
    request: { query: period },
    responses: {
      '200': { description: 'One entry per day with orders', ...contentJson(z.object({ data: z.array(measures.extend({ date: z.string() })) })) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    return { data: await dailyMetrics(db, shop, query) };
  }
}
