import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { getProduct } from '../../../warehouse/reads/catalog';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, idParam, problemResponses } from '../api-route';
import { productWithVariants } from './schemas';

export class GetProduct extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Products'],
    summary: 'One product with its variants',
    request: { params: z.object({ id: idParam }) },
    responses: {
      '200': { description: 'The product', ...contentJson(productWithVariants) },
      '404': { description: 'No such product in this shop' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const found = await getProduct(db, shop, params.id);
    if (!found) throw new Problem(404, `no product ${params.id}`);
    return found;
  }
}
