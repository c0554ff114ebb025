import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { getCustomer } from '../../../warehouse/reads/catalog';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, idParam, problemResponses } from '../api-route';
import { customerWithHistory } from './schemas';

export class GetCustomer extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Customers'],
    summary: 'One customer, with the history of their tracked attributes',
    request: { params: z.object({ id: idParam }) },
    responses: {
      '200': { description: 'The customer', ...contentJson(customerWithHistory) },
      '404': { description: 'No such customer in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const found = await getCustomer(db, shop, params.id);
    if (!found) throw new Problem(404, `no customer ${params.id}`);
    return found;
  }
}
