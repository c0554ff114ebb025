import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { channelUrlProblem, createEmailChannel, createWebhookChannel } from '../../../alerts/channels';
import { alertEmailConfig, sealingConfig } from '../../../config';
import { alertChannels, removeAlertChannel } from '../../../warehouse/alerts';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses, serialParam } from '../api-route';
import { channelSchema, emailChannelSchema, webhookChannelSchema } from './schemas';

export class CreateAlertChannel extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Alerts'],
    summary:
      'Send this shop’s alerts to a webhook (Slack-compatible JSON, signed with the secret returned here once) or to an email address (where email is configured)',
    request: {
      body: contentJson(
        z
          .strictObject({
            url: z.string().max(2048).optional().describe('A webhook: https, or http to localhost'),
            email: z.email().max(254).optional().describe('An email address: needs the ALERT_EMAIL send_email binding (409 without it)'),
          })
          .refine((body) => (body.url === undefined) !== (body.email === undefined), 'send either url (a webhook) or email (an address)'),
      ),
    },
    responses: {
      '201': {
        description: 'Created',
        ...contentJson(
          z.union([webhookChannelSchema.extend({ secret: z.string().describe('Verifies X-Wharf-Signature; shown only now') }), emailChannelSchema]),
        ),
      },
      '409': { description: 'An email channel, where email is not configured (no ALERT_EMAIL binding or ALERT_EMAIL_FROM)' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop, principal } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    if (body.email !== undefined) {
      if (!alertEmailConfig(c.env)) {
        throw new Problem(409, 'email channels are not configured here: the Worker needs the ALERT_EMAIL send_email binding and ALERT_EMAIL_FROM', {
          errors: [{ field: 'body.email', message: 'email is not configured on this deployment' }],
        });
      }
      return c.json(await createEmailChannel(db, shop, body.email), 201);
    }
    const url = body.url!;
    const problem = channelUrlProblem(url);
    if (problem) throw new Problem(400, problem, { errors: [{ field: 'body.url', message: problem }] });
    return c.json(await createWebhookChannel(db, { ...shop, shopDomain: principal.shopDomain }, url, sealingConfig(c.env).tokenKeys[0]!), 201);
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
