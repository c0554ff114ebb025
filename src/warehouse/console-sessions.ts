/** Console sessions at rest: by the hash of their token, with the key they were opened with. */
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { apiKey, consoleSession, dimShop } from './schema';

export async function insertConsoleSession(db: Warehouse, session: { tokenHash: string; keyId: number; csrfToken: string; ttlSeconds: number }) {
  // Expired sessions go as new ones come: the table holds only live ones, and a few.
  await db.delete(consoleSession).where(lt(consoleSession.expiresAt, sql`now()`));
  await db.insert(consoleSession).values({
    tokenHash: session.tokenHash,
    keyId: session.keyId,
    csrfToken: session.csrfToken,
    expiresAt: sql`now() + make_interval(secs => ${session.ttlSeconds})`,
  });
}

/** A live session with its key and the key's own shop. */
export async function consoleSessionByHash(db: Warehouse, tokenHash: string) {
  const [found] = await db
    .select({ csrfToken: consoleSession.csrfToken, expiresAt: consoleSession.expiresAt, key: apiKey, domain: dimShop.domain })
    .from(consoleSession)
    .innerJoin(apiKey, eq(apiKey.id, consoleSession.keyId))
    .innerJoin(dimShop, eq(dimShop.shopId, apiKey.shopId))
    .where(and(eq(consoleSession.tokenHash, tokenHash), gt(consoleSession.expiresAt, sql`now()`)));
  return found;
}

export async function deleteConsoleSession(db: Warehouse, tokenHash: string) {
  await db.delete(consoleSession).where(eq(consoleSession.tokenHash, tokenHash));
}
