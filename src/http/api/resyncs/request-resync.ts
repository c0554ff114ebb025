import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { whyNotConnected } from '../../../connect/tokens';
import { resyncQueue } from '../../../pipeline/producers';
import { queueTicks } from '../../../resync/context';
import { requestResync } from '../../../resync/requests';
import { operationsOf } from '../../../warehouse/resync-operations';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { presentResync, resyncBody } from './schemas';

export class RequestResync extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Request a full or incremental resync of this shop from the Shopify Admin API',
    description:
      'A full resync exports every entity with bulk operations and soft-deletes what Shopify no longer has; an incremental one exports what changed since the last loaded cursor (a shop without one gets a full resync). While a resync runs, requesting another returns the running one (200) instead of starting a second.',
    request: { body: contentJson(z.strictObject({ kind: z.enum(['full', 'incremental']).default('incremental') })) },
    responses: {
      '202': { description: 'Requested', ...contentJson(resyncBody) },
      '200': { description: 'A resync of this shop is already running: that one', ...contentJson(resyncBody) },
      '409': { description: 'The shop is not connected: not registered, uninstalled, or to authorize again' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const notConnected = await whyNotConnected(db, shop.shopId);
    if (notConnected) throw new Problem(409, `no resync can run: ${notConnected}`);
    const { resync, created } = await requestResync(db, { shopId: shop.shopId, kind: body.kind, requestedBy: 'api' });
    await queueTicks(resyncQueue(c.env), [resync.id]);
    c.header('Location', `/v1/resyncs/${resync.id}`);
    return c.json(presentResync(resync, await operationsOf(db, resync.id)), created ? 202 : 200);
  }
}
