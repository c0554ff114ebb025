/**
 * Transforming deliveries: loads the deliveries the ingest stage could not (the database failed
 * while it loaded them), retried with backoff. Each is read back from R2 and checked again, since
 * the claim check carries no payload; loading is shared with ingestion (load-deliveries.ts).
 */
import { warehouseConfig } from '../config';
import { type PiiPolicies, piiPolicies } from '../domain/pii';
import type { FailureRecord } from '../warehouse/dead-letters';
import type { ClaimedMessage, DeliveryStage, MalformedClaim, MessageSettler } from './claims';
import { loadDeliveries, type Mapped, quarantineDeliveries, sourceOf, transformFailure } from './load-deliveries';
import { readDelivery } from './read-delivery';

async function mapDelivery(bucket: R2Bucket, entry: ClaimedMessage, pii: PiiPolicies): Promise<Mapped | FailureRecord> {
  const verdict = await readDelivery(bucket, entry.claim);
  if (verdict.kind === 'valid') return { ...entry, subjects: verdict.subjects, rows: verdict.toRows(sourceOf(entry.claim), pii) };
  return verdict.kind === 'invalid'
    ? transformFailure(entry, { errorClass: 'invalid', reason: verdict.reason, path: verdict.path })
    : transformFailure(entry, { errorClass: 'invalid', reason: `topic ${entry.claim.topic} has no transform` });
}

/**
 * Reads, checks and loads a batch of claim checks, quarantining what can never load (with the
 * records of the malformed messages) and settling every message. A failure of the whole batch
 * throws, leaving the unsettled messages to the caller.
 */
export async function transformDeliveries(
  { env, db, queue }: DeliveryStage,
  claimed: readonly ClaimedMessage[],
  malformed: readonly MalformedClaim[],
  settle: MessageSettler,
): Promise<void> {
  const pii = piiPolicies(warehouseConfig(env).pii);
  const mapped: Mapped[] = [];
  const rejected: { entry: ClaimedMessage; record: FailureRecord }[] = [];
  await Promise.all(
    claimed.map(async (entry) => {
      try {
        const result = await mapDelivery(env.RAW_BUCKET, entry, pii);
        if ('rows' in result) mapped.push(result);
        else rejected.push({ entry, record: result });
      } catch (error) {
        settle.fail(entry.message, error);
      }
    }),
  );

  if (rejected.length > 0 || malformed.length > 0) {
    await quarantineDeliveries(
      db,
      rejected.map((r) => r.entry),
      [...rejected.map((r) => r.record), ...malformed.map((m) => m.record)],
    );
  }
  for (const message of [...rejected.map((r) => r.entry.message), ...malformed.map((m) => m.message)]) settle.ack(message);

  const outcome = await loadDeliveries(db, env, queue, mapped);
  for (const { message } of outcome.settled) settle.ack(message);
  for (const { message, error } of outcome.retry) settle.fail(message, error);
}
