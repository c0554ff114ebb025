import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { replayFailures } from '../../../pipeline/replay';
import { failuresToReplay } from '../../../warehouse/dead-letters';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { deadLetterFilter, state } from './schemas';

const MAX_PER_REQUEST = 1000;

export class ReplayDeadLetters extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Replay every dead letter of this shop that matches a filter (stage, topic, error class, window of the last failure)',
    description: `Open dead letters unless \`state\` says otherwise; oldest first, at most ${MAX_PER_REQUEST} per request (when truncated, repeat with after_id). Each is resolved once its replay is handled successfully. Idempotent: replays never double-count.`,
    request: {
      body: contentJson(z.strictObject({ ...deadLetterFilter, state: state.default('open'), after_id: z.number().int().positive().optional() })),
    },
    responses: {
      '202': {
        description: 'Queued again',
        ...contentJson(
          z.object({
            queued: z.number(),
            skipped: z.number().describe('Matched, but with nothing to replay (malformed messages)'),
            truncated: z.boolean(),
            lastId: z.number().nullable(),
          }),
        ),
      },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const rows = await failuresToReplay(
      db,
      {
        shopDomain: principal.shopDomain,
        stage: body.stage,
        topic: body.topic,
        errorClass: body.error_class,
        from: body.failed_from,
        to: body.failed_to,
        state: body.state,
      },
      { afterId: body.after_id, max: MAX_PER_REQUEST },
    );
    const selected = rows.slice(0, MAX_PER_REQUEST);
    const { queued, skipped } = await replayFailures(db, c.env, selected);
    return c.json({ queued: queued.length, skipped: skipped.length, truncated: rows.length > MAX_PER_REQUEST, lastId: selected.at(-1)?.id ?? null }, 202);
  }
}
