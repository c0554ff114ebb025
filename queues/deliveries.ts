/**
 * The webhook consumers: each message is a delivery's claim check. The ingest queue ingests them
 * (src/pipeline/ingest-deliveries.ts); the transform queue loads, with backoff, what ingestion
 * could not (src/pipeline/transform-deliveries.ts).
 */
import { log } from '../src/lib/log';
import { type ClaimedMessage, type DeliveryStage, type MalformedClaim, type MessageSettler, parseClaims } from '../src/pipeline/claims';
import { causeOf } from '../src/pipeline/dead-letters';
import { ingestDeliveries } from '../src/pipeline/ingest-deliveries';
import { webhookClaim } from '../src/pipeline/messages';
import { transformDeliveries } from '../src/pipeline/transform-deliveries';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecord, failureRecorder } from './failures';
import { retryPolicy, Settlement } from './settlement';

type Stage = (stage: DeliveryStage, claimed: readonly ClaimedMessage[], malformed: readonly MalformedClaim[], settle: MessageSettler) => Promise<void>;

function deliveryConsumer(stageName: 'validate' | 'transform', stage: Stage): QueueConsumer {
  const consumer: QueueConsumer = {
    maxRetries: 5,
    stage: stageName,
    subjectOf(body) {
      const claim = webhookClaim.safeParse(body);
      if (!claim.success) return null;
      const { rawKey, shopDomain, topic, webhookId } = claim.data;
      return { stage: stageName, subject: rawKey, rawKey, shopDomain, topic, webhookId };
    },
    async consume(batch, env, ctx) {
      const settlement = new Settlement(batch, retryPolicy(env, consumer));
      const { claimed, malformed } = parseClaims(batch.messages);
      await withWarehouse(env, ctx, async (db) => {
        try {
          const records = malformed.map((message) => ({ message, record: failureRecord(consumer, batch.queue, { message, error: undefined }) }));
          await stage({ env, db, queue: batch.queue }, claimed, records, settlement);
        } catch (error) {
          log.error(`${stageName} batch failed`, { queue: batch.queue, messages: batch.messages.length, error: causeOf(error).reason });
          settlement.failUnsettled(error);
        } finally {
          await settlement.finish(failureRecorder(env, db, consumer));
        }
      });
    },
  };
  return consumer;
}

export const ingest = deliveryConsumer('validate', ingestDeliveries);
export const transform = deliveryConsumer('transform', transformDeliveries);
