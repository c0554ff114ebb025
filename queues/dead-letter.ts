/**
 * Dead-letter consumer: messages that exhausted their retries are written to the quarantine with
 * the queue they died on and their body, so that they can be inspected and replayed from R2.
 */
import { warehouseConfig } from '../src/config';
import { log } from '../src/log';
import { webhookClaim } from '../src/pipeline/messages';
import { connectWarehouse } from '../src/warehouse/db';
import { quarantineRecords, type QuarantineRecord } from '../src/warehouse/ledger';
import { Settlement } from './settlement';

function deadLetterRecord(queue: string, message: Message<unknown>): QuarantineRecord {
  const claim = webhookClaim.safeParse(message.body);
  const details = { queue, body: message.body, attempts: message.attempts, messageId: message.id };
  if (!claim.success) return { stage: 'dead_letter', reason: `retries exhausted on ${queue}`, details };
  const { rawKey, shopDomain, topic, webhookId } = claim.data;
  return { stage: 'dead_letter', reason: `retries exhausted on ${queue}`, rawKey, shopDomain, topic, webhookId, details };
}

export async function deadLetterBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const settlement = new Settlement(batch.messages);
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    await quarantineRecords(connection.db, batch.messages.map((message) => deadLetterRecord(batch.queue, message)));
    for (const message of batch.messages) settlement.ack(message);
    log.warn('dead letters recorded', { queue: batch.queue, messages: batch.messages.length });
  } catch (error) {
    log.error('dead letters could not be recorded; retrying', { queue: batch.queue, error });
    settlement.retryUnsettled();
  } finally {
    ctx.waitUntil(connection.close());
  }
}
