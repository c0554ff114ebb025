import { contentJson } from 'chanfana';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { z } from 'zod';
import { quarantine } from '../../../warehouse/schema';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { toPage } from '../../../warehouse/reads/scope';

export const deadLetter = z.object({
  id: z.number(),
  stage: z.enum(['validate', 'transform', 'dead_letter']),
  topic: z.string().nullable(),
  webhookId: z.string().nullable(),
  rawKey: z.string().nullable(),
  reason: z.string(),
  path: z.string().nullable(),
  createdAt: z.string(),
  replayedAt: z.string().nullable(),
});

export class ListDeadLetters extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Deliveries the pipeline could not take: quarantined or out of retries',
    security: [{ bearerAuth: [] }],
    request: {
      query: z.strictObject({ stage: z.enum(['validate', 'transform', 'dead_letter']).optional(), limit: limitParam, cursor: cursorParam }),
    },
    responses: { '200': { description: 'Newest first', ...contentJson(pageOf(deadLetter)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [before] = cursorKey(query.cursor, [idParam]) ?? [];
    const conditions: SQL[] = [eq(quarantine.shopDomain, principal.shopDomain)];
    if (query.stage) conditions.push(eq(quarantine.stage, query.stage));
    if (before) conditions.push(lt(quarantine.id, Number(before)));
    const rows = await db
      .select({
        id: quarantine.id,
        stage: quarantine.stage,
        topic: quarantine.topic,
        webhookId: quarantine.webhookId,
        rawKey: quarantine.rawKey,
        reason: quarantine.reason,
        path: quarantine.path,
        createdAt: quarantine.createdAt,
        replayedAt: quarantine.replayedAt,
      })
      .from(quarantine)
      .where(and(...conditions))
      .orderBy(desc(quarantine.id))
      .limit(query.limit + 1);
    return toPage(rows, query.limit, (row) => [String(row.id)]);
  }
}
