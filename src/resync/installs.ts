/**
 * Installed shops: where each shop's Admin API is and its access token, sealed at rest. A shop
 * is registered when the app is installed (`wharf shops register`, or the OAuth callback of the
 * app that fronts Wharf), which is also what makes it part of the scheduled resyncs.
 */
import { eq, isNull, sql } from 'drizzle-orm';
import type { Budget } from '../shopify/admin-graphql';
import { openToken, sealToken } from '../shopify/token-vault';
import type { Warehouse } from '../warehouse/db';
import { dimShop, shopInstall } from '../warehouse/schema';
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
  const sealed = await sealToken(registration.accessToken, tokenKey);
  const shopId = (await shopIdsOf(db, [registration.shopDomain])).get(registration.shopDomain)!;
  const values = { shopId, shopUrl, accessTokenSealed: sealed, scopes: registration.scopes ?? null, throttle: null };
  await db
    .insert(shopInstall)
    .values(values)
    .onConflictDoUpdate({ target: shopInstall.shopId, set: { ...values, updatedAt: sql`now()` } });
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

export async function installFor(db: Warehouse, tokenKey: string, shopId: number): Promise<Install | undefined> {
  const [row] = await db
    .select({ install: shopInstall, domain: dimShop.domain, ianaTimezone: dimShop.ianaTimezone })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId))
    .where(eq(shopInstall.shopId, shopId));
  if (!row) return undefined;
  return {
    shopId,
    shopDomain: row.domain,
    ianaTimezone: row.ianaTimezone,
    shopUrl: row.install.shopUrl,
    accessToken: await openToken(row.install.accessTokenSealed, tokenKey),
    budget: (row.install.throttle as Budget | null) ?? undefined,
  };
}

export async function saveBudget(db: Warehouse, shopId: number, budget: Budget | undefined) {
  if (budget) await db.update(shopInstall).set({ throttle: budget }).where(eq(shopInstall.shopId, shopId));
}

/** Shops that resync on schedule: installed, and not uninstalled since. */
export async function installedShops(db: Warehouse): Promise<{ shopId: number; domain: string }[]> {
  return db
    .select({ shopId: shopInstall.shopId, domain: dimShop.domain })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId))
    .where(isNull(dimShop.uninstalledAt));
}
