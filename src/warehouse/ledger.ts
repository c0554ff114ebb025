/**
 * The pipeline's ledger: `raw_event` records each delivery once per (shop, webhook id) and its
 * progress. What could not be taken is in the quarantine (dead-letters.ts).
 */
import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { resolveDeliveryFailures } from './dead-letters';
import { rawEvent } from './schema';
import { inKeyOrder, type Tx } from './upsert';

export type RawEventStatus = (typeof rawEvent.$inferSelect)['status'];

/** A delivery as the ledger knows it: Shopify's webhook id, unique within a shop. */
export type DeliveryRef = { shopDomain: string; webhookId: string };

/** What the ledger keeps of a delivery's claim check. */
export type LedgerClaim = DeliveryRef & {
  eventId?: string | null;
  topic: string;
  apiVersion: string;
  rawKey: string;
  triggeredAt?: string | null;
  receivedAt: string;
};

const deliveryKey = (shopDomain: string, webhookId: string) => `${shopDomain}\u0000${webhookId}`;
export const claimKey = (claim: DeliveryRef) => deliveryKey(claim.shopDomain, claim.webhookId);

export interface LedgerEntry {
  status: RawEventStatus;
  /** First time this delivery was recorded; false for one already in the ledger. */
  firstSeen: boolean;
}

export interface DeliveryToRecord {
  claim: LedgerClaim;
  status: RawEventStatus;
  /**
   * When each of its deliveries in this batch was received (claim checks' `receivedAt`). A replay
   * carries the instant of the delivery it replays, so counting distinct instants counts Shopify's
   * deliveries: never a replay, nor a batch recorded again after a commit whose answer was lost.
   */
  receivedAt: readonly string[];
  /** The customer and order the delivery is about, where it is about one. */
  subjects: { customerId?: string; orderId?: string };
  /** What the load leaves out of a valid delivery, and why. */
  notes?: readonly { path: string; reason: string }[];
}

/** The instants of `excluded` not yet in the stored row. */
const newInstants = sql`array(select unnest(excluded.seen_at) except select unnest(${rawEvent.seenAt}))`;

/**
 * Records deliveries (one per key) with the status validation gave them. A delivery already in the
 * ledger keeps its status, unless it was waiting to be processed and is now found invalid or
 * unmodelled (an invalid delivery must not stay `validated`, to be swept for ever); `seen_count`
 * counts its distinct deliveries. The returned status is the one stored, which tells the caller
 * whether there is anything left to do.
 */
export async function recordDeliveries(db: Tx, deliveries: readonly DeliveryToRecord[]): Promise<Map<string, LedgerEntry>> {
  if (deliveries.length === 0) return new Map();
  // In key order: two batches recording the same deliveries (a replay beside a redelivery) wait instead of deadlocking.
  const stored = await db
    .insert(rawEvent)
    .values(
      inKeyOrder(deliveries, (d) => claimKey(d.claim)).map(({ claim, status, receivedAt, subjects, notes }) => {
        const seenAt = [...new Set(receivedAt.map((at) => new Date(at).toISOString()))];
        return {
          shopDomain: claim.shopDomain,
          webhookId: claim.webhookId,
          eventId: claim.eventId,
          topic: claim.topic,
          apiVersion: claim.apiVersion,
          rawKey: claim.rawKey,
          customerId: subjects.customerId ?? null,
          orderId: subjects.orderId ?? null,
          triggeredAt: claim.triggeredAt,
          receivedAt: claim.receivedAt,
          status,
          seenCount: seenAt.length,
          seenAt,
          notes: notes?.length ? notes : null,
        };
      }),
    )
    .onConflictDoUpdate({
      target: [rawEvent.shopDomain, rawEvent.webhookId],
      set: {
        seenCount: sql`${rawEvent.seenCount} + cardinality(${newInstants})`,
        seenAt: sql`${rawEvent.seenAt} || ${newInstants}`,
        status: sql`case when ${rawEvent.status} = 'validated' and excluded.status in ('quarantined', 'unmodelled') then excluded.status else ${rawEvent.status} end`,
      },
    })
    .returning({
      shopDomain: rawEvent.shopDomain,
      webhookId: rawEvent.webhookId,
      status: rawEvent.status,
      firstSeen: sql<boolean>`(xmax = 0)`,
    });
  const recorded = new Map(stored.map((row) => [deliveryKey(row.shopDomain, row.webhookId), { status: row.status, firstSeen: row.firstSeen }]));
  await resolveDeliveryFailures(
    db,
    deliveries.filter((d) => recorded.get(claimKey(d.claim))?.status === 'unmodelled').map((d) => d.claim),
  );
  return recorded;
}

function deliveriesMatching(claims: readonly DeliveryRef[]) {
  const pairs = claims.map((c) => sql`(${c.shopDomain}, ${c.webhookId})`);
  return sql`(${rawEvent.shopDomain}, ${rawEvent.webhookId}) in (${sql.join(pairs, sql`, `)})`;
}

/** Marks deliveries loaded (resolving whatever was recorded against them) or quarantined. */
export async function setDeliveryStatus(db: Tx, claims: readonly DeliveryRef[], status: 'loaded' | 'quarantined') {
  if (claims.length === 0) return;
  await db
    .update(rawEvent)
    .set({ status, loadedAt: status === 'loaded' ? sql`now()` : null })
    .where(deliveriesMatching(claims));
  if (status === 'loaded') await resolveDeliveryFailures(db, claims);
}

/** Marks deliveries as to be processed again (a replay): validation and loading decide anew. */
export async function markForReplay(db: Pick<Warehouse, 'update'>, claims: readonly DeliveryRef[]) {
  if (claims.length === 0) return;
  await db.update(rawEvent).set({ status: 'validated', loadedAt: null }).where(deliveriesMatching(claims));
}

/** The ledger status of each of these deliveries that is recorded, by claimKey. */
export async function deliveryStatuses(db: Pick<Warehouse, 'select'>, deliveries: readonly DeliveryRef[]) {
  if (deliveries.length === 0) return new Map<string, RawEventStatus>();
  const rows = await db
    .select({ shopDomain: rawEvent.shopDomain, webhookId: rawEvent.webhookId, status: rawEvent.status })
    .from(rawEvent)
    .where(deliveriesMatching(deliveries));
  return new Map(rows.map((row) => [deliveryKey(row.shopDomain, row.webhookId), row.status]));
}

/** Which recorded deliveries to replay: a window of receipt, a topic, a status, one raw object. */
export interface DeliveryFilter {
  receivedFrom?: string;
  receivedTo?: string;
  topic?: string;
  status?: RawEventStatus;
  rawKey?: string;
}

function deliveriesWhere(filter: DeliveryFilter): SQL | undefined {
  return and(
    filter.receivedFrom ? gte(rawEvent.receivedAt, filter.receivedFrom) : undefined,
    filter.receivedTo ? lt(rawEvent.receivedAt, filter.receivedTo) : undefined,
    filter.topic ? eq(rawEvent.topic, filter.topic) : undefined,
    filter.status ? eq(rawEvent.status, filter.status) : undefined,
    filter.rawKey ? eq(rawEvent.rawKey, filter.rawKey) : undefined,
  );
}

const asClaim = {
  id: rawEvent.id,
  topic: rawEvent.topic,
  shopDomain: rawEvent.shopDomain,
  apiVersion: rawEvent.apiVersion,
  webhookId: rawEvent.webhookId,
  eventId: rawEvent.eventId,
  rawKey: rawEvent.rawKey,
  // ISO 8601, as claim checks carry them (timestamptz's text form is not).
  triggeredAt: sql<string | null>`to_json(${rawEvent.triggeredAt}) #>> '{}'`,
  receivedAt: sql<string>`to_json(${rawEvent.receivedAt}) #>> '{}'`,
};

/** The shop's recorded deliveries matching `filter`, oldest first after `afterId`, as claim checks: `max + 1` of them. */
export async function recordedClaims(db: Pick<Warehouse, 'select'>, shopDomain: string, filter: DeliveryFilter, page: { afterId?: number; max: number }) {
  return db
    .select(asClaim)
    .from(rawEvent)
    .where(and(eq(rawEvent.shopDomain, shopDomain), deliveriesWhere(filter), page.afterId ? gt(rawEvent.id, page.afterId) : undefined))
    .orderBy(asc(rawEvent.id))
    .limit(page.max + 1);
}

/** These deliveries' claim checks, as the ledger recorded them. */
export async function claimsOf(db: Pick<Warehouse, 'select'>, deliveries: readonly DeliveryRef[]) {
  if (deliveries.length === 0) return [];
  return db.select(asClaim).from(rawEvent).where(deliveriesMatching(deliveries));
}

/** Shops with deliveries validated before `receivedBefore` and never loaded. */
export async function shopsWithStalledDeliveries(db: Pick<Warehouse, 'selectDistinct'>, receivedBefore: string) {
  const rows = await db
    .selectDistinct({ shop: rawEvent.shopDomain })
    .from(rawEvent)
    .where(and(eq(rawEvent.status, 'validated'), lt(rawEvent.receivedAt, receivedBefore)));
  return rows.map((row) => row.shop);
}

/** Deliveries by status, for status reports. */
export async function countDeliveries(db: Pick<Warehouse, 'select'>) {
  return db.select({ status: rawEvent.status, count: sql<number>`count(*)::int` }).from(rawEvent).groupBy(rawEvent.status).orderBy(rawEvent.status);
}

export interface DeliverySearch extends DeliveryFilter {
  webhookId?: string;
  orderId?: string;
  customerId?: string;
}

/** The shop's deliveries matching `search`, newest first. */
export async function searchDeliveries(db: Pick<Warehouse, 'select'>, shopDomain: string, search: DeliverySearch, limit: number) {
  return db
    .select({
      ...asClaim,
      status: rawEvent.status,
      seenCount: rawEvent.seenCount,
      orderId: sql<string | null>`${rawEvent.orderId}::text`,
      customerId: sql<string | null>`${rawEvent.customerId}::text`,
      loadedAt: sql<string | null>`to_json(${rawEvent.loadedAt}) #>> '{}'`,
      notes: rawEvent.notes,
    })
    .from(rawEvent)
    .where(
      and(
        eq(rawEvent.shopDomain, shopDomain),
        deliveriesWhere(search),
        search.webhookId ? eq(rawEvent.webhookId, search.webhookId) : undefined,
        search.orderId ? sql`${rawEvent.orderId} = ${search.orderId}::bigint` : undefined,
        search.customerId ? sql`${rawEvent.customerId} = ${search.customerId}::bigint` : undefined,
      ),
    )
    .orderBy(desc(rawEvent.receivedAt), desc(rawEvent.id))
    .limit(limit);
}
