import type { z } from 'zod';
import { log } from '../src/lib/log';
import { causeOf, MalformedMessage } from '../src/pipeline/dead-letters';
import { replayOf } from '../src/pipeline/messages';
import type { QueueConsumer } from './consumer';
import type { Failed, FailureRecorder } from './failures';

/**
 * Settles each message of a batch exactly once: acknowledged; retried with exponential backoff
 * (doubling from the first delay, capped at ten minutes, jittered so that a batch that failed
 * together does not return together) while the failure may pass and attempts remain; or, on a
 * failure no retry can fix or on its last attempt, ended with a durable record of why. Nothing is
 * silently dropped.
 */
export function retryDelaySeconds(attempts: number, firstDelaySeconds = 4): number {
  const base = Math.min(600, firstDelaySeconds * 2 ** (Math.min(attempts, 10) - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export interface RetryPolicy {
  /** Attempts a message gets before it ends as a failure record (its queue's max_retries + 1). */
  maxAttempts: number;
  firstDelaySeconds: number;
}

export function retryPolicy(env: Pick<Env, 'RETRY_FIRST_DELAY_SECONDS'>, consumer: Pick<QueueConsumer, 'maxRetries'>): RetryPolicy {
  const first = Number(env.RETRY_FIRST_DELAY_SECONDS);
  return { maxAttempts: consumer.maxRetries + 1, firstDelaySeconds: Number.isFinite(first) && first >= 0 ? first : 4 };
}

/** A batch, or a part of one: what settling needs of it. */
export type Messages = Pick<MessageBatch<unknown>, 'queue' | 'messages'>;

export class Settlement {
  private readonly settled = new Set<Message<unknown>>();
  private readonly acked: Message<unknown>[] = [];
  private readonly ending: Failed[] = [];

  constructor(
    readonly batch: Messages,
    private readonly policy: RetryPolicy,
  ) {}

  ack(message: Message<unknown>): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    message.ack();
    this.acked.push(message);
  }

  /** A message whose attempt failed: retried if that may help and attempts remain, else to be recorded by `finish`. */
  fail(message: Message<unknown>, error: unknown): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    if (causeOf(error).errorClass === 'transient' && message.attempts < this.policy.maxAttempts) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, this.policy.firstDelaySeconds) });
    } else this.ending.push({ message, error });
  }

  failUnsettled(error: unknown): void {
    for (const message of this.batch.messages) this.fail(message, error);
  }

  /** Messages that end here, with what their last attempt threw. */
  get failures(): readonly Failed[] {
    return this.ending;
  }

  /**
   * Records the messages that end here and acknowledges them, and resolves the records that
   * acknowledged replays re-drove. When no record can be written (database and R2 both failing),
   * they are retried instead: past their budget the queue moves them to its dead-letter queue,
   * whose consumer records them.
   */
  async finish(recorder: FailureRecorder): Promise<void> {
    if (this.ending.length > 0) {
      try {
        await recorder.record(this.batch.queue, this.ending);
        for (const { message } of this.ending) message.ack();
      } catch (error) {
        log.error('failures could not be recorded anywhere; retrying them', { queue: this.batch.queue, messages: this.ending.length, error });
        for (const { message } of this.ending) message.retry({ delaySeconds: retryDelaySeconds(message.attempts, this.policy.firstDelaySeconds) });
      }
    }
    await recorder.resolve(this.acked.map((m) => replayOf(m.body)).filter((id): id is number => id !== undefined));
  }
}

/** A message body parsed with its schema; a body that does not parse can never succeed. */
function parseBody<S extends z.ZodType>(queue: string, message: Message<unknown>, schema: S): z.infer<S> {
  const parsed = schema.safeParse(message.body);
  if (!parsed.success) throw new MalformedMessage(`not a message of ${queue}: ${parsed.error.issues[0]?.message ?? 'invalid body'}`);
  return parsed.data;
}

async function settleOne(settlement: Settlement, message: Message<unknown>, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    settlement.ack(message);
  } catch (error) {
    const cause = causeOf(error);
    log[cause.errorClass === 'transient' ? 'warn' : 'error']('message failed', {
      queue: settlement.batch.queue,
      attempts: message.attempts,
      error: cause.reason,
      sqlstate: cause.sqlstate,
    });
    settlement.fail(message, error);
  }
}

/**
 * Runs `handle` on each message of a batch in turn, after parsing its body with `schema`. A body
 * that does not parse can never succeed: it is recorded as malformed. A handler that throws has
 * its message retried with backoff, or recorded when retrying cannot help or attempts run out.
 */
export async function settleEach<S extends z.ZodType>(settlement: Settlement, schema: S, handle: (body: z.infer<S>) => Promise<void>): Promise<void> {
  const { queue, messages } = settlement.batch;
  for (const message of messages) await settleOne(settlement, message, () => handle(parseBody(queue, message, schema)));
}

/** As settleEach, but the messages are handled at the same time: for work that is independent. */
export async function settleAll<S extends z.ZodType>(settlement: Settlement, schema: S, handle: (body: z.infer<S>) => Promise<void>): Promise<void> {
  const { queue, messages } = settlement.batch;
  await Promise.all(messages.map((message) => settleOne(settlement, message, () => handle(parseBody(queue, message, schema)))));
}

/**
 * As settleEach, in two steps per message: while a message's `commit` runs, the next one's
 * `prepare` already does (at most one prepared ahead), and up to `commits` commits run at once
 * (one by default: commits that must not overlap). For work whose preparation can proceed while the
 * database commits: parsing a chunk while the database loads the ones before it.
 */
export async function settleInTurn<S extends z.ZodType, P>(
  settlement: Settlement,
  schema: S,
  prepare: (body: z.infer<S>) => Promise<P>,
  commit: (prepared: P) => Promise<void>,
  { commits = 1 }: { commits?: number } = {},
): Promise<void> {
  const { queue, messages } = settlement.batch;
  const start = (message: Message<unknown> | undefined) => {
    if (!message) return null;
    const prepared = (async () => prepare(parseBody(queue, message, schema)))();
    // Its failure is settled in turn; until then it must not count as unhandled.
    prepared.catch(() => {});
    return prepared;
  };
  const running = new Set<Promise<void>>();
  const settling: Promise<void>[] = [];
  let next = start(messages[0]);
  for (const [i, message] of messages.entries()) {
    const prepared = next!;
    next = null;
    let started = () => {};
    const commitStarted = new Promise<void>((resolve) => (started = resolve));
    const settled = settleOne(settlement, message, async () => {
      const value = await prepared;
      while (running.size >= commits) await Promise.race(running);
      next = start(messages[i + 1]);
      const committed = commit(value);
      const slot = committed.then(
        () => {},
        () => {},
      );
      running.add(slot);
      void slot.then(() => running.delete(slot));
      started();
      return committed;
    });
    settling.push(settled.finally(started));
    await commitStarted;
    next ??= start(messages[i + 1]);
  }
  await Promise.all(settling);
}
