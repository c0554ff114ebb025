/** Shops by domain: every path that meets a shop for the first time registers it here. */
import { sql } from 'drizzle-orm';
import { dimShop } from './schema';
import type { Tx } from './upsert';

/** Resolves shop domains to `shop_id`s, registering shops seen for the first time. */
export async function shopIdsOf(tx: Tx, domains: readonly string[]): Promise<Map<string, number>> {
  if (domains.length === 0) return new Map();
  const rows = await tx
    .insert(dimShop)
    .values(domains.map((domain) => ({ domain })))
    // A no-op update, so that RETURNING also yields shops that already exist.
    .onConflictDoUpdate({ target: dimShop.domain, set: { domain: sql`excluded.domain` } })
    .returning({ shopId: dimShop.shopId, domain: dimShop.domain });
  return new Map(rows.map((row) => [row.domain, row.shopId]));
}
