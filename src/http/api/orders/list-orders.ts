import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listOrders } from '../../../warehouse/reads/orders';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, instantParam, limitParam, pageOf, problemResponses, textParam } from '../api-route';
import { cursorKey } from '../cursor';
import { orderSummary } from './schemas';

export class ListOrders extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Orders'],
    summary: 'List orders',
    request: {
      query: z.strictObject({
        updated_since: instantParam.optional().describe('Only orders updated at or after this instant'),
        created_from: instantParam.optional(),
        created_to: instantParam.optional().describe('Exclusive'),
        financial_status: textParam(64).optional(),
        channel: textParam(128).optional().describe("The order's source_name, e.g. web, pos"),
        limit: limitParam,
        cursor: cursorParam,
      }),
    },
    responses: { '200': { description: 'A page of orders, by id', ...contentJson(pageOf(orderSummary)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [after] = cursorKey(query.cursor, [idParam]) ?? [];
    return listOrders(db, shop, {
      updatedSince: query.updated_since,
      createdFrom: query.created_from,
      createdTo: query.created_to,
      financialStatus: query.financial_status,
      channel: query.channel,
      after,
      limit: query.limit,
    });
  }
}
