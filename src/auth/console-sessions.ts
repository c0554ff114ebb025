/**
 * The console signs in with an admin API key once and gets a session for eight hours: a random
 * token in an HttpOnly cookie (only its hash is stored) and a CSRF token every action must carry.
 * Each request checks the key again, so revoking it ends its sessions.
 */
import { consoleSessionByHash, deleteConsoleSession, insertConsoleSession } from '../warehouse/console-sessions';
import type { Warehouse } from '../warehouse/db';
import { type Authentication, authenticate, type KeyPrincipal, principalOf, randomText, sha256Hex } from './api-keys';

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

export type SessionCaller = { ok: true; principal: KeyPrincipal; csrfToken: string } | Extract<Authentication, { ok: false }>;

/** Who a session token stands for, on its key's own shop or a shop the key spans. */
export async function sessionCaller(db: Warehouse, token: string, requestedShop?: string): Promise<SessionCaller> {
  const found = await consoleSessionByHash(db, await sha256Hex(token));
  if (!found) return { ok: false, status: 401, reason: 'no session (or it ended): sign in again' };
  const result = await principalOf(db, found, requestedShop);
  if (!result.ok) return result;
  if (!result.principal.scopes.includes('admin')) return { ok: false, status: 403, reason: 'the console takes an admin API key' };
  return { ok: true, principal: result.principal, csrfToken: found.csrfToken };
}

export async function signOut(db: Warehouse, token: string) {
  await deleteConsoleSession(db, await sha256Hex(token));
}
