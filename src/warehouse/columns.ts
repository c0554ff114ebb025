import { customType, numeric, timestamp } from 'drizzle-orm/pg-core';

/**
 * Shopify ids are 64-bit and exceed 2^53, so they travel through Wharf as decimal strings and
 * are stored as Postgres `bigint`: never a JavaScript number.
 */
export const shopifyId = customType<{ data: string; driverData: string }>({
  dataType: () => 'bigint',
  fromDriver: (value) => String(value),
});

/** Money stays a decimal string end to end and is stored as exact `numeric`. */
export const money = (name: string) => numeric(name);

/** Timestamps keep the shop's offset on the way in and are stored as `timestamptz`. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
