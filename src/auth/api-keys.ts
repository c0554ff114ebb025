/**
 * Partner API keys: `wharf_<prefix>_<secret>`. The prefix identifies the key in logs and lists;
 * the secret is compared by hash. Errors are values: the HTTP edge decides what to answer.
 */

import { sha256Hex } from '../lib/sha256';
import { apiKeyByPrefix, insertApiKey, spannedShop } from '../warehouse/api-keys';
import type { Warehouse } from '../warehouse/db';
import type { apiKey } from '../warehouse/schema';
import { shopIdsOf } from '../warehouse/shops';

export type Scope = (typeof apiKey.$inferSelect)['scopes'][number];
export const SCOPES: readonly Scope[] = ['read', 'upload', 'admin'];

/**
 * What vouches for a caller: an API key (the partner API, and the console's sign-in), or an
 * identity Cloudflare Access signed for (the console behind Access, which takes no key).
 */
export type Credential = { kind: 'api-key'; keyId: number; keyPrefix: string } | { kind: 'access'; email: string };

/** Who is calling: one shop (chosen per request among those the credential reaches), with scopes. */
export interface Principal<C extends Credential = Credential> {
  credential: C;
  shopId: number;
  shopDomain: string;
  scopes: readonly Scope[];
}

export type KeyPrincipal = Principal<Extract<Credential, { kind: 'api-key' }>>;

/** 401 when the credential itself is no good; 403 when it is good but does not reach the shop asked for. */
export type Authentication<P extends Principal = KeyPrincipal> = { ok: true; principal: P } | { ok: false; status: 401 | 403; reason: string };

const KEY_FORMAT = /^wharf_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function randomText(bytes: number, alphabet: 'base64url' | 'base36'): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  if (alphabet === 'base36') return [...random].map((b) => (b % 36).toString(36)).join('');
  return btoa(String.fromCharCode(...random))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
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
  const id = await insertApiKey(
    db,
    {
      prefix,
      secretHash: await sha256Hex(secret),
      name: key.name,
      shopId: shops.get(key.shopDomain)!,
      scopes: [...new Set(key.scopes)],
      expiresAt: key.expiresAt ?? null,
    },
    alsoShops.map((domain) => shops.get(domain)!),
  );
  return { id, prefix, key: `wharf_${prefix}_${secret}` };
}

export async function authenticate(db: Warehouse, token: string, requestedShop?: string, now = new Date()): Promise<Authentication> {
  const match = KEY_FORMAT.exec(token);
  if (!match) return { ok: false, status: 401, reason: 'malformed API key' };
  const [, prefix, secret] = match as unknown as [string, string, string];
  const found = await apiKeyByPrefix(db, prefix);
  // Hash even when no key has the prefix, so timing does not tell which prefixes exist.
  const presented = await sha256Hex(secret);
  if (!found || !constantTimeEqual(presented, found.key.secretHash)) return { ok: false, status: 401, reason: 'unknown API key' };
  return principalOf(db, found, requestedShop, now);
}

/**
 * The caller a stored key makes, acting on its own shop or on `requestedShop` when it spans it:
 * for an API key just presented, or for the key a console session was opened with.
 */
export async function principalOf(
  db: Warehouse,
  found: { key: typeof apiKey.$inferSelect; domain: string },
  requestedShop?: string,
  now = new Date(),
): Promise<Authentication> {
  if (found.key.revokedAt) return { ok: false, status: 401, reason: 'API key revoked' };
  if (found.key.expiresAt && Date.parse(found.key.expiresAt) <= now.getTime()) return { ok: false, status: 401, reason: 'API key expired' };
  const principal: KeyPrincipal = {
    credential: { kind: 'api-key', keyId: found.key.id, keyPrefix: found.key.prefix },
    shopId: found.key.shopId,
    shopDomain: found.domain,
    scopes: found.key.scopes,
  };
  if (!requestedShop || requestedShop === found.domain) return { ok: true, principal };
  // The same answer whether or not the shop exists: a key learns nothing about shops it does not span.
  const spanned = await spannedShop(db, found.key.id, requestedShop);
  if (!spanned) return { ok: false, status: 403, reason: `this API key does not span the shop ${requestedShop}` };
  return { ok: true, principal: { ...principal, shopId: spanned.shopId, shopDomain: requestedShop } };
}
