import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { lineageOf, lineageTables } from '../../../warehouse/reads/lineage';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses, textParam } from '../api-route';

const TABLES = lineageTables();

export class GetLineage extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Where a warehouse row came from: its raw object, the delivery, upload job and row or resync that produced it, and every delivery that touched it',
    description: `Tables and their keys (\`a:b\` for two columns; a prefix matches every row under it): ${TABLES.map((t) => `${t.table} (${t.key})`).join(', ')}.`,
    request: {
      query: z.strictObject({
        table: z.enum(TABLES.map((t) => t.table) as [string, ...string[]]),
        key: textParam(256).refine((key) => key.length > 0, 'expected a key'),
      }),
    },
    responses: {
      '200': {
        description: 'The rows under the key, newest load first, each with its source; the deliveries that touched them, newest first',
        ...contentJson(
          z.object({
            table: z.string(),
            key: z.string(),
            rows: z.array(z.object({ row: z.record(z.string(), z.string().nullable()), loadedAt: z.string(), source: z.record(z.string(), z.unknown()) })),
            deliveries: z.array(z.record(z.string(), z.unknown())),
          }),
        ),
      },
      '404': { description: 'No row under the key in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const lineage = await lineageOf(db, shop, query.table, query.key);
    if (!lineage) throw new Problem(404, `no ${query.table} row under ${query.key} in this shop`);
    return lineage;
  }
}
