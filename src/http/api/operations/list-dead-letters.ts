import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { listFailures } from '../../../warehouse/dead-letters';
import { toPage } from '../../../warehouse/reads/scope';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, idParam, limitParam, pageOf, problemResponses } from '../api-route';
import { cursorKey } from '../cursor';
import { deadLetter, deadLetterFilter, state } from './schemas';

export class ListDeadLetters extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'What the pipeline could not take: quarantined deliveries and dead letters, with their causes',
    request: {
      query: z.strictObject({ ...deadLetterFilter, state: state.default('open'), limit: limitParam, cursor: cursorParam }),
    },
    responses: { '200': { description: 'Newest first', ...contentJson(pageOf(deadLetter)) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const [before] = cursorKey(query.cursor, [idParam]) ?? [];
    const rows = await listFailures(
      db,
      {
        shopDomain: principal.shopDomain,
        stage: query.stage,
        topic: query.topic,
        errorClass: query.error_class,
        from: query.failed_from,
        to: query.failed_to,
        state: query.state,
      },
      { beforeId: before ? Number(before) : undefined, limit: query.limit },
    );
    return toPage(rows, query.limit, (row) => [String(row.id)]);
  }
}
