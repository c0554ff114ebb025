import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listProducts } from '../../../warehouse/reads/catalog';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { product } from './schemas';

export class ListProducts extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Products'],
    summary: 'List products',
    request: { query: z.strictObject({ limit: limitParam, cursor: cursorParam }) },
    responses: { '200': { description: 'A page of products, by id', ...contentJson(pageOf(product)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [after] = cursorKey(query.cursor, [idParam]) ?? [];
    return listProducts(db, shop, { after, limit: query.limit });
  }
}
