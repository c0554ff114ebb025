/**
 * Transform consumer: maps validated deliveries to warehouse rows and loads the whole batch in one
 * transaction (multi-row upserts), then marks the deliveries loaded. A transient database failure
 * retries the batch with backoff; a permanent one is narrowed down to the deliveries causing it,
 * which are quarantined while the rest load. Compliance requests run after the batch's rows are
 * in, each on its own, since they also rewrite raw objects in R2. A finished bulk operation
 * wakes the resync that started it.
 */
import { redactLateDeliveries } from '../src/compliance/late-deliveries';
import { handleComplianceRequest } from '../src/compliance/requests';
import { warehouseConfig } from '../src/config';
import { piiPolicy, type PiiPolicy } from '../src/domain/pii';
import { appendRows, rows, type WarehouseRows } from '../src/domain/rows';
import type { Subjects } from '../src/domain/topics';
import { log } from '../src/log';
import type { WebhookClaim } from '../src/pipeline/messages';
import { readDelivery } from '../src/pipeline/read-delivery';
import { connectWarehouse, type Warehouse } from '../src/warehouse/db';
import { describeDatabaseError, isTransientDatabaseError } from '../src/warehouse/errors';
import { quarantineRecords, setDeliveryStatus, type QuarantineRecord } from '../src/warehouse/ledger';
import { loadWarehouseRows } from '../src/warehouse/load-rows';
import { wakeResyncs } from '../src/resync/wake';
import { parseClaims, type ClaimedMessage } from './claims';
import { Settlement } from './settlement';

interface Mapped extends ClaimedMessage {
  rows: WarehouseRows;
  subjects: Subjects;
}

function quarantineRecord({ claim }: ClaimedMessage, reason: string, path?: string): QuarantineRecord {
  return { stage: 'transform', reason, path, rawKey: claim.rawKey, shopDomain: claim.shopDomain, topic: claim.topic, webhookId: claim.webhookId };
}

const sourceOf = (claim: WebhookClaim) => ({ shopDomain: claim.shopDomain, rawKey: claim.rawKey, eventAt: claim.triggeredAt ?? claim.receivedAt });

async function mapDelivery(bucket: R2Bucket, entry: ClaimedMessage, pii: PiiPolicy): Promise<Mapped | QuarantineRecord> {
  const verdict = await readDelivery(bucket, entry.claim);
  if (verdict.kind === 'valid') return { ...entry, subjects: verdict.subjects, rows: verdict.toRows(sourceOf(entry.claim), pii) };
  return verdict.kind === 'invalid'
    ? quarantineRecord(entry, verdict.reason, verdict.path)
    : quarantineRecord(entry, `topic ${entry.claim.topic} has no transform`);
}

const isCompliance = (entry: Mapped) => entry.rows.compliance.length > 0;

async function load(db: Warehouse, mapped: readonly Mapped[]) {
  await db.transaction(async (tx) => {
    await loadWarehouseRows(tx, mapped.reduce((all, m) => appendRows(all, m.rows), rows({ compliance: [] })));
    await setDeliveryStatus(tx, mapped.filter((m) => !isCompliance(m)).map((m) => m.claim), 'loaded');
  });
}

async function quarantine(db: Warehouse, entries: readonly ClaimedMessage[], records: readonly QuarantineRecord[]) {
  await db.transaction(async (tx) => {
    await quarantineRecords(tx, records);
    await setDeliveryStatus(tx, entries.map((e) => e.claim), 'quarantined');
  });
}

/** Loads deliveries one by one after a batch failed permanently, so one bad record cannot block the rest. */
async function loadIsolated(db: Warehouse, mapped: readonly Mapped[], settlement: Settlement) {
  const loaded: Mapped[] = [];
  for (const entry of mapped) {
    try {
      await load(db, [entry]);
      loaded.push(entry);
    } catch (error) {
      if (isTransientDatabaseError(error)) {
        settlement.retry(entry.message);
        continue;
      }
      await quarantine(db, [entry], [quarantineRecord(entry, `warehouse rejected the rows: ${describeDatabaseError(error)}`)]);
      settlement.ack(entry.message);
    }
  }
  return loaded;
}

async function handleCompliance(db: Warehouse, bucket: R2Bucket, entries: readonly Mapped[], settlement: Settlement) {
  for (const entry of entries) {
    try {
      for (const request of entry.rows.compliance) await handleComplianceRequest(db, bucket, request);
      await setDeliveryStatus(db, [entry.claim], 'loaded');
    } catch (error) {
      log.error('compliance request failed; retrying', { topic: entry.claim.topic, rawKey: entry.claim.rawKey, error });
      settlement.retry(entry.message);
    }
  }
}

export async function transformBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const config = warehouseConfig(env);
  const pii = piiPolicy(config.emailMode, config.piiHashKey);
  const settlement = new Settlement(batch.messages);
  const { claimed, malformed } = parseClaims(batch.messages, 'transform');

  const mapped: Mapped[] = [];
  const rejected: { entry: ClaimedMessage; record: QuarantineRecord }[] = [];
  await Promise.all(
    claimed.map(async (entry) => {
      try {
        const result = await mapDelivery(env.RAW_BUCKET, entry, pii);
        if ('rows' in result) mapped.push(result);
        else rejected.push({ entry, record: result });
      } catch (error) {
        log.warn('raw object unreadable; retrying', { rawKey: entry.claim.rawKey, error });
        settlement.retry(entry.message);
      }
    }),
  );

  const connection = connectWarehouse(config);
  try {
    if (rejected.length > 0 || malformed.length > 0) {
      await quarantine(
        connection.db,
        rejected.map((r) => r.entry),
        [...rejected.map((r) => r.record), ...malformed.map((m) => m.record)],
      );
    }
    for (const { message } of [...rejected.map((r) => r.entry), ...malformed]) settlement.ack(message);
    if (mapped.length === 0) return;

    let loaded = mapped;
    try {
      await load(connection.db, mapped);
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
      log.warn('batch rejected by the warehouse; loading deliveries one by one', { error: describeDatabaseError(error) });
      loaded = await loadIsolated(connection.db, mapped, settlement);
    }
    await redactLateDeliveries(connection.db, env.RAW_BUCKET, loaded.filter((m) => !isCompliance(m)));
    await handleCompliance(connection.db, env.RAW_BUCKET, loaded.filter(isCompliance), settlement);
    await wakeResyncs(connection.db, env.RESYNC_QUEUE, loaded.flatMap((m) => m.rows.bulkOperations.map((op) => op.adminGraphqlApiId)));
    for (const { message } of loaded) settlement.ack(message);
  } catch (error) {
    log.error('transform batch failed; retrying', { queue: batch.queue, messages: batch.messages.length, error });
    settlement.retryUnsettled();
  } finally {
    ctx.waitUntil(connection.close());
  }
}
