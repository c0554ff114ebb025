/** Installed shops as stored: where each shop's Admin API is, its access token (sealed), its last throttle state. */
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { type connectionState, dimShop, oauthState, resync, shopInstall } from './schema';
import type { Tx } from './upsert';

/** Registers the install, or replaces it (a shop installed again gets a new token). */
export async function saveInstall(db: Warehouse, values: Omit<typeof shopInstall.$inferInsert, 'installedAt' | 'updatedAt'>) {
  await db
    .insert(shopInstall)
    .values(values)
    .onConflictDoUpdate({ target: shopInstall.shopId, set: { ...values, updatedAt: sql`now()` } });
}

/** The shop's install, with its domain and time zone. */
export async function installOf(db: Warehouse, shopId: number) {
  const [row] = await db
    .select({ install: shopInstall, domain: dimShop.domain, ianaTimezone: dimShop.ianaTimezone })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId))
    .where(eq(shopInstall.shopId, shopId));
  return row;
}

/** An install as `installOf` reads it: the row with its shop's domain and time zone. */
export type InstalledShop = NonNullable<Awaited<ReturnType<typeof installOf>>>;

/** Every install's sealed token, with its shop's domain. */
export async function sealedTokens(db: Warehouse) {
  return db
    .select({ shopId: shopInstall.shopId, sealed: shopInstall.accessTokenSealed, domain: dimShop.domain })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId));
}

/** Replaces a sealed token with its new sealing, unless the shop was registered again meanwhile. */
export async function replaceSealedToken(db: Warehouse, shopId: number, before: string, after: string) {
  await db
    .update(shopInstall)
    .set({ accessTokenSealed: after, updatedAt: sql`now()` })
    .where(and(eq(shopInstall.shopId, shopId), eq(shopInstall.accessTokenSealed, before)));
}

/** Keeps the Admin API's cost bucket as last reported (nothing when none was). */
export async function saveThrottle(db: Warehouse, shopId: number, throttle: object | undefined) {
  if (throttle) await db.update(shopInstall).set({ throttle }).where(eq(shopInstall.shopId, shopId));
}

/** Shops that resync on schedule: installed, not uninstalled since, and connected (their token works). */
export async function installedShops(db: Warehouse): Promise<{ shopId: number; domain: string }[]> {
  return db
    .select({ shopId: shopInstall.shopId, domain: dimShop.domain })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId))
    .where(and(isNull(dimShop.uninstalledAt), eq(shopInstall.state, 'connected')));
}

export type ConnectionValues = Pick<
  typeof shopInstall.$inferInsert,
  'shopId' | 'shopUrl' | 'accessTokenSealed' | 'scopes' | 'tokenKind' | 'accessTokenExpiresAt' | 'refreshTokenSealed' | 'refreshTokenExpiresAt'
>;

/**
 * Records an installation authorized through OAuth (or the client credentials grant): a new install,
 * or a shop installed again, which is connected from now on and no longer uninstalled.
 */
export async function saveConnection(db: Warehouse, values: ConnectionValues) {
  await db.transaction(async (tx) => {
    // A shop installed again starts afresh: Shopify deleted the subscriptions of the last install.
    const connected = {
      ...values,
      state: 'connected' as const,
      stateReason: null,
      stateChangedAt: sql`now()`,
      installedAt: sql`now()`,
      updatedAt: sql`now()`,
      subscriptionCheck: null,
      subscriptionsCheckedAt: null,
    };
    await tx.insert(shopInstall).values(connected).onConflictDoUpdate({ target: shopInstall.shopId, set: connected });
    await tx.update(dimShop).set({ uninstalledAt: null }).where(eq(dimShop.shopId, values.shopId));
  });
}

/** Locks the shop's install for a token renewal, so that two renewals never spend one refresh token. */
export async function lockInstall(tx: Tx, shopId: number) {
  const [row] = await tx.select().from(shopInstall).where(eq(shopInstall.shopId, shopId)).for('update');
  return row;
}

/** Stores a renewed token (in the transaction holding lockInstall). */
export async function saveRenewedToken(
  tx: Tx,
  shopId: number,
  values: Pick<ConnectionValues, 'accessTokenSealed' | 'scopes' | 'accessTokenExpiresAt' | 'refreshTokenSealed' | 'refreshTokenExpiresAt'>,
) {
  await tx
    .update(shopInstall)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(shopInstall.shopId, shopId));
}

/** Moves the shop's connection to `state`, saying why; an uninstalled shop stays so until it is installed again. */
export async function setConnectionState(db: Warehouse | Tx, shopId: number, state: (typeof connectionState.enumValues)[number], reason: string | null) {
  await db
    .update(shopInstall)
    .set({ state, stateReason: reason, stateChangedAt: sql`now()` })
    .where(
      and(
        eq(shopInstall.shopId, shopId),
        sql`(${shopInstall.state} <> 'uninstalled' or ${state} = 'uninstalled')`,
        sql`(${shopInstall.state}, coalesce(${shopInstall.stateReason}, '')) is distinct from (${state}::connection_state, ${reason ?? ''})`,
      ),
    );
}

/** Marks the access token expired now, so that its next use renews it first. */
export async function expireAccessToken(db: Warehouse, shopId: number) {
  await db.update(shopInstall).set({ accessTokenExpiresAt: sql`now()` }).where(eq(shopInstall.shopId, shopId));
}

/** What the last check of the shop's webhook subscriptions found and did. */
export async function saveSubscriptionCheck(db: Warehouse, shopId: number, check: object) {
  await db.update(shopInstall).set({ subscriptionCheck: check, subscriptionsCheckedAt: sql`now()` }).where(eq(shopInstall.shopId, shopId));
}

/** Keeps an authorization request's state (its hash) for `ttlSeconds`, and forgets expired ones. */
export async function insertOAuthState(db: Warehouse, nonceHash: string, shopDomain: string, ttlSeconds: number) {
  await db.delete(oauthState).where(lt(oauthState.expiresAt, sql`now()`));
  await db.insert(oauthState).values({ nonceHash, shopDomain, expiresAt: sql`now() + ${ttlSeconds} * interval '1 second'` });
}

/** Uses the state once: true only for an unexpired, unused state issued for this shop. */
export async function consumeOAuthState(db: Warehouse, nonceHash: string, shopDomain: string): Promise<boolean> {
  const used = await db
    .update(oauthState)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthState.nonceHash, nonceHash), eq(oauthState.shopDomain, shopDomain), isNull(oauthState.usedAt), gt(oauthState.expiresAt, sql`now()`)))
    .returning({ nonceHash: oauthState.nonceHash });
  return used.length === 1;
}

/** Every registered shop with its latest resync, for operators. */
export async function installsWithLatestResync(db: Warehouse) {
  const result = await db.execute<{
    domain: string;
    shop_url: string;
    installed_at: string;
    token_kind: string;
    state: string;
    state_reason: string | null;
    access_token_expires_at: string | null;
    subscriptions_checked_at: string | null;
    subscription_check: object | null;
    last_resync: string | null;
    last_status: string | null;
  }>(sql`
    select s.domain, i.shop_url, i.installed_at, i.token_kind::text, i.state::text, i.state_reason, i.access_token_expires_at,
      i.subscriptions_checked_at, i.subscription_check, r.id as last_resync, r.status::text as last_status
    from ${shopInstall} i join ${dimShop} s using (shop_id)
    left join lateral (select id, status from ${resync} where shop_id = i.shop_id order by id desc limit 1) r on true
    order by s.domain`);
  return result.rows;
}
