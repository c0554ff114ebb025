/**
 * Tenant isolation lives here, not in handlers: every read takes the caller's shop and every
 * query filters by it, so a key for one shop cannot read, count or infer another shop's rows.
 */
import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

export interface ShopScope {
  shopId: number;
}

export const inShop = (scope: ShopScope, column: PgColumn): SQL => eq(column, scope.shopId);

/** A page of rows and the cursor of the next page (null when this is the last). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Opaque cursors: the last row's sort key, base64url-encoded. They carry no shop: decoded under
 * another shop's key they only position a query that is filtered by that shop.
 */
export function encodeCursor(key: readonly string[]): string {
  return btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, parts: number): string[] | null {
  try {
    const key: unknown = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
    return Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string') ? key : null;
  } catch {
    return null;
  }
}

/** Takes `limit + 1` rows to know whether another page follows. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string[]): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
