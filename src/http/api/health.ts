import { contentJson, OpenAPIRoute } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { log } from '../../lib/log';
import { ping, withWarehouse } from '../../warehouse/db';
import type { AppEnv } from '../app-env';

const health = z.object({ status: z.enum(['ok', 'degraded']), worker: z.literal('ok'), database: z.enum(['ok', 'unreachable']) });

export class Health extends OpenAPIRoute<[Context<AppEnv>]> {
  override schema = {
    tags: ['Operations'],
    summary: 'Liveness: the Worker answers and the warehouse is reachable',
    security: [],
    responses: {
      '200': { description: 'Healthy', ...contentJson(health) },
      '503': { description: 'The warehouse is unreachable', ...contentJson(health) },
    },
  };

  override async handle(c: Context<AppEnv>) {
    return withWarehouse(c.env, c.executionCtx, async (db) => {
      try {
        await ping(db);
        return c.json({ status: 'ok', worker: 'ok', database: 'ok' } as const, 200);
      } catch (error) {
        log.warn('health check: warehouse unreachable', { error });
        return c.json({ status: 'degraded', worker: 'ok', database: 'unreachable' } as const, 503);
      }
    });
  }
}
