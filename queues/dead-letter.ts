/**
 * Dead-letter consumers: a message reaches a dead-letter queue only when its consumer stopped
 * before settling its last attempt (the runtime was evicted or out of CPU) or could record its
 * failure nowhere. It is recorded here as a failure of the queue it came from, by that queue's
 * consumer, with the attempts it was given there; in the quarantine, or, when the database is
 * down, in R2, from where the sweep imports it. Only when neither takes it is it retried, for up
 * to max_retries (100) attempts.
 */
import { log } from '../src/lib/log';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryDelaySeconds } from './settlement';

export async function recordDeadLetters(origin: { queue: string; consumer: QueueConsumer }, batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) {
  await withWarehouse(env, ctx, async (db) => {
    try {
      await failureRecorder(env, db, origin.consumer).record(
        origin.queue,
        batch.messages.map((message) => ({ message, error: undefined })),
        origin.consumer.maxRetries + 1,
      );
      for (const message of batch.messages) message.ack();
    } catch (error) {
      log.error('dead letters could be recorded neither in the warehouse nor in R2; retrying', { queue: batch.queue, error });
      for (const message of batch.messages) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  });
}
