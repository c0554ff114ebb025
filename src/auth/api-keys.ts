/**
 * Partner API keys: `wharf_<prefix>_<secret>`. The prefix identifies the key in logs and lists;
 * the secret is compared by hash. Errors are values: the HTTP edge decides what to answer.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { apiKey, dimShop } from '../warehouse/schema';

export type Scope = (typeof apiKey.$inferSelect)['scopes'][number];
export const SCOPES: readonly Scope[] = ['read', 'upload', 'admin'];

/** Who is calling: one shop, with the scopes the key grants. */
export interface Principal {
  keyId: number;
  keyPrefix: string;
  shopId: number;
  shopDomain: string;
  scopes: readonly Scope[];
}

export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: string };

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
  scopes: readonly Scope[];
  expiresAt?: string | null;
}

/** Creates a key and returns it in full: the only time it is ever available. */
export async function createApiKey(db: Warehouse, key: NewKey): Promise<{ id: number; prefix: string; key: string }> {
  const prefix = randomText(12, 'base36');
  const secret = randomText(32, 'base64url');
  const [shop] = await db
    .insert(dimShop)
    .values({ domain: key.shopDomain })
    .onConflictDoUpdate({ target: dimShop.domain, set: { domain: sql`excluded.domain` } })
    .returning({ shopId: dimShop.shopId });
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
  return { id: created!.id, prefix, key: `wharf_${prefix}_${secret}` };
}

export async function authenticate(db: Warehouse, token: string, now = new Date()): Promise<Authentication> {
  const match = KEY_FORMAT.exec(token);
  if (!match) return { ok: false, reason: 'malformed API key' };
  const [, prefix, secret] = match as unknown as [string, string, string];
  const [found] = await db
    .select({ key: apiKey, domain: dimShop.domain })
    .from(apiKey)
    .innerJoin(dimShop, eq(dimShop.shopId, apiKey.shopId))
    .where(eq(apiKey.prefix, prefix));
  // Hash even when no key has the prefix, so timing does not tell which prefixes exist.
  const presented = await sha256Hex(secret);
  if (!found || !constantTimeEqual(presented, found.key.secretHash)) return { ok: false, reason: 'unknown API key' };
  if (found.key.revokedAt) return { ok: false, reason: 'API key revoked' };
  if (found.key.expiresAt && Date.parse(found.key.expiresAt) <= now.getTime()) return { ok: false, reason: 'API key expired' };
  return {
    ok: true,
    principal: { keyId: found.key.id, keyPrefix: prefix, shopId: found.key.shopId, shopDomain: found.domain, scopes: found.key.scopes },
  };
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
