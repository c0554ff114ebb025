/**
 * Per-request services for the partner API, built once by middleware and read from the context:
 * the database connection (closed after the response), the authenticated caller, the rate limit.
 */
import { createMiddleware } from 'hono/factory';
import { authenticate } from '../../auth/api-keys';
import { touchApiKey } from '../../warehouse/api-keys';
import { withWarehouse } from '../../warehouse/db';
import type { AppEnv } from '../app-env';
import { Problem } from '../problem';

export const warehousePerRequest = createMiddleware<AppEnv>((c, next) =>
  withWarehouse(c.env, c.executionCtx, (db) => {
    c.set('db', db);
    return next();
  }),
);

const BEARER = /^Bearer\s+(\S+)$/i;

/** Names the shop a request acts on, for admin keys that span several; a key's own shop otherwise. */
export const SHOP_HEADER = 'wharf-shop';

export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  const challenge = { headers: { 'www-authenticate': 'Bearer realm="wharf"' } };
  if (!token) throw new Problem(401, 'send an API key as Authorization: Bearer <key>', challenge);
  const result = await authenticate(c.get('db'), token, c.req.header(SHOP_HEADER));
  if (!result.ok) throw new Problem(result.status, result.reason, result.status === 401 ? challenge : {});
  c.set('principal', result.principal);
  c.executionCtx.waitUntil(touchApiKey(c.get('db'), result.principal.credential.keyId).catch(() => {}));
  await next();
});

/** One budget per key (the limit and period are in wrangler.toml). */
export const rateLimitPerKey = createMiddleware<AppEnv>(async (c, next) => {
  const { success } = await c.env.API_RATE_LIMITER.limit({ key: c.get('principal').credential.keyPrefix });
  if (!success) throw new Problem(429, 'rate limit exceeded for this API key', { headers: { 'retry-after': '60' } });
  await next();
});
