/** Installed shops as stored: where each shop's Admin API is, its access token (sealed), its last throttle state. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { dimShop, resync, shopInstall } from './schema';

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

/** Shops that resync on schedule: installed, and not uninstalled since. */
export async function installedShops(db: Warehouse): Promise<{ shopId: number; domain: string }[]> {
  return db
    .select({ shopId: shopInstall.shopId, domain: dimShop.domain })
    .from(shopInstall)
    .innerJoin(dimShop, eq(dimShop.shopId, shopInstall.shopId))
    .where(isNull(dimShop.uninstalledAt));
}

/** Every registered shop with its latest resync, for operators. */
export async function installsWithLatestResync(db: Warehouse) {
  const result = await db.execute<{ domain: string; shop_url: string; installed_at: string; last_resync: string | null; last_status: string | null }>(sql`
    select s.domain, i.shop_url, i.installed_at, r.id as last_resync, r.status::text as last_status
    from ${shopInstall} i join ${dimShop} s using (shop_id)
    left join lateral (select id, status from ${resync} where shop_id = i.shop_id order by id desc limit 1) r on true
    order by s.domain`);
  return result.rows;
}
