/** Shops by domain: every path that meets a shop for the first time registers it here. */
import { eq, inArray } from 'drizzle-orm';
import { dimShop } from './schema';
import type { Tx } from './upsert';

async function known(tx: Tx, domains: readonly string[], into: Map<string, number>) {
  const rows = await tx
    .select({ shopId: dimShop.shopId, domain: dimShop.domain })
    .from(dimShop)
    .where(inArray(dimShop.domain, [...domains]));
  for (const row of rows) into.set(row.domain, row.shopId);
}

/**
 * Resolves shop domains to `shop_id`s, registering shops seen for the first time. Known shops are
 * only read: an upsert would lock the shop's row until the transaction ends, and every load of
 * that shop's data would wait for the one before it.
 */
export async function shopIdsOf(tx: Tx, domains: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (domains.length === 0) return ids;
  await known(tx, domains, ids);
  // In domain order: two loads meeting the same new shops wait for each other instead of deadlocking.
  const missing = domains.filter((domain) => !ids.has(domain)).sort();
  if (missing.length === 0) return ids;
  const inserted = await tx
    .insert(dimShop)
    .values(missing.map((domain) => ({ domain })))
    .onConflictDoNothing({ target: dimShop.domain })
    .returning({ shopId: dimShop.shopId, domain: dimShop.domain });
  for (const row of inserted) ids.set(row.domain, row.shopId);
  // Registered by a concurrent transaction (the insert waited for it to commit): read them now.
  const raced = missing.filter((domain) => !ids.has(domain));
  if (raced.length > 0) await known(tx, raced, ids);
  return ids;
}

/** The shop's id, if the shop has been met (it is not registered here). */
export async function knownShopId(tx: Tx, domain: string): Promise<number | undefined> {
  const ids = new Map<string, number>();
  await known(tx, [domain], ids);
  return ids.get(domain);
}

export async function shopById(tx: Tx, shopId: number): Promise<typeof dimShop.$inferSelect | undefined> {
  const [shop] = await tx.select().from(dimShop).where(eq(dimShop.shopId, shopId));
  return shop;
}

/** Every shop's domain, in order. */
export async function shopDomains(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ domain: dimShop.domain }).from(dimShop).orderBy(dimShop.domain);
  return rows.map((row) => row.domain);
}
