import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { getJob } from '../../../warehouse/reads/jobs';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { presentJob } from './present-job';
import { job } from './schemas';

export const jobIdParam = z.string().regex(/^job_[0-9a-z]{25}$/, 'expected a job id');

export class GetJob extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'A job: status, row counts, chunk progress, timings',
    request: { params: z.object({ id: jobIdParam }) },
    responses: { '200': { description: 'The job', ...contentJson(job) }, '404': { description: 'No such job in this shop' }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const found = await getJob(db, shop, params.id);
    if (!found) throw new Problem(404, `no job ${params.id}`);
    return presentJob(found);
  }
}
