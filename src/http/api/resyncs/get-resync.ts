import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { operationsOf } from '../../../warehouse/resync-operations';
import { resyncById } from '../../../warehouse/resyncs';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { presentResync, resyncBody, resyncIdParam } from './schemas';

export class GetResync extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'A resync: state, bulk operations, line counts',
    request: { params: z.object({ id: resyncIdParam }) },
    responses: {
      '200': { description: 'The resync', ...contentJson(resyncBody) },
      '404': { description: 'No such resync in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const found = await resyncById(db, params.id, shop.shopId);
    if (!found) throw new Problem(404, `no resync ${params.id}`);
    return presentResync(found, await operationsOf(db, found.id));
  }
}
