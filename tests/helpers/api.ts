/** Calling the partner API as a partner would, with keys made the way the CLI makes them. */
import { env, SELF } from 'cloudflare:test';
import { createApiKey, type Scope } from '../../src/auth/api-keys';
import { warehouseConfig } from '../../src/config';
import { connectWarehouse } from '../../src/warehouse/db';

export async function apiKeyFor(shop: string, scopes: Scope[] = ['read'], options: { expiresAt?: string } = {}) {
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    return await createApiKey(connection.db, { name: 'test', shopDomain: shop, scopes, expiresAt: options.expiresAt });
  } finally {
    await connection.close();
  }
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
