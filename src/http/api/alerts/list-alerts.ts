import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listAlerts } from '../../../warehouse/alerts';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { alertSchema } from './schemas';

export class ListAlerts extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Alerts'],
    summary: "The shop's alerts, newest first: open ones, or every one with when it cleared",
    request: {
      query: z.strictObject({
        state: z.enum(['open', 'all']).default('open'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
    },
    responses: { '200': { description: 'Alerts', ...contentJson(z.object({ data: z.array(alertSchema) })) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    return { data: await listAlerts(db, shop, { open: query.state === 'open', limit: query.limit }) };
  }
}
