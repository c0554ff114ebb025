/**
 * Installed shops: where each shop's Admin API is and its access token, sealed at rest. A shop
 * is registered when the app is installed (`wharf shops register`, or the OAuth callback of the
 * app that fronts Wharf), which is also what makes it part of the scheduled resyncs.
 */
import type { Budget } from '../shopify/admin-graphql';
import { openToken, sealToken } from '../shopify/token-vault';
import type { Warehouse } from '../warehouse/db';
import { type InstalledShop, installOf, replaceSealedToken, saveInstall, sealedTokens } from '../warehouse/installs';
import { shopIdsOf } from '../warehouse/shops';

/** Where a shop's Admin API is served; a simulator or proxy may serve it elsewhere. */
export const shopUrlFor = (shopDomain: string) => `https://${shopDomain}`;

/** The GraphQL endpoint of a shop's Admin API in the configured version (one version for every request). */
export const adminApiUrl = (shopUrl: string, apiVersion: string) => `${shopUrl}/admin/api/${apiVersion}/graphql.json`;

export interface Registration {
  shopDomain: string;
  accessToken: string;
  shopUrl?: string;
  scopes?: string;
}

export async function registerShop(db: Warehouse, tokenKey: string, registration: Registration): Promise<{ shopId: number; shopUrl: string }> {
  const shopUrl = registration.shopUrl ?? shopUrlFor(registration.shopDomain);
  const sealed = await sealToken(registration.accessToken, registration.shopDomain, tokenKey);
  const shopId = (await shopIdsOf(db, [registration.shopDomain])).get(registration.shopDomain)!;
  await saveInstall(db, { shopId, shopUrl, accessTokenSealed: sealed, scopes: registration.scopes ?? null, throttle: null });
  return { shopId, shopUrl };
}

export interface Install {
  shopId: number;
  shopDomain: string;
  ianaTimezone: string | null;
  shopUrl: string;
  accessToken: string;
  budget: Budget | undefined;
}

/**
 * The shop's install with its token opened; `tokenKeys` are the current SHOPIFY_TOKEN_KEY and, during
 * a rotation, the previous one. A token sealed in an older form or under the previous key is sealed
 * again under the current key as it is opened, so that a rotation completes as shops resync.
 */
export async function installFor(db: Warehouse, tokenKeys: readonly string[], shopId: number): Promise<Install | undefined> {
  const row = await installOf(db, shopId);
  return row && openInstall(db, tokenKeys, row);
}

/** An install row already read, with its token opened (and sealed again where stale, as `installFor`). */
export async function openInstall(db: Warehouse, tokenKeys: readonly string[], row: InstalledShop): Promise<Install> {
  const opened = await openToken(row.install.accessTokenSealed, row.domain, tokenKeys);
  if (opened.stale) await replaceSealedToken(db, row.install.shopId, row.install.accessTokenSealed, await sealToken(opened.token, row.domain, tokenKeys[0]!));
  return {
    shopId: row.install.shopId,
    shopDomain: row.domain,
    ianaTimezone: row.ianaTimezone,
    shopUrl: row.install.shopUrl,
    accessToken: opened.token,
    budget: (row.install.throttle as Budget | null) ?? undefined,
  };
}

/**
 * Seals every install's token again under the current key (after a rotation): how many were stale,
 * and the shops whose token opens under none of the keys (to register again).
 */
export async function resealTokens(db: Warehouse, tokenKeys: readonly string[]): Promise<{ resealed: number; unopenable: string[] }> {
  const installs = await sealedTokens(db);
  const outcome = { resealed: 0, unopenable: [] as string[] };
  for (const install of installs) {
    const opened = await openToken(install.sealed, install.domain, tokenKeys).catch(() => null);
    if (!opened) outcome.unopenable.push(install.domain);
    if (!opened?.stale) continue;
    await replaceSealedToken(db, install.shopId, install.sealed, await sealToken(opened.token, install.domain, tokenKeys[0]!));
    outcome.resealed++;
  }
  return outcome;
}
