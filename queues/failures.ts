/**
 * What a message that failed for good is recorded as: the stage and subject its queue gives it, its
 * cause (SQLSTATE and message of the last attempt), its attempts, and what it tells the upload job
 * it belongs to. Shared by every consumer's last attempt and by the dead-letter consumers.
 */
import { log } from '../src/lib/log';
import { causeOf, recordDurably } from '../src/pipeline/dead-letters';
import { chunkMessage, resyncMessage, uploadMessage, webhookClaim } from '../src/pipeline/messages';
import type { Warehouse } from '../src/warehouse/db';
import { type FailureRecord, type JobEffect, resolveFailures } from '../src/warehouse/dead-letters';
import { chunkFailureNote } from '../src/warehouse/upload-chunks';

/** `max_retries` of each consumer in wrangler.toml: a message is attempted `max_retries + 1` times. */
export const MAX_RETRIES: Readonly<Record<string, number>> = {
  'wharf-ingest': 5,
  'wharf-transform': 5,
  'wharf-uploads': 5,
  'wharf-chunks': 5,
  'wharf-resyncs': 10,
};

export const DEAD_LETTER_QUEUE_SUFFIX = '-dlq';

export interface Failed {
  message: Message<unknown>;
  /** What the last attempt threw; undefined when nothing is known (the message reached a dead-letter queue). */
  error: unknown;
}

type Subject = Omit<FailureRecord, 'errorClass' | 'reason' | 'sqlstate' | 'queue' | 'attempts' | 'details' | 'job'> & {
  job?: (terminal: boolean, reason: string, attempts: number) => JobEffect;
};

/** What a message of `queue` is about; null when its body is not what the queue carries. */
function subjectOf(queue: string, body: unknown): Subject | null {
  if (queue === 'wharf-ingest' || queue === 'wharf-transform') {
    const claim = webhookClaim.safeParse(body);
    if (!claim.success) return null;
    const { rawKey, shopDomain, topic, webhookId } = claim.data;
    return { stage: queue === 'wharf-ingest' ? 'validate' : 'transform', subject: rawKey, rawKey, shopDomain, topic, webhookId };
  }
  if (queue === 'wharf-uploads') {
    const upload = uploadMessage.safeParse(body);
    if (!upload.success) return null;
    const id = upload.data.jobId;
    return {
      stage: 'split',
      subject: `upload:${id}`,
      jobId: id,
      job: (terminal, reason, attempts) =>
        terminal
          ? { id, terminal, error: `splitting failed: ${reason}` }
          : { id, terminal, error: `splitting failed ${attempts} times (${reason}); it is retried automatically` },
    };
  }
  if (queue === 'wharf-chunks') {
    const chunk = chunkMessage.safeParse(body);
    if (!chunk.success) return null;
    const { jobId: id, chunk: n, firstRow } = chunk.data;
    return {
      stage: 'chunk',
      subject: `upload:${id}/chunk:${n}`,
      jobId: id,
      job: (terminal, reason, attempts) =>
        terminal
          ? { id, terminal, error: `chunk ${n} (from row ${firstRow}): ${reason}` }
          : { id, terminal, error: `${chunkFailureNote(n)}(from row ${firstRow}) failed ${attempts} times (${reason}); it is retried automatically` },
    };
  }
  if (queue === 'wharf-resyncs') {
    const step = resyncMessage.safeParse(body);
    if (!step.success) return null;
    const { resyncId } = step.data;
    return { stage: 'resync', subject: step.data.kind === 'resync-tick' ? `resync:${resyncId}` : `resync:${resyncId}/${step.data.entity}`, resyncId };
  }
  return null;
}

const STAGE_OF_QUEUE: Record<string, FailureRecord['stage']> = {
  'wharf-ingest': 'validate',
  'wharf-transform': 'transform',
  'wharf-uploads': 'split',
  'wharf-chunks': 'chunk',
  'wharf-resyncs': 'resync',
};

/** The record of a message that failed for good on `queue` (the queue it was meant for, not a dead-letter queue). */
export function failureRecord(queue: string, { message, error }: Failed, attempts = message.attempts): FailureRecord {
  const subject = subjectOf(queue, message.body);
  const details = { body: message.body, messageId: message.id, enqueuedAt: message.timestamp.toISOString() };
  if (!subject) {
    return {
      stage: STAGE_OF_QUEUE[queue] ?? 'validate',
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
export function failureRecorder(env: Pick<Env, 'RAW_BUCKET'>, db: Pick<Warehouse, 'transaction' | 'update'>) {
  return {
    async record(queue: string, failed: readonly Failed[], attempts?: number): Promise<void> {
      const records = failed.map((f) => failureRecord(queue, f, attempts));
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
