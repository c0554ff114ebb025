/**
 * A queue's consumer: how it consumes a batch, and what the messages it could not take are
 * recorded as. One per queue, registered in index.ts under the queue's name; the queue's
 * dead-letter consumer is derived from it (dead-letter.ts).
 */
import type { FailureRecord, JobEffect } from '../src/warehouse/dead-letters';

/** What a message is about, as its failure record names it; `job` tells the upload job it belongs to what happened. */
type Subject = Omit<FailureRecord, 'errorClass' | 'reason' | 'sqlstate' | 'queue' | 'attempts' | 'details' | 'job'> & {
  job?: (terminal: boolean, reason: string, attempts: number) => JobEffect;
};

export interface QueueConsumer {
  /** The queue's `max_retries` in wrangler.toml: a message is attempted `maxRetries + 1` times. */
  maxRetries: number;
  /** The pipeline stage a message that is not the queue's is recorded under. */
  stage: FailureRecord['stage'];
  /** What a message is about; null when its body is not what the queue carries. */
  subjectOf(body: unknown): Subject | null;
  consume(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void>;
}
