import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { ingestQueue } from '../../../pipeline/producers';
import { replayDeliveries } from '../../../pipeline/replay';
import type { AppEnv } from '../../app-env';
import { ApiRoute, instantParam, problemResponses } from '../api-route';

const MAX_PER_REQUEST = 10_000;

export class ReplayDeliveries extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Re-process every raw delivery of this shop in a time window, optionally one topic',
    description: `Idempotent: loads never double-count. At most ${MAX_PER_REQUEST} deliveries per request; when truncated, repeat with after_id.`,
    request: {
      body: contentJson(
        z
          .strictObject({
            topic: z
              .string()
              .regex(/^[a-z_]+\/[a-z_]+$/)
              .optional(),
            received_from: instantParam,
            received_to: instantParam,
            after_id: z.number().int().positive().optional(),
          })
          .refine((b) => Date.parse(b.received_from) < Date.parse(b.received_to), {
            message: 'received_from must be before received_to',
            path: ['received_to'],
          }),
      ),
    },
    responses: {
      '202': {
        description: 'Queued',
        ...contentJson(z.object({ queued: z.number(), truncated: z.boolean(), lastId: z.number().nullable() })),
      },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const filter = { receivedFrom: body.received_from, receivedTo: body.received_to, topic: body.topic };
    const result = await replayDeliveries(db, ingestQueue(c.env), principal.shopDomain, filter, { afterId: body.after_id, max: MAX_PER_REQUEST });
    return c.json(result, 202);
  }
}
