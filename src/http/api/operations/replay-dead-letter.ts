import { contentJson } from 'chanfana';
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { z } from 'zod';
import { webhookClaim } from '../../../pipeline/messages';
import { replayDeliveries, requeueClaims } from '../../../pipeline/replay';
import { quarantine, rawEvent } from '../../../warehouse/schema';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses, serialParam } from '../api-route';

export class ReplayDeadLetter extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Replay one quarantined delivery from its raw object',
    security: [{ bearerAuth: [] }],
    request: { params: z.object({ id: serialParam }) },
    responses: {
      '202': { description: 'Queued for validation and loading again', ...contentJson(z.object({ queued: z.number() })) },
      '404': { description: 'No such dead letter in this shop' },
      '409': { description: 'The dead letter has no raw object to replay' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const [letter] = await db
      .select({ rawKey: quarantine.rawKey, details: quarantine.details })
      .from(quarantine)
      .where(and(eq(quarantine.id, params.id), eq(quarantine.shopDomain, principal.shopDomain)));
    if (!letter) throw new Problem(404, `no dead letter ${params.id}`);
    if (!letter.rawKey) throw new Problem(409, 'this dead letter was not a delivery: there is nothing to replay');

    // A message that ran out of retries carries its claim check; a quarantined delivery is in the ledger.
    const stored = webhookClaim.safeParse((letter.details as { body?: unknown } | null)?.body);
    const queued = stored.success
      ? (await requeueClaims(db, c.env.INGEST_QUEUE, [stored.data]), 1)
      : (await replayDeliveries(db, c.env.INGEST_QUEUE, principal.shopDomain, eq(rawEvent.rawKey, letter.rawKey), { max: 1 })).queued;
    await db.update(quarantine).set({ replayedAt: sql`now()` }).where(eq(quarantine.id, params.id));
    return c.json({ queued }, 202);
  }
}
