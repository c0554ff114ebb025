/** Partner API keys as stored: a prefix, the hash of the secret, the shops a key acts on, its state. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { apiKey, apiKeySpan, dimShop } from './schema';

/** Inserts a key, and the further shops it spans (admin keys only); its id. */
export async function insertApiKey(db: Warehouse, key: typeof apiKey.$inferInsert, spannedShopIds: readonly number[]): Promise<number> {
  const [created] = await db.insert(apiKey).values(key).returning({ id: apiKey.id });
  if (spannedShopIds.length) await db.insert(apiKeySpan).values(spannedShopIds.map((shopId) => ({ keyId: created!.id, shopId })));
  return created!.id;
}

/** The key with this prefix, with its own shop's domain. */
export async function apiKeyByPrefix(db: Warehouse, prefix: string) {
  const [found] = await db
    .select({ key: apiKey, domain: dimShop.domain })
    .from(apiKey)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKey.shopId))
    .where(eq(apiKey.prefix, prefix));
  return found;
}

/** The shop of this domain, if the key spans it. */
export async function spannedShop(db: Warehouse, keyId: number, domain: string): Promise<{ shopId: number } | undefined> {
  const [spanned] = await db
    .select({ shopId: dimShop.shopId })
    .from(apiKeySpan)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKeySpan.shopId))
    .where(and(eq(apiKeySpan.keyId, keyId), eq(dimShop.domain, domain)));
  return spanned;
}

export async function listApiKeys(db: Warehouse) {
  return db
    .select({
      id: apiKey.id,
      prefix: apiKey.prefix,
      name: apiKey.name,
      shop: dimShop.domain,
      scopes: apiKey.scopes,
      createdAt: apiKey.createdAt,
      expiresAt: apiKey.expiresAt,
      revokedAt: apiKey.revokedAt,
      lastUsedAt: apiKey.lastUsedAt,
      alsoShops: sql<
        string[]
      >`coalesce((select array_agg(s.domain order by s.domain) from ${apiKeySpan} k join ${dimShop} s using (shop_id) where k.key_id = ${apiKey.id}), '{}')`,
    })
    .from(apiKey)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKey.shopId))
    .orderBy(desc(apiKey.createdAt));
}

/** Revokes by prefix; true when a live key was revoked. */
export async function revokeApiKey(db: Warehouse, prefix: string): Promise<boolean> {
  const revoked = await db
    .update(apiKey)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKey.prefix, prefix), sql`${apiKey.revokedAt} is null`))
    .returning({ id: apiKey.id });
  return revoked.length > 0;
}

export async function touchApiKey(db: Warehouse, keyId: number) {
  await db.update(apiKey).set({ lastUsedAt: sql`now()` }).where(eq(apiKey.id, keyId));
}

/** The domains a key acts on: its own shop first, then those it spans. */
export async function keyShopDomains(db: Warehouse, keyId: number): Promise<string[]> {
  const result = await db.execute<{ domain: string }>(sql`
    select s.domain from ${apiKey} k join ${dimShop} s on s.shop_id = k.shop_id where k.id = ${keyId}
    union all
    (select s.domain from ${apiKeySpan} p join ${dimShop} s on s.shop_id = p.shop_id where p.key_id = ${keyId} order by s.domain)`);
  return result.rows.map((r) => r.domain);
}
