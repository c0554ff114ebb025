import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { channelUrlProblem, createAlertChannel } from '../../../alerts/channels';
import { sealingConfig } from '../../../config';
import { alertChannels, removeAlertChannel } from '../../../warehouse/alerts';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses, serialParam } from '../api-route';
import { channelSchema } from './schemas';

export class CreateAlertChannel extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Alerts'],
    summary: 'Send this shop’s alerts to a webhook: Slack-compatible JSON, signed with the secret returned here once',
    request: { body: contentJson(z.strictObject({ url: z.string().max(2048) })) },
    responses: {
      '201': { description: 'Created', ...contentJson(channelSchema.extend({ secret: z.string().describe('Verifies X-Wharf-Signature; shown only now') })) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop, principal } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const problem = channelUrlProblem(body.url);
    if (problem) throw new Problem(400, problem, { errors: [{ field: 'body.url', message: problem }] });
    const channel = await createAlertChannel(db, { ...shop, shopDomain: principal.shopDomain }, body.url, sealingConfig(c.env).tokenKeys[0]!);
    return c.json(channel, 201);
  }
}

export class ListAlertChannels extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Alerts'],
    summary: 'Where this shop’s alerts go',
    responses: { '200': { description: 'Channels', ...contentJson(z.object({ data: z.array(channelSchema) })) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    // Refuses parameters the operation does not take.
    await this.getValidatedData<typeof this.schema>();
    return { data: await alertChannels(db, shop) };
  }
}

export class RemoveAlertChannel extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Alerts'],
    summary: 'Stop sending alerts to a channel (what it was sent stays on record)',
    request: { params: z.object({ id: serialParam }) },
    responses: { '204': { description: 'Removed' }, '404': { description: 'No such channel in this shop' }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params } = await this.getValidatedData<typeof this.schema>();
    if (!(await removeAlertChannel(db, shop, params.id))) throw new Problem(404, `no alert channel ${params.id}`);
    return c.body(null, 204);
  }
}
