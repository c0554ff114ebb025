/**
 * The pipeline's ledger: `raw_event` records each delivery once per (shop, webhook id) and its
 * progress; `quarantine` keeps what could not be taken, with the reason and the raw key to replay.
 */
import { sql } from 'drizzle-orm';
import type { PayloadNote, Subjects } from '../domain/topics';
import type { WebhookClaim } from '../pipeline/messages';
import type { Warehouse } from './db';
import { quarantine, rawEvent } from './schema';

type Db = Pick<Warehouse, 'insert' | 'update' | 'execute'>;
export type RawEventStatus = (typeof rawEvent.$inferSelect)['status'];

const deliveryKey = (shopDomain: string, webhookId: string) => `${shopDomain}\u0000${webhookId}`;
export const claimKey = (claim: Pick<WebhookClaim, 'shopDomain' | 'webhookId'>) => deliveryKey(claim.shopDomain, claim.webhookId);

export interface LedgerEntry {
  status: RawEventStatus;
  /** First time this delivery was seen; false for a repeat of one already in the ledger. */
  firstSeen: boolean;
}

/**
 * Records deliveries (one per key) with the status validation gave them. A delivery already in the
 * ledger keeps its status and only has its `seen_count` raised by the times it was seen again; the returned status is the one
 * stored, which tells the caller whether there is anything left to do.
 */
export async function recordDeliveries(
  db: Db,
  deliveries: { claim: WebhookClaim; status: RawEventStatus; seen: number; subjects: Subjects; notes?: readonly PayloadNote[] }[],
): Promise<Map<string, LedgerEntry>> {
  if (deliveries.length === 0) return new Map();
  const stored = await db
    .insert(rawEvent)
    .values(
      deliveries.map(({ claim, status, seen, subjects, notes }) => ({
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
        seenCount: seen,
        notes: notes?.length ? notes : null,
      })),
    )
    .onConflictDoUpdate({
      target: [rawEvent.shopDomain, rawEvent.webhookId],
      set: { seenCount: sql`${rawEvent.seenCount} + excluded.seen_count` },
    })
    .returning({
      shopDomain: rawEvent.shopDomain,
      webhookId: rawEvent.webhookId,
      status: rawEvent.status,
      firstSeen: sql<boolean>`(xmax = 0)`,
    });
  return new Map(stored.map((row) => [deliveryKey(row.shopDomain, row.webhookId), { status: row.status, firstSeen: row.firstSeen }]));
}

function deliveriesMatching(claims: readonly WebhookClaim[]) {
  const pairs = claims.map((c) => sql`(${c.shopDomain}, ${c.webhookId})`);
  return sql`(${rawEvent.shopDomain}, ${rawEvent.webhookId}) in (${sql.join(pairs, sql`, `)})`;
}

export async function setDeliveryStatus(db: Db, claims: readonly WebhookClaim[], status: 'loaded' | 'quarantined') {
  if (claims.length === 0) return;
  await db
    .update(rawEvent)
    .set({ status, loadedAt: status === 'loaded' ? sql`now()` : null })
    .where(deliveriesMatching(claims));
}

export interface QuarantineRecord {
  stage: 'validate' | 'transform' | 'dead_letter';
  reason: string;
  path?: string;
  rawKey?: string;
  shopDomain?: string;
  topic?: string;
  webhookId?: string;
  details?: unknown;
}

/** Quarantines records; quarantining the same raw object at the same stage again updates the reason. */
export async function quarantineRecords(db: Db, records: readonly QuarantineRecord[]) {
  if (records.length === 0) return;
  await db
    .insert(quarantine)
    .values(records.map((r) => ({ ...r, details: r.details ?? null })))
    .onConflictDoUpdate({
      target: [quarantine.rawKey, quarantine.stage],
      set: { reason: sql`excluded.reason`, path: sql`excluded.path`, details: sql`excluded.details`, createdAt: sql`now()` },
    });
}
