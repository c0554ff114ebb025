/**
 * Partner API access: keys (stored hashed) with their scopes and the shops they may see.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { shopRef } from './dimensions';

export const apiScope = pgEnum('api_scope', ['read', 'upload', 'admin']);

/**
 * Partner API keys. The key itself is shown once and never stored: only its SHA-256 (keys are
 * 256-bit random, so a plain hash cannot be brute-forced) and a public prefix to find it by.
 */
export const apiKey = pgTable(
  'api_key',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    prefix: text('prefix').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    shopId: shopRef(),
    scopes: apiScope('scopes').array().notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [index('api_key_shop').on(t.shopId)],
);

/** Further shops an admin key spans beyond its own (an agency or operator managing several stores). */
export const apiKeySpan = pgTable(
  'api_key_span',
  {
    keyId: bigint('key_id', { mode: 'number' })
      .notNull()
      .references(() => apiKey.id),
    shopId: shopRef(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.shopId] })],
);
