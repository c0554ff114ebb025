import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { exportContext } from '../../../exports/context';
import { requestExport } from '../../../exports/run';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { exportBody, exportRequestBody, exportResponse } from './schemas';

export class RequestExport extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Exports'],
    summary: "Export this shop's star schema and analytics marts to Parquet files in R2",
    description:
      'Writes each table loaded since the last complete export (every row with full), and each snapshot table and mart whole, under exports/{shop}/{table}/export_date=YYYY-MM-DD/. Files are published and the cursors move only when every file is written. While an export of the shop runs, requesting another returns the running one (200).',
    request: { body: contentJson(exportRequestBody) },
    responses: {
      '202': { description: 'Requested', ...contentJson(exportBody) },
      '200': { description: 'An export of this shop is already running: that one', ...contentJson(exportBody) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const { run, created } = await requestExport(exportContext(c.env, db), { shopId: shop.shopId, full: body.full, tables: body.tables, requestedBy: 'api' });
    c.header('Location', `/v1/exports/${run.id}`);
    return c.json(await exportResponse(c, db, run), created ? 202 : 200);
  }
}
