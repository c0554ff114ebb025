import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listInventory } from '../../../warehouse/reads/catalog';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { inventoryLevel } from './schemas';

export class ListInventory extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Inventory'],
    summary: 'Current inventory levels by item and location',
    request: {
      query: z.strictObject({ inventory_item_id: idParam.optional(), location_id: idParam.optional(), limit: limitParam, cursor: cursorParam }),
    },
    responses: { '200': { description: 'A page of levels', ...contentJson(pageOf(inventoryLevel)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const after = cursorKey(query.cursor, [idParam, idParam]) as [string, string] | undefined;
    return listInventory(db, shop, { inventoryItemId: query.inventory_item_id, locationId: query.location_id, after, limit: query.limit });
  }
}
