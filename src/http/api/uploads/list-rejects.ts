import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { warehouseConfig } from '../../../config';
import { csvStream } from '../../../files/csv';
import { connectWarehouse } from '../../../warehouse/db';
import { getJob, listRejects, rejectPages } from '../../../warehouse/reads/jobs';
import type { ShopScope } from '../../../warehouse/reads/scope';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, cursorParam, limitParam, pageOf, problemResponses, rowNumberPart } from '../api-route';
import { cursorKey } from '../cursor';
import { jobIdParam } from './get-job';

const reject = z.object({ row: z.number(), field: z.string(), value: z.string().nullable(), reason: z.string() });

/**
 * Every reject as CSV, read page by page so that a large job streams in flat memory. The stream
 * outlives the request handler, so it has a connection of its own, closed when it ends.
 */
async function rejectsCsv(env: Env, scope: ShopScope, jobId: string): Promise<ReadableStream<Uint8Array>> {
  const connection = await connectWarehouse(warehouseConfig(env).database);
  return csvStream(['row', 'field', 'value', 'reason'], rejectPages(connection.db, scope, jobId), connection.close);
}

export class ListRejects extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Uploads'],
    summary: "A job's rejected rows: row number, field, value and reason",
    description: 'JSON pages by default; format=csv downloads all of them as CSV.',
    request: {
      params: z.object({ id: jobIdParam }),
      query: z.strictObject({ format: z.enum(['json', 'csv']).default('json'), limit: limitParam, cursor: cursorParam }),
    },
    responses: {
      '200': { description: 'Rejects by row number', ...contentJson(pageOf(reject)) },
      '404': { description: 'No such job in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params, query } = await this.getValidatedData<typeof this.schema>();
    if (!(await getJob(db, shop, params.id))) throw new Problem(404, `no job ${params.id}`);
    if (query.format === 'csv') {
      return new Response(await rejectsCsv(c.env, shop, params.id), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.id}-rejects.csv"` },
      });
    }
    const [after] = cursorKey(query.cursor, [rowNumberPart]) ?? [];
    return listRejects(db, shop, params.id, { after: after === undefined ? undefined : Number(after), limit: query.limit });
  }
}
