import { sql } from 'drizzle-orm';
import { customType, numeric, text } from 'drizzle-orm/pg-core';

/**
 * Shopify ids are 64-bit and exceed 2^53, so they travel through Wharf as decimal strings and
 * are stored as Postgres `bigint`: never a JavaScript number.
 */
export const shopifyId = customType<{ data: string; driverData: string }>({
  dataType: () => 'bigint',
  fromDriver: (value) => String(value),
});

/**
 * A list of Shopify ids (`bigint[]`), decimal strings in JavaScript. Written as an array literal;
 * drivers read `bigint[]` back as an array of strings, or as the literal itself.
 */
export const shopifyIdArray = customType<{ data: string[]; driverData: string | string[] }>({
  dataType: () => 'bigint[]',
  toDriver: (ids) => `{${ids.join(',')}}`,
  fromDriver: (value) => (Array.isArray(value) ? value.map(String) : value.replace(/[{}]/g, '').split(',').filter(Boolean)),
});

/** Money stays a decimal string end to end and is stored as exact `numeric`. */
export const money = (name: string) => numeric(name);

const POSTGRES_TIMESTAMPTZ = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/;

/** Postgres's text form of a timestamptz ("2025-04-02 16:38:15+00") as ISO 8601 ("2025-04-02T16:38:15+00:00"). */
export function isoFromPostgres(value: string): string {
  const match = POSTGRES_TIMESTAMPTZ.exec(value);
  return match ? `${match[1]}T${match[2]}${match[3]}:${match[4] ?? '00'}` : value;
}

/** Timestamps keep the shop's offset on the way in, are stored as `timestamptz`, and read back as ISO 8601. */
export const instant = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (value) => isoFromPostgres(String(value)),
});

/** Where a warehouse row came from: the raw R2 object of the delivery, file or export, and when it was loaded. */
export const lineage = {
  rawKey: text('raw_key').notNull(),
  loadedAt: instant('loaded_at').notNull().default(sql`now()`),
};
