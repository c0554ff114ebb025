import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { replayFailures } from '../../../pipeline/replay';
import { failureById } from '../../../warehouse/dead-letters';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses, serialParam } from '../api-route';

export class ReplayDeadLetter extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Replay one dead letter: a delivery from its raw object, an upload step or a resync step as it was',
    description: 'The dead letter is resolved once the replay is handled successfully.',
    request: { params: z.object({ id: serialParam }) },
    responses: {
      '202': { description: 'Queued again', ...contentJson(z.object({ queued: z.number() })) },
      '404': { description: 'No such dead letter in this shop' },
      '409': { description: 'The dead letter has nothing to replay (a malformed message)' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    const letter = await failureById(db, principal.shopDomain, params.id);
    if (!letter) throw new Problem(404, `no dead letter ${params.id}`);
    const { queued } = await replayFailures(db, c.env, [letter]);
    if (queued.length === 0) throw new Problem(409, 'this dead letter has nothing to replay: its message was not one Wharf can handle');
    return c.json({ queued: queued.length }, 202);
  }
}
