/**
 * Loading validated deliveries into the warehouse, for both consumers that do it: the validate
 * consumer loads what it has just validated (one read and parse of each delivery), the transform
 * consumer what is handed to it (retries and replays, read back from R2).
 *
 * The whole batch loads in one transaction (multi-row upserts), then its deliveries are marked
 * loaded. A permanent failure is narrowed down to the deliveries causing it, which are
 * quarantined while the rest load. Compliance requests run after the batch's rows are in, each on
 * its own, since they also rewrite raw objects in R2. A finished bulk operation wakes the resync
 * that started it; the images of loaded products are queued for thumbnails.
 */
import { redactLateDeliveries } from '../compliance/late-deliveries';
import { type ComplianceTargets, handleComplianceRequest } from '../compliance/requests';
import { appendRows, type PayloadRows, rows } from '../domain/rows';
import type { Subjects } from '../domain/topics';
import { queueThumbnailsOfProducts } from '../images/queue';
import { log } from '../lib/log';
import { wakeResyncs } from '../resync/wake';
import { transactionRetryingConflicts } from '../warehouse/conflict-retries';
import type { Warehouse } from '../warehouse/db';
import { type FailureRecord, recordFailures } from '../warehouse/dead-letters';
import { describeDatabaseError, isTransientDatabaseError } from '../warehouse/errors';
import { setDeliveryStatus } from '../warehouse/ledger';
import { loadWarehouseRows } from '../warehouse/load-rows';
import type { ClaimedMessage } from './claims';
import { causeOf } from './dead-letters';
import type { WebhookClaim } from './messages';
import { exportQueue, resyncQueue } from './producers';

export interface Mapped extends ClaimedMessage {
  rows: PayloadRows;
  subjects: Subjects;
}

/** What became of a batch: settled (loaded, or quarantined for good), or to be tried again (with what failed). */
export interface LoadOutcome {
  settled: Mapped[];
  retry: (Mapped & { error: unknown })[];
}

/** A delivery the transform stage cannot take, for good: `invalid` as read back, or rejected (`permanent`) by the warehouse. */
export function transformFailure(
  { claim, message }: ClaimedMessage,
  failure: Pick<FailureRecord, 'errorClass' | 'reason' | 'path' | 'sqlstate'>,
  queue = 'wharf-transform',
): FailureRecord {
  return {
    stage: 'transform',
    subject: claim.rawKey,
    queue,
    ...failure,
    rawKey: claim.rawKey,
    shopDomain: claim.shopDomain,
    topic: claim.topic,
    webhookId: claim.webhookId,
    attempts: message.attempts,
  };
}

export const sourceOf = (claim: WebhookClaim) => ({ shopDomain: claim.shopDomain, rawKey: claim.rawKey, eventAt: claim.triggeredAt ?? claim.receivedAt });

const isCompliance = (entry: Mapped) => entry.rows.compliance.length > 0;

async function load(db: Warehouse, mapped: readonly Mapped[]) {
  await transactionRetryingConflicts(db, 'webhook batch', async (tx) => {
    await loadWarehouseRows(
      tx,
      mapped.reduce((all, m) => appendRows(all, m.rows), rows({ compliance: [] })),
    );
    await setDeliveryStatus(
      tx,
      mapped.filter((m) => !isCompliance(m)).map((m) => m.claim),
      'loaded',
    );
  });
}

export async function quarantineDeliveries(db: Warehouse, entries: readonly ClaimedMessage[], records: readonly FailureRecord[]) {
  await db.transaction(async (tx) => {
    await recordFailures(tx, records);
    await setDeliveryStatus(
      tx,
      entries.map((e) => e.claim),
      'quarantined',
    );
  });
}

/** Loads deliveries one by one after a batch failed permanently, so one bad record cannot block the rest. */
async function loadIsolated(db: Warehouse, queue: string, mapped: readonly Mapped[], outcome: LoadOutcome): Promise<Mapped[]> {
  const loaded: Mapped[] = [];
  for (const entry of mapped) {
    try {
      await load(db, [entry]);
      loaded.push(entry);
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        outcome.retry.push({ ...entry, error });
        continue;
      }
      const cause = causeOf(error);
      await quarantineDeliveries(
        db,
        [entry],
        [transformFailure(entry, { errorClass: 'permanent', reason: `warehouse rejected the rows: ${cause.reason}`, sqlstate: cause.sqlstate }, queue)],
      );
      outcome.settled.push(entry);
    }
  }
  return loaded;
}

async function handleCompliance(db: Warehouse, targets: ComplianceTargets, entries: readonly Mapped[], outcome: LoadOutcome) {
  for (const entry of entries) {
    try {
      for (const request of entry.rows.compliance) await handleComplianceRequest(db, targets, request);
      await setDeliveryStatus(db, [entry.claim], 'loaded');
      outcome.settled.push(entry);
    } catch (error) {
      log.error('compliance request failed; retrying', { topic: entry.claim.topic, rawKey: entry.claim.rawKey, error });
      outcome.retry.push({ ...entry, error });
    }
  }
}

/** Loads the deliveries; a transient failure of the whole batch throws, and nothing of it is settled. */
export async function loadDeliveries(
  db: Warehouse,
  env: Pick<Env, 'RAW_BUCKET' | 'EXPORT_BUCKET' | 'EXPORT_QUEUE' | 'RESYNC_QUEUE' | 'THUMBNAIL_QUEUE'>,
  queue: string,
  mapped: readonly Mapped[],
): Promise<LoadOutcome> {
  const outcome: LoadOutcome = { settled: [], retry: [] };
  if (mapped.length === 0) return outcome;
  let loaded = mapped;
  try {
    await load(db, mapped);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    log.warn('batch rejected by the warehouse; loading deliveries one by one', { error: describeDatabaseError(error) });
    loaded = await loadIsolated(db, queue, mapped, outcome);
  }
  await redactLateDeliveries(
    db,
    env.RAW_BUCKET,
    loaded.filter((m) => !isCompliance(m)),
  );
  await handleCompliance(db, { raw: env.RAW_BUCKET, exports: env.EXPORT_BUCKET, exportQueue: exportQueue(env) }, loaded.filter(isCompliance), outcome);
  await wakeResyncs(
    db,
    resyncQueue(env),
    loaded.flatMap((m) => m.rows.bulkOperations),
  );
  // The images of the products just loaded, to thumbnail; the sweep catches up on what this misses.
  await queueThumbnailsOfProducts(
    env,
    db,
    loaded.flatMap((m) => m.rows.products.map((p) => ({ shopDomain: p.shopDomain, productId: p.productId }))),
  );
  outcome.settled.push(...loaded.filter((m) => !isCompliance(m)));
  return outcome;
}
