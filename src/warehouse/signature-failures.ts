/** The count of webhook deliveries refused for their signature: added per shop and minute, pruned. */
import { sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import { signatureFailure } from './schema';

export interface SignatureFailureTally {
  shopDomain: string;
  /** The minute's start, ISO 8601. */
  minute: string;
  count: number;
}

/**
 * Adds the tallies to their shop's minute. Only shops Wharf knows are counted: the join drops any
 * other domain, so a made-up shop never becomes a row.
 */
export async function addSignatureFailures(db: Warehouse, tallies: readonly SignatureFailureTally[]): Promise<void> {
  if (tallies.length === 0) return;
  const domains = arrayParam(
    tallies.map((t) => t.shopDomain),
    'text',
  );
  const minutes = arrayParam(
    tallies.map((t) => t.minute),
    'timestamptz',
  );
  const counts = arrayParam(
    tallies.map((t) => t.count),
    'integer',
  );
  // A tally is one per domain and minute, and a domain one shop: no row is updated twice.
  await db.execute(sql`
    insert into ${signatureFailure} (shop_id, minute, count)
    select s.shop_id, t.minute, t.count
    from unnest(${domains}, ${minutes}, ${counts}) as t(domain, minute, count) join dim_shop s on s.domain = t.domain
    on conflict (shop_id, minute) do update set count = signature_failure.count + excluded.count`);
}

/** Drops the counts of minutes older than `keepHours`. */
export async function pruneSignatureFailures(db: Warehouse, keepHours: number): Promise<void> {
  await db.execute(sql`delete from ${signatureFailure} where minute < now() - make_interval(hours => ${keepHours})`);
}
