/**
 * A shop's access token through its life: renewed before it expires (an expiring offline token by
 * its refresh token, which rotates with it; a client-credentials token by asking again), and, when
 * Shopify refuses it, either renewed or the shop marked as needing the merchant to authorize Wharf
 * again. A renewal holds the install's row lock, so two never spend one refresh token.
 */
import { type Install, openInstall } from '../resync/installs';
import { type IssuedToken, issuedToken } from '../shopify/oauth';
import { type AppCredentials, requestToken, type TokenGrant } from '../shopify/oauth-client';
import { openToken, REFRESH_TOKEN_PURPOSE, sealToken } from '../shopify/token-vault';
import type { Warehouse } from '../warehouse/db';
import {
  type ConnectionValues,
  expireAccessToken,
  type InstalledShop,
  installOf,
  lockInstall,
  saveRenewedToken,
  setConnectionState,
} from '../warehouse/installs';
import type { shopInstall } from '../warehouse/schema';

/** What renewing a token takes: the app's credentials (when configured) and the sealing keys. */
export interface TokenKeeping {
  credentials: AppCredentials | undefined;
  tokenKeys: readonly string[];
  now?: () => number;
}

/** A usable install, with the row it was opened from (read once: a check also needs its last subscription check). */
export type Usable = { ok: true; install: Install; row: InstalledShop } | { ok: false; reason: string };

/** Shopify asks apps to refresh "a few minutes before" expiry; five, as its own app libraries do. */
const RENEW_WITHIN_MS = 5 * 60_000;

type InstallRow = typeof shopInstall.$inferSelect;

const dueForRenewal = (row: InstallRow, nowMs: number) =>
  row.tokenKind !== 'offline' &&
  row.tokenKind !== 'registered' &&
  row.accessTokenExpiresAt !== null &&
  Date.parse(row.accessTokenExpiresAt) - nowMs < RENEW_WITHIN_MS;

function notConnected(row: InstallRow): string {
  if (row.state === 'uninstalled') return 'the app was uninstalled from the shop: nothing runs for it until it is installed again';
  return `the shop must authorize Wharf again (open the install link): ${row.stateReason ?? 'its token was refused'}`;
}

/** The token's columns as stored: sealed, with when it and its refresh token expire. */
export async function sealedToken(
  issued: IssuedToken,
  shopDomain: string,
  tokenKey: string,
): Promise<Omit<ConnectionValues, 'shopId' | 'shopUrl' | 'tokenKind'>> {
  return {
    accessTokenSealed: await sealToken(issued.accessToken, shopDomain, tokenKey),
    accessTokenExpiresAt: issued.accessTokenExpiresAt,
    refreshTokenSealed: issued.refreshToken ? await sealToken(issued.refreshToken, shopDomain, tokenKey, REFRESH_TOKEN_PURPOSE) : null,
    refreshTokenExpiresAt: issued.refreshTokenExpiresAt,
    scopes: issued.scopes.join(','),
  };
}

/** The grant that renews the token, or why there is none. */
async function renewalGrant(row: InstallRow, shopDomain: string, keeping: TokenKeeping, nowMs: number): Promise<TokenGrant | string> {
  if (row.tokenKind === 'client_credentials') return { grant: 'client_credentials' };
  if (!row.refreshTokenSealed || !row.refreshTokenExpiresAt || Date.parse(row.refreshTokenExpiresAt) <= nowMs) {
    return 'its refresh token has expired (90 days without a renewal)';
  }
  const opened = await openToken(row.refreshTokenSealed, shopDomain, keeping.tokenKeys, REFRESH_TOKEN_PURPOSE);
  return { grant: 'refresh_token', refreshToken: opened.token };
}

async function renew(db: Warehouse, keeping: TokenKeeping, shopId: number, shopDomain: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const credentials = keeping.credentials;
  if (!credentials) return { ok: false, reason: "SHOPIFY_CLIENT_ID is not set: Wharf cannot renew the shop's access token" };
  const now = keeping.now ?? Date.now;
  return db.transaction(async (tx) => {
    const row = await lockInstall(tx, shopId);
    if (row?.state !== 'connected') return { ok: false, reason: row ? notConnected(row) : 'the shop is not registered' };
    // Renewed by another caller while this one waited for the lock.
    if (!dueForRenewal(row, now())) return { ok: true };
    const grant = await renewalGrant(row, shopDomain, keeping, now());
    if (typeof grant === 'string') {
      await setConnectionState(tx, shopId, 'reauthorize', grant);
      return { ok: false, reason: notConnected({ ...row, state: 'reauthorize', stateReason: grant }) };
    }
    const outcome = await requestToken(row.shopUrl, credentials, grant);
    if (!outcome.ok && outcome.refused) {
      await setConnectionState(tx, shopId, 'reauthorize', outcome.reason);
      return { ok: false, reason: notConnected({ ...row, state: 'reauthorize', stateReason: outcome.reason }) };
    }
    // Unanswered: the same refresh token is still stored, and Shopify honours a retry of it.
    if (!outcome.ok) throw new Error(outcome.reason);
    await saveRenewedToken(tx, shopId, await sealedToken(issuedToken(outcome.token, now()), shopDomain, keeping.tokenKeys[0]!));
    return { ok: true };
  });
}

const NOT_REGISTERED =
  'the shop is not connected: no Admin API access token is stored for it (open its install link, or register a token with `wharf shops register`)';

/** Why nothing can call the shop's Admin API now (not registered, uninstalled, to authorize again), or null. */
export async function whyNotConnected(db: Warehouse, shopId: number): Promise<string | null> {
  const row = await installOf(db, shopId);
  if (!row) return NOT_REGISTERED;
  return row.install.state === 'connected' ? null : notConnected(row.install);
}

/** The shop's install with a token that works for the next few minutes, renewed first if need be; or why there is none. */
export async function usableInstall(db: Warehouse, keeping: TokenKeeping, shopId: number): Promise<Usable> {
  const row = await installOf(db, shopId);
  if (!row) return { ok: false, reason: NOT_REGISTERED };
  if (row.install.state !== 'connected') return { ok: false, reason: notConnected(row.install) };
  if (!dueForRenewal(row.install, (keeping.now ?? Date.now)())) return { ok: true, install: await openInstall(db, keeping.tokenKeys, row), row };
  const renewed = await renew(db, keeping, shopId, row.domain);
  if (!renewed.ok) return renewed;
  const current = await installOf(db, shopId);
  return current ? { ok: true, install: await openInstall(db, keeping.tokenKeys, current), row: current } : { ok: false, reason: NOT_REGISTERED };
}

/**
 * Shopify answered 401 to the shop's token. A renewable token is taken as expired (clocks differ),
 * so that its next use renews it, and a renewal Shopify refuses then asks the merchant; any other
 * token, or one renewed within minutes, is dead: the shop needs authorizing again. Says which.
 */
export async function tokenRefused(db: Warehouse, shopId: number, reason: string, nowMs = Date.now()): Promise<'renew' | 'reauthorize'> {
  const row = await installOf(db, shopId);
  const renewable = row && (row.install.tokenKind === 'expiring' || row.install.tokenKind === 'client_credentials');
  // A token renewed minutes ago and refused already is not a matter of clocks.
  if (renewable && nowMs - Date.parse(row.install.updatedAt) > RENEW_WITHIN_MS) {
    await expireAccessToken(db, shopId);
    return 'renew';
  }
  await setConnectionState(db, shopId, 'reauthorize', reason);
  return 'reauthorize';
}
