/** Calling the partner API as a partner would, with keys made the way the CLI makes them. */
import { SELF } from 'cloudflare:test';
import { createApiKey, type Scope } from '../../src/auth/api-keys';
import { withDb } from './warehouse';

export async function apiKeyFor(shop: string, scopes: Scope[] = ['read'], options: { expiresAt?: string } = {}) {
  return withDb((db) => createApiKey(db, { name: 'test', shopDomain: shop, scopes, expiresAt: options.expiresAt }));
}

export function api(path: string, key: string | null, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.body) headers.set('content-type', 'application/json');
  return SELF.fetch(`https://wharf.test${path}`, { ...init, headers });
}

export async function apiJson<T = Record<string, unknown>>(path: string, key: string | null, init: RequestInit = {}) {
  const response = await api(path, key, init);
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as T, headers: response.headers };
}
