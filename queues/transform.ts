/**
 * Transform consumer: loads the deliveries the validate consumer could not (the database failed
 * while it loaded them), retrying with backoff. Each is read back from R2 and checked again, since
 * the claim check carries no payload; loading is shared with the validate consumer
 * (load-deliveries.ts).
 */
import { warehouseConfig } from '../src/config';
import { piiPolicies, type PiiPolicies } from '../src/domain/pii';
import { log } from '../src/log';
import { readDelivery } from '../src/pipeline/read-delivery';
import { connectWarehouse } from '../src/warehouse/db';
import type { QuarantineRecord } from '../src/warehouse/ledger';
import { parseClaims, type ClaimedMessage } from './claims';
import { loadDeliveries, quarantineDeliveries, sourceOf, transformQuarantine, type Mapped } from './load-deliveries';
import { Settlement } from './settlement';

async function mapDelivery(bucket: R2Bucket, entry: ClaimedMessage, pii: PiiPolicies): Promise<Mapped | QuarantineRecord> {
  const verdict = await readDelivery(bucket, entry.claim);
  if (verdict.kind === 'valid') return { ...entry, subjects: verdict.subjects, rows: verdict.toRows(sourceOf(entry.claim), pii) };
  return verdict.kind === 'invalid'
    ? transformQuarantine(entry, verdict.reason, verdict.path)
    : transformQuarantine(entry, `topic ${entry.claim.topic} has no transform`);
}

export async function transformBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const config = warehouseConfig(env);
  const pii = piiPolicies(config.pii);
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
      await quarantineDeliveries(
        connection.db,
        rejected.map((r) => r.entry),
        [...rejected.map((r) => r.record), ...malformed.map((m) => m.record)],
      );
    }
    for (const { message } of [...rejected.map((r) => r.entry), ...malformed]) settlement.ack(message);

    const outcome = await loadDeliveries(connection.db, env, mapped);
    for (const { message } of outcome.retry) settlement.retry(message);
    for (const { message } of outcome.settled) settlement.ack(message);
  } catch (error) {
    log.error('transform batch failed; retrying', { queue: batch.queue, messages: batch.messages.length, error });
    settlement.retryUnsettled();
  } finally {
    ctx.waitUntil(connection.close());
  }
}
