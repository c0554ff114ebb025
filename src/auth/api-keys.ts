/**
 * Partner API keys: `wharf_<prefix>_<secret>`. The prefix identifies the key in logs and lists;
 * the secret is compared by hash. Errors are values: the HTTP edge decides what to answer.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { apiKey, apiKeySpan, dimShop } from '../warehouse/schema';
import { shopIdsOf } from '../warehouse/shops';

export type Scope = (typeof apiKey.$inferSelect)['scopes'][number];
export const SCOPES: readonly Scope[] = ['read', 'upload', 'admin'];

/** Who is calling: one shop (the key's own, or one it spans, chosen per request), with the key's scopes. */
export interface Principal {
  keyId: number;
  keyPrefix: string;
  shopId: number;
  shopDomain: string;
  scopes: readonly Scope[];
}

/** 401 when the key itself is no good; 403 when it is good but does not reach the shop asked for. */
export type Authentication = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; reason: string };

const KEY_FORMAT = /^wharf_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function randomText(bytes: number, alphabet: 'base64url' | 'base36'): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  if (alphabet === 'base36') return [...random].map((b) => (b % 36).toString(36)).join('');
  return btoa(String.fromCharCode(...random)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export interface NewKey {
  name: string;
  shopDomain: string;
  /** Admin keys only: further shops the key may act on (chosen per request with the Wharf-Shop header). */
  alsoShops?: readonly string[];
  scopes: readonly Scope[];
  expiresAt?: string | null;
}

export const SPANNING_NEEDS_ADMIN = 'only admin keys may span several shops';

/** Creates a key and returns it in full: the only time it is ever available. */
export async function createApiKey(db: Warehouse, key: NewKey): Promise<{ id: number; prefix: string; key: string }> {
  const alsoShops = [...new Set(key.alsoShops ?? [])].filter((domain) => domain !== key.shopDomain);
  if (alsoShops.length && !key.scopes.includes('admin')) throw new Error(SPANNING_NEEDS_ADMIN);
  const prefix = randomText(12, 'base36');
  const secret = randomText(32, 'base64url');
  const shops = await shopIdsOf(db, [key.shopDomain, ...alsoShops]);
  const shop = { shopId: shops.get(key.shopDomain)! };
  const [created] = await db
    .insert(apiKey)
    .values({
      prefix,
      secretHash: await sha256Hex(secret),
      name: key.name,
      shopId: shop!.shopId,
      scopes: [...new Set(key.scopes)],
      expiresAt: key.expiresAt ?? null,
    })
    .returning({ id: apiKey.id });
  if (alsoShops.length) await db.insert(apiKeySpan).values(alsoShops.map((domain) => ({ keyId: created!.id, shopId: shops.get(domain)! })));
  return { id: created!.id, prefix, key: `wharf_${prefix}_${secret}` };
}

/** The shop a request acts on: the key's own, or (`requestedShop`) one the key spans. */
async function spannedShop(db: Warehouse, keyId: number, requestedShop: string) {
  const [spanned] = await db
    .select({ shopId: dimShop.shopId })
    .from(apiKeySpan)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKeySpan.shopId))
    .where(and(eq(apiKeySpan.keyId, keyId), eq(dimShop.domain, requestedShop)));
  return spanned;
}

export async function authenticate(db: Warehouse, token: string, requestedShop?: string, now = new Date()): Promise<Authentication> {
  const match = KEY_FORMAT.exec(token);
  if (!match) return { ok: false, status: 401, reason: 'malformed API key' };
  const [, prefix, secret] = match as unknown as [string, string, string];
  const [found] = await db
    .select({ key: apiKey, domain: dimShop.domain })
    .from(apiKey)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKey.shopId))
    .where(eq(apiKey.prefix, prefix));
  // Hash even when no key has the prefix, so timing does not tell which prefixes exist.
  const presented = await sha256Hex(secret);
  if (!found || !constantTimeEqual(presented, found.key.secretHash)) return { ok: false, status: 401, reason: 'unknown API key' };
  if (found.key.revokedAt) return { ok: false, status: 401, reason: 'API key revoked' };
  if (found.key.expiresAt && Date.parse(found.key.expiresAt) <= now.getTime()) return { ok: false, status: 401, reason: 'API key expired' };
  const principal = { keyId: found.key.id, keyPrefix: prefix, shopId: found.key.shopId, shopDomain: found.domain, scopes: found.key.scopes };
  if (!requestedShop || requestedShop === found.domain) return { ok: true, principal };
  // The same answer whether or not the shop exists: a key learns nothing about shops it does not span.
  const spanned = await spannedShop(db, found.key.id, requestedShop);
  if (!spanned) return { ok: false, status: 403, reason: `this API key does not span the shop ${requestedShop}` };
  return { ok: true, principal: { ...principal, shopId: spanned.shopId, shopDomain: requestedShop } };
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
      alsoShops: sql<string[]>`coalesce((select array_agg(s.domain order by s.domain) from ${apiKeySpan} k join ${dimShop} s using (shop_id) where k.key_id = ${apiKey.id}), '{}')`,
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
