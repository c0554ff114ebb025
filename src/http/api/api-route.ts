/**
 * The base of every partner API operation: declares the scope it needs and hands the handler the
 * caller's shop scope and the database. Handlers translate; the warehouse reads decide.
 */
import { OpenAPIRoute } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Principal, Scope } from '../../auth/api-keys';
import type { Warehouse } from '../../warehouse/db';
import type { AppEnv } from '../app-env';
import { Problem } from '../problem';

export abstract class ApiRoute extends OpenAPIRoute<[Context<AppEnv>]> {
  protected abstract readonly scope: Scope;

  /** The caller, once it is known to hold this operation's scope (admin holds every scope). */
  protected caller(c: Context<AppEnv>): { principal: Principal; db: Warehouse; shop: { shopId: number } } {
    const principal = c.get('principal');
    if (!principal.scopes.includes(this.scope) && !principal.scopes.includes('admin')) {
      throw new Problem(403, `this API key lacks the '${this.scope}' scope`);
    }
    return { principal, db: c.get('db'), shop: { shopId: principal.shopId } };
  }
}

/** A Shopify id in a path or query: decimal digits, kept as text (ids exceed 2^53). */
export const idParam = z.string().regex(/^\d{1,20}$/, 'expected a numeric id');

export const limitParam = z.coerce.number().int().min(1).max(1000).default(100);

export const cursorParam = z.string().max(512).optional();

export const problemResponses = {
  '400': { description: 'Invalid request (application/problem+json, with errors[] per field)' },
  '401': { description: 'Missing, unknown, revoked or expired API key' },
  '403': { description: 'The API key lacks the required scope' },
  '429': { description: 'Rate limit exceeded; see Retry-After' },
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page') });
