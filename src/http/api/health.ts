import { contentJson, OpenAPIRoute } from 'chanfana';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { z } from 'zod';
import { warehouseConfig } from '../../config';
import { log } from '../../log';
import { connectWarehouse } from '../../warehouse/db';
import type { AppEnv } from '../app-env';

const health = z.object({ status: z.enum(['ok', 'degraded']), worker: z.literal('ok'), database: z.enum(['ok', 'unreachable']) });

export class Health extends OpenAPIRoute<[Context<AppEnv>]> {
  override schema = {
    tags: ['Operations'],
    summary: 'Liveness: the Worker answers and the warehouse is reachable',
    responses: {
      '200': { description: 'Healthy', ...contentJson(health) },
      '503': { description: 'The warehouse is unreachable', ...contentJson(health) },
    },
  };

  override async handle(c: Context<AppEnv>) {
    const connection = connectWarehouse(warehouseConfig(c.env));
    try {
      await connection.db.execute(sql`select 1`);
      return c.json({ status: 'ok', worker: 'ok', database: 'ok' } as const, 200);
    } catch (error) {
      log.warn('health check: warehouse unreachable', { error });
      return c.json({ status: 'degraded', worker: 'ok', database: 'unreachable' } as const, 503);
    } finally {
      c.executionCtx.waitUntil(connection.close());
    }
  }
}
