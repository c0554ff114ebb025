import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listMappings } from '../../../uploads/mappings';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { mappingBody, mappingIdParam, presentMapping } from './schemas';

export class ListMappings extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'Column mappings, newest first',
    request: { query: z.strictObject({ limit: limitParam, cursor: cursorParam }) },
    responses: { '200': { description: 'A page of mappings', ...contentJson(pageOf(mappingBody)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [before] = cursorKey(query.cursor, [mappingIdParam]) ?? [];
    const page = await listMappings(db, shop, { before, limit: query.limit });
    return { data: page.data.map(presentMapping), nextCursor: page.nextCursor };
  }
}
