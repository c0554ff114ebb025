/**
 * Connecting a shop in one step. Through the authorization code grant: the install link sends the
 * merchant to Shopify with a single-use `state` (its hash kept for ten minutes, the nonce also in the
 * browser's cookie), and the callback checks Shopify's signature, the state and the shop before it
 * exchanges the code for an expiring offline token. Or, for an app of the shop's own organization,
 * through the client credentials grant. Either way the token is sealed, the shop marked connected,
 * and its first check (subscriptions) and full resync queued.
 */
import { randomText } from '../auth/api-keys';
import type { ConnectionConfig } from '../config';
import { sha256Hex } from '../lib/sha256';
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import { queueTicks } from '../resync/context';
import { requestResync } from '../resync/requests';
import { authorizeUrl, issuedToken, missingScopes, shopDomainOf, verifySignedQuery } from '../shopify/oauth';
import { requestToken, type TokenGrant } from '../shopify/oauth-client';
import type { Warehouse } from '../warehouse/db';
import { consumeOAuthState, insertOAuthState, saveConnection } from '../warehouse/installs';
import { shopIdsOf } from '../warehouse/shops';
import { REQUIRED_SCOPES } from './scopes';
import { sealedToken } from './tokens';

/** How long a merchant has between the install link and the callback. */
const STATE_SECONDS = 600;
/** The cookie that ties the callback to the browser that opened the install link. */
export const STATE_COOKIE = 'wharf_oauth_state';
export const CALLBACK_PATH = '/shopify/callback';

export type Refusal = { ok: false; status: number; reason: string };
export type Connected = { ok: true; shop: string; shopId: number; missingScopes: string[] };

const refuse = (status: number, reason: string): Refusal => ({ ok: false, status, reason });

/** The install link's answer: where to send the merchant, and the nonce for the browser's cookie. */
export async function beginInstall(
  db: Warehouse,
  config: ConnectionConfig,
  query: URLSearchParams,
  nowMs: number,
): Promise<{ ok: true; location: string; nonce: string } | Refusal> {
  const shop = shopDomainOf(query.get('shop'));
  if (!shop) return refuse(400, 'shop must be the store’s myshopify.com domain, e.g. ?shop=example.myshopify.com');
  // Shopify signs the request when a merchant installs from the admin; a link Wharf printed is not signed.
  if (query.has('hmac')) {
    const signed = await verifySignedQuery(query, config.clientSecrets, nowMs);
    if (!signed.ok) return refuse(401, signed.reason);
  }
  const nonce = randomText(32, 'base64url');
  await insertOAuthState(db, await sha256Hex(nonce), shop, STATE_SECONDS);
  const location = authorizeUrl({
    shopUrl: config.shopUrl(shop),
    clientId: config.clientId,
    scopes: REQUIRED_SCOPES,
    redirectUri: `${config.publicUrl}${CALLBACK_PATH}`,
    state: nonce,
  });
  return { ok: true, location, nonce };
}

/** Exchanges a grant for a token and records the shop as connected. */
async function connect(db: Warehouse, config: ConnectionConfig, shop: string, grant: TokenGrant, nowMs: number): Promise<Connected | Refusal> {
  const outcome = await requestToken(config.shopUrl(shop), { clientId: config.clientId, clientSecret: config.clientSecrets[0]! }, grant);
  if (!outcome.ok) return refuse(outcome.refused ? 400 : 502, outcome.reason);
  const issued = issuedToken(outcome.token, nowMs);
  const shopId = (await shopIdsOf(db, [shop])).get(shop)!;
  const tokenKind = grant.grant === 'client_credentials' ? 'client_credentials' : issued.refreshToken ? 'expiring' : 'offline';
  await saveConnection(db, { shopId, shopUrl: config.shopUrl(shop), tokenKind, ...(await sealedToken(issued, shop, config.tokenKeys[0]!)) });
  return { ok: true, shop, shopId, missingScopes: missingScopes(issued.scopes, REQUIRED_SCOPES) };
}

/** Shopify's redirect back: every check first, then the code exchanged once. */
export async function completeInstall(
  db: Warehouse,
  config: ConnectionConfig,
  query: URLSearchParams,
  cookieNonce: string | undefined,
  nowMs: number,
): Promise<Connected | Refusal> {
  const signed = await verifySignedQuery(query, config.clientSecrets, nowMs);
  if (!signed.ok) return refuse(401, signed.reason);
  const shop = shopDomainOf(query.get('shop'));
  if (!shop) return refuse(400, 'the callback names no valid shop');
  const state = query.get('state') ?? '';
  if (!cookieNonce || (await sha256Hex(cookieNonce)) !== (await sha256Hex(state))) {
    return refuse(403, 'this browser did not open the install link (or waited too long): open it again');
  }
  if (!(await consumeOAuthState(db, await sha256Hex(state), shop)))
    return refuse(403, 'this authorization was already used or has expired: open the install link again');
  const code = query.get('code');
  if (!code) return refuse(400, 'the callback carries no authorization code');
  return connect(db, config, shop, { grant: 'authorization_code', code }, nowMs);
}

/** The client credentials grant, for an app of the shop's own organization: no merchant in the loop. */
export function connectWithClientCredentials(db: Warehouse, config: ConnectionConfig, shopDomain: string, nowMs: number): Promise<Connected | Refusal> {
  const shop = shopDomainOf(shopDomain);
  if (!shop) return Promise.resolve(refuse(400, 'shop must be the store’s myshopify.com domain'));
  return connect(db, config, shop, { grant: 'client_credentials' }, nowMs);
}

/**
 * A newly connected shop's first work: its subscriptions checked, then its first full resync.
 * Changes between the resync's window and the subscriptions' creation reach the next incremental
 * resync, which starts where the full one's window ends.
 */
export async function startConnectedShop(db: Warehouse, resyncQueue: Producer<ResyncMessage>, shopId: number): Promise<string> {
  await resyncQueue.send({ kind: 'shop-check', shopId });
  const { resync, created } = await requestResync(db, { shopId, kind: 'full', requestedBy: 'install' });
  if (created) await queueTicks(resyncQueue, [resync.id]);
  return resync.id;
}
