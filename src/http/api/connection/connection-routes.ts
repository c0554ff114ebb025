/**
 * The shop's connection to Shopify through the API: its state (what the console, the CLI and the
 * alerts say too), connecting it with the client credentials grant, and checking it now.
 */
import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { ConfigError, connectionConfig } from '../../../config';
import { checkConnection, checkContext } from '../../../connect/check';
import { connectWithClientCredentials, startConnectedShop } from '../../../connect/install';
import { REQUIRED_SCOPES } from '../../../connect/scopes';
import { resyncQueue } from '../../../pipeline/producers';
import { missingScopes, scopeList } from '../../../shopify/oauth';
import type { Warehouse } from '../../../warehouse/db';
import { installOf } from '../../../warehouse/installs';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';

const connectionBody = z.object({
  shop: z.string(),
  tokenKind: z.enum(['registered', 'offline', 'expiring', 'client_credentials']),
  state: z.enum(['connected', 'reauthorize', 'uninstalled']),
  stateReason: z.string().nullable(),
  installedAt: z.string(),
  accessTokenExpiresAt: z.string().nullable(),
  refreshTokenExpiresAt: z.string().nullable(),
  grantedScopes: z.array(z.string()),
  missingScopes: z.array(z.string()),
  subscriptionsCheckedAt: z.string().nullable(),
  subscriptions: z.record(z.string(), z.unknown()).nullable().describe('What the last check of the webhook subscriptions found and did'),
  installUrl: z.string().nullable().describe('Where the merchant authorizes Wharf (again)'),
});

const iso = (instant: string | null) => (instant ? new Date(instant).toISOString() : null);

/** The install link, where connecting is configured. */
function installUrl(env: Env, shopDomain: string): string | null {
  try {
    return `${connectionConfig(env).publicUrl}/shopify/install?shop=${encodeURIComponent(shopDomain)}`;
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

async function presentConnection(db: Warehouse, env: Env, shopId: number) {
  const row = await installOf(db, shopId);
  if (!row) throw new Problem(404, 'this shop is not connected: open the install link, or connect it with the client credentials grant');
  const granted = scopeList(row.install.scopes);
  return {
    shop: row.domain,
    tokenKind: row.install.tokenKind,
    state: row.install.state,
    stateReason: row.install.stateReason,
    installedAt: iso(row.install.installedAt)!,
    accessTokenExpiresAt: iso(row.install.accessTokenExpiresAt),
    refreshTokenExpiresAt: iso(row.install.refreshTokenExpiresAt),
    grantedScopes: granted,
    missingScopes: row.install.tokenKind === 'registered' ? [] : missingScopes(granted, REQUIRED_SCOPES),
    subscriptionsCheckedAt: iso(row.install.subscriptionsCheckedAt),
    subscriptions: row.install.subscriptionCheck as Record<string, unknown> | null,
    installUrl: installUrl(env, row.domain),
  };
}

export class GetConnection extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Operations'],
    summary: "The shop's connection to Shopify: token, state, scopes and webhook subscriptions",
    responses: {
      '200': { description: 'The connection', ...contentJson(connectionBody) },
      '404': { description: 'The shop is not connected' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    await this.getValidatedData<typeof this.schema>();
    return presentConnection(db, c.env, shop.shopId);
  }
}

export class ConnectShop extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: 'Connect the shop with the client credentials grant (an app of the shop’s own organization), then check it and start its first full resync',
    request: { body: contentJson(z.strictObject({ grant: z.literal('client_credentials') })) },
    responses: {
      '201': { description: 'Connected', ...contentJson(connectionBody) },
      '502': { description: 'Shopify could not be reached' },
      ...problemResponses,
    },
  };

  // A 400 says why Shopify refused the grant (the shop is not the organization's, the app is not installed).
  override async handle(c: Context<AppEnv>) {
    const { db, shop, principal } = this.caller(c);
    await this.getValidatedData<typeof this.schema>();
    const connected = await connectWithClientCredentials(db, connectionConfig(c.env), principal.shopDomain, Date.now());
    if (!connected.ok) throw new Problem(connected.status, connected.reason);
    await startConnectedShop(db, resyncQueue(c.env), shop.shopId);
    return c.json(await presentConnection(db, c.env, shop.shopId), 201);
  }
}

export class CheckConnection extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: "Check the shop's connection now: renew the token if due, compare scopes, repair webhook subscriptions",
    responses: {
      '200': { description: 'The connection after the check', ...contentJson(connectionBody) },
      '404': { description: 'The shop is not connected' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    await this.getValidatedData<typeof this.schema>();
    if (!(await installOf(db, shop.shopId))) throw new Problem(404, 'this shop is not connected');
    await checkConnection(checkContext(c.env, db, resyncQueue(c.env)), shop.shopId);
    return presentConnection(db, c.env, shop.shopId);
  }
}
