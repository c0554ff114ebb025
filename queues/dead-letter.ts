/**
 * Dead-letter consumer: a message reaches a dead-letter queue only when its consumer stopped
 * before settling its last attempt (the runtime was evicted or out of CPU) or could record its
 * failure nowhere. It is recorded here as a failure of the queue it came from, with the attempts
 * it was given there; in the quarantine, or, when the database is down, in R2, from where the sweep
 * imports it. Only when neither takes it is it retried, for up to max_retries (100) attempts.
 */
import { log } from '../src/lib/log';
import { withWarehouse } from '../src/warehouse/db';
import { DEAD_LETTER_QUEUE_SUFFIX, failureRecorder, MAX_RETRIES } from './failures';
import { retryDelaySeconds } from './settlement';

export async function deadLetterBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const queue = batch.queue.slice(0, -DEAD_LETTER_QUEUE_SUFFIX.length);
  await withWarehouse(env, ctx, async (db) => {
    try {
      await failureRecorder(env, db).record(
        queue,
        batch.messages.map((message) => ({ message, error: undefined })),
        (MAX_RETRIES[queue] ?? 0) + 1,
      );
      for (const message of batch.messages) message.ack();
    } catch (error) {
      log.error('dead letters could be recorded neither in the warehouse nor in R2; retrying', { queue: batch.queue, error });
      for (const message of batch.messages) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  });
}
