/**
 * Transform consumer: loads the deliveries the validate consumer could not (the database failed
 * while it loaded them), retrying with backoff. Each is read back from R2 and checked again, since
 * the claim check carries no payload; loading is shared with the validate consumer
 * (load-deliveries.ts).
 */
import { warehouseConfig } from '../src/config';
import { piiPolicies, type PiiPolicies } from '../src/domain/pii';
import { log } from '../src/log';
import { causeOf } from '../src/pipeline/dead-letters';
import { readDelivery } from '../src/pipeline/read-delivery';
import type { FailureRecord } from '../src/warehouse/dead-letters';
import { withWarehouse } from '../src/warehouse/db';
import { parseClaims, type ClaimedMessage } from './claims';
import { failureRecord, failureRecorder } from './failures';
import { loadDeliveries, quarantineDeliveries, sourceOf, transformFailure, type Mapped } from './load-deliveries';
import { retryPolicy, Settlement } from './settlement';

async function mapDelivery(bucket: R2Bucket, entry: ClaimedMessage, pii: PiiPolicies): Promise<Mapped | FailureRecord> {
  const verdict = await readDelivery(bucket, entry.claim);
  if (verdict.kind === 'valid') return { ...entry, subjects: verdict.subjects, rows: verdict.toRows(sourceOf(entry.claim), pii) };
  return verdict.kind === 'invalid'
    ? transformFailure(entry, { errorClass: 'invalid', reason: verdict.reason, path: verdict.path })
    : transformFailure(entry, { errorClass: 'invalid', reason: `topic ${entry.claim.topic} has no transform` });
}

export async function transformBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const pii = piiPolicies(warehouseConfig(env).pii);
  const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
  const { claimed, malformed } = parseClaims(batch.messages);

  const mapped: Mapped[] = [];
  const rejected: { entry: ClaimedMessage; record: FailureRecord }[] = [];
  await Promise.all(
    claimed.map(async (entry) => {
      try {
        const result = await mapDelivery(env.RAW_BUCKET, entry, pii);
        if ('rows' in result) mapped.push(result);
        else rejected.push({ entry, record: result });
      } catch (error) {
        settlement.fail(entry.message, error);
      }
    }),
  );

  await withWarehouse(env, ctx, async (db) => {
    try {
      if (rejected.length > 0 || malformed.length > 0) {
        await quarantineDeliveries(
          db,
          rejected.map((r) => r.entry),
          [...rejected.map((r) => r.record), ...malformed.map((message) => failureRecord(batch.queue, { message, error: undefined }))],
        );
      }
      for (const message of [...rejected.map((r) => r.entry.message), ...malformed]) settlement.ack(message);

      const outcome = await loadDeliveries(db, env, batch.queue, mapped);
      for (const { message } of outcome.settled) settlement.ack(message);
      for (const { message, error } of outcome.retry) settlement.fail(message, error);
    } catch (error) {
      log.error('transform batch failed', { queue: batch.queue, messages: batch.messages.length, error: causeOf(error).reason });
      settlement.failUnsettled(error);
    } finally {
      await settlement.finish(failureRecorder(env, db));
    }
  });
}
