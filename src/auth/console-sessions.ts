/**
 * Who is at the console. By default an admin API key signs in once and gets a session for eight
 * hours: a random token in an HttpOnly cookie (only its hash is stored) and a CSRF token every
 * action must carry; each request checks the key again, so revoking it ends its sessions.
 *
 * Behind Cloudflare Access (consoleAccessConfig) no key is taken: each request's Access token is
 * verified, and its email must be one of the configured admins, who act on the configured shops.
 */
import type { ConsoleAccessConfig } from '../config';
import { sha256Hex } from '../lib/sha256';
import { keyShopDomains } from '../warehouse/api-keys';
import { consoleSessionByHash, deleteConsoleSession, insertConsoleSession } from '../warehouse/console-sessions';
import type { Warehouse } from '../warehouse/db';
import { shopDomains, shopIdsOf } from '../warehouse/shops';
import { verifyAccessToken } from './access-token';
import { authenticate, type Principal, principalOf, randomText } from './api-keys';

export const SESSION_SECONDS = 8 * 60 * 60;

export type SignIn = { ok: true; token: string } | { ok: false; reason: string };

export async function signIn(db: Warehouse, apiKeyText: string): Promise<SignIn> {
  const result = await authenticate(db, apiKeyText.trim());
  if (!result.ok) return { ok: false, reason: result.reason };
  if (!result.principal.scopes.includes('admin')) return { ok: false, reason: 'the console takes an admin API key' };
  const token = randomText(32, 'base64url');
  await insertConsoleSession(db, {
    tokenHash: await sha256Hex(token),
    keyId: result.principal.credential.keyId,
    csrfToken: randomText(24, 'base64url'),
    ttlSeconds: SESSION_SECONDS,
  });
  return { ok: true, token };
}

/** The caller on the shop asked for (else their first), and every shop they may switch to. */
export type ConsoleCaller = { ok: true; principal: Principal; shops: string[] };
/** 401: not signed in; 403: signed in, but not allowed this; 503: Access's keys could not be fetched to tell. */
export type ConsoleRefusal = { ok: false; status: 401 | 403 | 503; reason: string };

/** Who a session token stands for, on its key's own shop or a shop the key spans, with the session's CSRF token. */
export async function sessionCaller(db: Warehouse, token: string, requestedShop?: string): Promise<(ConsoleCaller & { csrfToken: string }) | ConsoleRefusal> {
  const found = await consoleSessionByHash(db, await sha256Hex(token));
  if (!found) return { ok: false, status: 401, reason: 'no session (or it ended): sign in again' };
  const result = await principalOf(db, found, requestedShop);
  if (!result.ok) return result;
  if (!result.principal.scopes.includes('admin')) return { ok: false, status: 403, reason: 'the console takes an admin API key' };
  return { ok: true, principal: result.principal, csrfToken: found.csrfToken, shops: await keyShopDomains(db, result.principal.credential.keyId) };
}

export async function signOut(db: Warehouse, token: string) {
  await deleteConsoleSession(db, await sha256Hex(token));
}

/** Who an Access token stands for: an admin of the configured shops when its email is listed. */
export async function accessCaller(
  db: Warehouse,
  access: ConsoleAccessConfig,
  token: string | undefined,
  requestedShop?: string,
): Promise<ConsoleCaller | ConsoleRefusal> {
  if (!token) return { ok: false, status: 401, reason: 'the request did not come through Cloudflare Access' };
  const verdict = await verifyAccessToken(access, token);
  if (!verdict.ok) return verdict;
  if (!access.admins.includes(verdict.email)) return { ok: false, status: 403, reason: `${verdict.email} is not one of the console’s admins` };
  const shops = access.shops === '*' ? await shopDomains(db) : access.shops;
  const domain = requestedShop ?? shops[0];
  if (!domain) return { ok: false, status: 403, reason: 'the warehouse has no shop yet' };
  if (!shops.includes(domain)) return { ok: false, status: 403, reason: `the console’s admins do not reach a shop ${domain}` };
  // A configured shop the warehouse has not met yet is registered, as a key's shop is when the key is made.
  const shopId = (await shopIdsOf(db, [domain])).get(domain) as number;
  return { ok: true, principal: { credential: { kind: 'access', email: verdict.email }, shopId, shopDomain: domain, scopes: ['admin'] }, shops };
}
