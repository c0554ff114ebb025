/**
 * Replays deliveries from their raw R2 objects: the ledger entries are set back to `validated`
 * and their claim checks re-enter the ingest queue, where validation and loading run again.
 * Loads are idempotent, so a replay never double-counts; it is how failures are recovered after
 * a fix, and how a shop's history is rebuilt.
 */
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { rawEvent } from '../warehouse/schema';
import { tuplesIn } from '../warehouse/upsert';
import type { WebhookClaim } from './messages';

const BATCH = 100; // Queue.sendBatch takes at most 100 messages.

/** Sends claim checks to the ingest queue again, after marking their deliveries as to be loaded. */
export async function requeueClaims(db: Warehouse, ingest: Queue, claims: readonly WebhookClaim[]) {
  for (let i = 0; i < claims.length; i += BATCH) {
    const chunk = claims.slice(i, i + BATCH);
    await db
      .update(rawEvent)
      .set({ status: 'validated', loadedAt: null })
      .where(tuplesIn([rawEvent.shopDomain, rawEvent.webhookId], chunk.map((c) => [c.shopDomain, c.webhookId])));
    await ingest.sendBatch(chunk.map((body) => ({ body, contentType: 'json' as const })));
  }
}

export interface ReplayResult {
  queued: number;
  /** True when more deliveries matched than one replay takes; run it again after `lastId`. */
  truncated: boolean;
  lastId: number | null;
}

/** Replays the shop's recorded deliveries that match `filter`, oldest first. */
export async function replayDeliveries(
  db: Warehouse,
  ingest: Queue,
  shopDomain: string,
  filter: SQL | undefined,
  options: { afterId?: number; max: number },
): Promise<ReplayResult> {
  const rows = await db
    .select({
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
    })
    .from(rawEvent)
    .where(and(eq(rawEvent.shopDomain, shopDomain), filter, options.afterId ? gt(rawEvent.id, options.afterId) : undefined))
    .orderBy(asc(rawEvent.id))
    .limit(options.max + 1);
  const selected = rows.slice(0, options.max);
  await requeueClaims(
    db,
    ingest,
    selected.map(({ id: _id, ...row }) => ({ kind: 'shopify-webhook', ...row })),
  );
  return { queued: selected.length, truncated: rows.length > options.max, lastId: selected.at(-1)?.id ?? null };
}
