/**
 * Operator console sessions: an admin API key exchanged once for a short-lived session, so that
 * the key never travels again and every page and action can be tied to it and its CSRF token.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { apiKey } from './api-access';
import { instant } from './columns';

export const consoleSession = pgTable(
  'console_session',
  {
    /** SHA-256 of the cookie's token: a database dump holds no usable session. */
    tokenHash: text('token_hash').primaryKey(),
    keyId: bigint('key_id', { mode: 'number' })
      .notNull()
      .references(() => apiKey.id),
    /** Sent in every form of the session's pages and required back with every action. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('console_session_expires').on(t.expiresAt)],
);
