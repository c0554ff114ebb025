import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { summaryMetrics } from '../../../warehouse/reads/metrics';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { measures, period } from './schemas';

export class SummaryMetrics extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Metrics'],
    summary: 'Sales metrics for a period',
    request: { query: period },
    responses: { '200': { description: 'The period in total', ...contentJson(measures) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    return summaryMetrics(db, shop, query);
  }
}
