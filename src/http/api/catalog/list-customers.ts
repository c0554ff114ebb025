import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listCustomers } from '../../../warehouse/reads/catalog';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { customer } from './schemas';

export class ListCustomers extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Customers'],
    summary: 'List customers as they are now',
    description: 'Emails are returned as the PII policy stores them: a keyed hash by default.',
    request: { query: z.strictObject({ limit: limitParam, cursor: cursorParam }) },
    responses: { '200': { description: 'A page of customers, by id', ...contentJson(pageOf(customer)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [after] = cursorKey(query.cursor, [idParam]) ?? [];
    return listCustomers(db, shop, { after, limit: query.limit });
  }
}
