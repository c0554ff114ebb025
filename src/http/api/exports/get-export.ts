import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { exportRunById } from '../../../warehouse/exports';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { exportBody, exportIdParam, exportResponse } from './schemas';

export class GetExport extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Exports'],
    summary: 'An export: state, tables, files with signed download links once complete',
    request: { params: z.object({ id: exportIdParam }) },
    responses: {
      '200': { description: 'The export', ...contentJson(exportBody) },
      '404': { description: 'No such export in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const run = await exportRunById(db, params.id, shop.shopId);
    if (!run) throw new Problem(404, `no export ${params.id}`);
    return exportResponse(c, db, run);
  }
}
