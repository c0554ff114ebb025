/**
 * A shop's connection checked end to end, after install and every day: its token renewed if due,
 * the scopes it was granted against those Wharf needs (a merchant may grant fewer, and a new Wharf
 * may need more: the install link asks again), and its webhook subscriptions made exactly Wharf's.
 * Topics Shopify dropped since the last check are resynced from the last incremental cursor.
 */
import { z } from 'zod';
import { connectionConfig } from '../config';
import { log } from '../lib/log';
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import { queueTicks } from '../resync/context';
import { adminApiUrl } from '../resync/installs';
import { requestResync } from '../resync/requests';
import { AdminApiError, AdminClient } from '../shopify/admin-graphql';
import { missingScopes } from '../shopify/oauth';
import type { Warehouse } from '../warehouse/db';
import { saveSubscriptionCheck, saveThrottle } from '../warehouse/installs';
import { REQUIRED_SCOPES } from './scopes';
import { reconcileSubscriptions, type SubscriptionCheck, webhookEndpoint } from './subscriptions';
import { type TokenKeeping, tokenRefused, usableInstall } from './tokens';

/** What a check found: the subscriptions' state and the scopes, or why it could not run. */
type Scopes = { checkedAt: string; grantedScopes: string[]; missingScopes: string[] };
export type ConnectionCheck = (Scopes & ((SubscriptionCheck & { resyncId: string | null }) | { subscriptionsBy: 'app' })) | { skipped: string };

const SCOPES = `query WharfAccessScopes { currentAppInstallation { accessScopes { handle } } }`;
const scopesData = z.object({ currentAppInstallation: z.object({ accessScopes: z.array(z.object({ handle: z.string() })) }) });

export interface CheckContext {
  db: Warehouse;
  keeping: TokenKeeping;
  apiVersion: string;
  publicUrl: string;
  /** False where the app's configuration subscribes shops (SHOPIFY_WEBHOOKS=app). */
  subscriptionsByApi: boolean;
  resyncQueue: Producer<ResyncMessage>;
}

/** What a check needs from the Worker's bindings. */
export function checkContext(env: Env, db: Warehouse, resyncQueue: Producer<ResyncMessage>): CheckContext {
  const config = connectionConfig(env);
  return {
    db,
    keeping: { credentials: { clientId: config.clientId, clientSecret: config.clientSecrets[0]! }, tokenKeys: config.tokenKeys },
    apiVersion: config.apiVersion,
    publicUrl: config.publicUrl,
    subscriptionsByApi: config.subscriptionsByApi,
    resyncQueue,
  };
}

export async function checkConnection(ctx: CheckContext, shopId: number, now = new Date()): Promise<ConnectionCheck> {
  const usable = await usableInstall(ctx.db, ctx.keeping, shopId);
  if (!usable.ok) return { skipped: usable.reason };
  const { install, row } = usable;
  const client = new AdminClient({ url: adminApiUrl(install.shopUrl, ctx.apiVersion), accessToken: install.accessToken, budget: install.budget });
  try {
    const scopes = await client.request(SCOPES, {}, scopesData);
    const granted = scopes.currentAppInstallation.accessScopes.map((s) => s.handle);
    const scopeCheck = { checkedAt: now.toISOString(), grantedScopes: granted.sort(), missingScopes: missingScopes(granted, REQUIRED_SCOPES) };
    if (!ctx.subscriptionsByApi) {
      const check = { ...scopeCheck, subscriptionsBy: 'app' as const };
      await saveSubscriptionCheck(ctx.db, shopId, check);
      return check;
    }
    const previous = row.install.subscriptionCheck as SubscriptionCheck | null;
    const subscriptions = await reconcileSubscriptions(client, ctx.apiVersion, webhookEndpoint(ctx.publicUrl), previous, now.toISOString());
    let resyncId: string | null = null;
    if (subscriptions.dropped.length) {
      const { resync, created } = await requestResync(ctx.db, { shopId, kind: 'incremental', requestedBy: 'schedule', now });
      if (created) await queueTicks(ctx.resyncQueue, [resync.id]);
      resyncId = resync.id;
      log.warn('webhook subscriptions Shopify dropped were restored', { shopId, topics: subscriptions.dropped, resyncId });
    }
    const check = { ...subscriptions, ...scopeCheck, resyncId };
    await saveSubscriptionCheck(ctx.db, shopId, check);
    return check;
  } catch (error) {
    if (!(error instanceof AdminApiError) || error.code !== 'UNAUTHORIZED') throw error;
    const outcome = await tokenRefused(ctx.db, shopId, error.message);
    return { skipped: outcome === 'renew' ? 'Shopify refused the token: it is renewed on its next use' : `Shopify refused the token: ${error.message}` };
  } finally {
    await saveThrottle(ctx.db, shopId, client.lastBudget);
  }
}
