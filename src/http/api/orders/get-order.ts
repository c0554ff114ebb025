import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { getOrder } from '../../../warehouse/reads/orders';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, idParam, problemResponses } from '../api-route';
import { orderDetail } from './schemas';

export class GetOrder extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Orders'],
    summary: 'One order with its lines, discount applications, shipping lines, transactions, refunds, fulfillments and returns',
    request: { params: z.object({ id: idParam }) },
    responses: {
      '200': { description: 'The order', ...contentJson(orderDetail) },
      '404': { description: 'No such order in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const order = await getOrder(db, shop, params.id);
    if (!order) throw new Problem(404, `no order ${params.id}`);
    return order;
  }
}
