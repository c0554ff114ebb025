/**
 * What a message that failed for good is recorded as: the stage and subject its consumer gives it, its
 * cause (SQLSTATE and message of the last attempt), its attempts, and what it tells the upload job
 * it belongs to. Shared by every consumer's last attempt and by the dead-letter consumers.
 */
import { log } from '../src/lib/log';
import { causeOf, recordDurably } from '../src/pipeline/dead-letters';
import type { Warehouse } from '../src/warehouse/db';
import { type FailureRecord, resolveFailures } from '../src/warehouse/dead-letters';
import type { QueueConsumer } from './consumer';

export const DEAD_LETTER_QUEUE_SUFFIX = '-dlq';

export interface Failed {
  message: Message<unknown>;
  /** What the last attempt threw; undefined when nothing is known (the message reached a dead-letter queue). */
  error: unknown;
}

/** The record of a message that failed for good on `queue` (the queue it was meant for, not a dead-letter queue). */
export function failureRecord(consumer: QueueConsumer, queue: string, { message, error }: Failed, attempts = message.attempts): FailureRecord {
  const subject = consumer.subjectOf(message.body);
  const details = { body: message.body, messageId: message.id, enqueuedAt: message.timestamp.toISOString() };
  if (!subject) {
    return {
      stage: consumer.stage,
      subject: `message:${queue}/${message.id}`,
      queue,
      errorClass: 'malformed',
      reason: `not a message of ${queue}`,
      attempts,
      details,
    };
  }
  const { job, ...about } = subject;
  const cause =
    error === undefined
      ? { errorClass: 'unknown' as const, sqlstate: null, reason: `retries exhausted on ${queue}: the consumer stopped before it could record why` }
      : causeOf(error);
  const terminal = cause.errorClass === 'permanent' || cause.errorClass === 'malformed';
  return { ...about, queue, ...cause, attempts, details, job: job?.(terminal, cause.reason, attempts) };
}

/** Records failed messages durably; and resolves the records that acknowledged replays re-drove. */
export function failureRecorder(env: Pick<Env, 'RAW_BUCKET'>, db: Pick<Warehouse, 'transaction' | 'update'>, consumer: QueueConsumer) {
  return {
    async record(queue: string, failed: readonly Failed[], attempts?: number): Promise<void> {
      const records = failed.map((f) => failureRecord(consumer, queue, f, attempts));
      const where = await recordDurably(env.RAW_BUCKET, db, records);
      log.warn('failures recorded', { queue, records: records.length, where, subjects: records.slice(0, 10).map((r) => r.subject) });
    },
    async resolve(ids: readonly number[]): Promise<void> {
      // A resolution that cannot be written now is written by the next replay or load of the same subject.
      await resolveFailures(db, ids).catch((error: unknown) => log.warn('could not resolve replayed failures', { ids, error }));
    },
  };
}

export type FailureRecorder = ReturnType<typeof failureRecorder>;
