import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listJobs } from '../../../warehouse/reads/jobs';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { jobIdParam } from './get-job';
import { presentJob } from './present-job';
import { job } from './schemas';

export class ListJobs extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'Upload jobs, newest first',
    request: { query: z.strictObject({ limit: limitParam, cursor: cursorParam }) },
    responses: { '200': { description: 'A page of jobs', ...contentJson(pageOf(job)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [before] = cursorKey(query.cursor, [jobIdParam]) ?? [];
    const page = await listJobs(db, shop, { before, limit: query.limit });
    return { data: page.data.map(presentJob), nextCursor: page.nextCursor };
  }
}
