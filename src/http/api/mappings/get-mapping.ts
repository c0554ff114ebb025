import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { getMapping } from '../../../uploads/mappings';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { mappingBody, mappingIdParam, presentMapping } from './schemas';

export class GetMapping extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'A column mapping',
    request: { params: z.object({ id: mappingIdParam }) },
    responses: {
      '200': { description: 'The mapping', ...contentJson(mappingBody) },
      '404': { description: 'No such mapping in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const found = await getMapping(db, shop, params.id);
    if (!found) throw new Problem(404, `no mapping ${params.id}`);
    return presentMapping(found);
  }
}
