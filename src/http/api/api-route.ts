/**
 * The base of every partner API operation: declares the scope it needs and hands the handler the
 * caller's shop scope and the database. Handlers translate; the warehouse reads decide.
 */
import { OpenAPIRoute } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import type { KeyPrincipal, Scope } from '../../auth/api-keys';
import type { Warehouse } from '../../warehouse/db';
import { hasNul, NUL_MESSAGE } from '../../warehouse/storable-text';
import type { AppEnv } from '../app-env';
import { Problem } from '../problem';

export abstract class ApiRoute extends OpenAPIRoute<[Context<AppEnv>]> {
  protected abstract readonly scope: Scope;

  /** The caller, once it is known to hold this operation's scope (admin holds every scope). */
  protected caller(c: Context<AppEnv>): { principal: KeyPrincipal; db: Warehouse; shop: { shopId: number } } {
    const principal = c.get('principal');
    if (!principal.scopes.includes(this.scope) && !principal.scopes.includes('admin')) {
      throw new Problem(403, `this API key lacks the '${this.scope}' scope`);
    }
    return { principal, db: c.get('db'), shop: { shopId: principal.shopId } };
  }

  /** Unknown query parameters are refused on every operation, those that declare no query too. */
  override async validateRequest(request: Request) {
    if (!this.getSchemaZod().request?.query) {
      const unknown = [...new URL(request.url).searchParams.keys()];
      if (unknown.length > 0) {
        throw new Problem(400, `this operation takes no query parameters: ${unknown.join(', ')}`, {
          errors: unknown.map((name) => ({ field: `query.${name}`, message: 'unknown parameter' })),
        });
      }
    }
    return super.validateRequest(request);
  }
}

/*
 * The shared pieces of every operation's parameters. Each admits only what the warehouse can take:
 * a value Postgres would refuse (an id beyond bigint, a NUL character in text, a date before year 1)
 * is a 400 naming the parameter, never a failed query.
 */

const BIGINT_MAX = 9223372036854775807n;

/** A Shopify id in a path or query: decimal digits, kept as text (ids exceed 2^53), within the warehouse's bigint. */
export const idParam = z
  .string()
  .regex(/^\d+$/, 'expected a numeric id')
  // Checked only once the text is digits (refinements run after a failed pattern too).
  .refine((id) => !/^\d+$/.test(id) || (id.length <= 19 && BigInt(id) <= BIGINT_MAX), `expected an id of at most ${BIGINT_MAX}`);

/** Free text in a query: at most `max` characters, and no NUL character (Postgres text cannot hold one). */
export const textParam = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !hasNul(text), NUL_MESSAGE);

/** A warehouse serial id (a dead letter's): a positive integer JavaScript holds exactly. */
export const serialParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A calendar day, yyyy-mm-dd, from year 1 (Postgres has no year 0). */
export const dateParam = z.iso.date().refine((day) => !day.startsWith('0000'), 'expected a date from 0001-01-01 on');

/** An instant, ISO 8601 with an offset, from year 1 in UTC (Postgres has no year 0). */
export const instantParam = z.iso
  .datetime({ offset: true })
  .refine((instant) => !(new Date(instant).getUTCFullYear() < 1), 'expected an instant from 0001-01-01T00:00:00Z on');

export const limitParam = z.coerce.number().int().min(1).max(1000).default(100);

export const cursorParam = z.string().max(512).optional();

/** A row number in a cursor: a Postgres integer. */
export const rowNumberPart = z
  .string()
  .regex(/^\d{1,10}$/)
  .refine((n) => Number(n) <= 2 ** 31 - 1);

export const problemResponses = {
  '400': { description: 'Invalid request (application/problem+json, with errors[] per field)' },
  '401': { description: 'Missing, unknown, revoked or expired API key' },
  '403': { description: 'The API key lacks the required scope' },
  '429': { description: 'Rate limit exceeded; see Retry-After' },
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page') });
