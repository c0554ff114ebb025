/**
 * The webhook consumers: each message is a delivery's claim check. The ingest queue ingests them
 * (src/pipeline/ingest-deliveries.ts); the transform queue loads, with backoff, what ingestion
 * could not (src/pipeline/transform-deliveries.ts).
 */
import { log } from '../src/lib/log';
import { type ClaimedMessage, type DeliveryStage, type MalformedClaim, type MessageSettler, parseClaims } from '../src/pipeline/claims';
import { causeOf } from '../src/pipeline/dead-letters';
import { ingestDeliveries } from '../src/pipeline/ingest-deliveries';
import { transformDeliveries } from '../src/pipeline/transform-deliveries';
import { withWarehouse } from '../src/warehouse/db';
import { failureRecord, failureRecorder } from './failures';
import { retryPolicy, Settlement } from './settlement';

type Stage = (stage: DeliveryStage, claimed: readonly ClaimedMessage[], malformed: readonly MalformedClaim[], settle: MessageSettler) => Promise<void>;

function deliveryConsumer(name: string, stage: Stage) {
  return async (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> => {
    const settlement = new Settlement(batch, retryPolicy(env, batch.queue));
    const { claimed, malformed } = parseClaims(batch.messages);
    await withWarehouse(env, ctx, async (db) => {
      try {
        const records = malformed.map((message) => ({ message, record: failureRecord(batch.queue, { message, error: undefined }) }));
        await stage({ env, db, queue: batch.queue }, claimed, records, settlement);
      } catch (error) {
        log.error(`${name} batch failed`, { queue: batch.queue, messages: batch.messages.length, error: causeOf(error).reason });
        settlement.failUnsettled(error);
      } finally {
        await settlement.finish(failureRecorder(env, db));
      }
    });
  };
}

export const validateBatch = deliveryConsumer('validate', ingestDeliveries);
export const transformBatch = deliveryConsumer('transform', transformDeliveries);
