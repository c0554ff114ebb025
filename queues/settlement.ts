import type { z } from 'zod';
import { log } from '../src/log';
import { isTransientDatabaseError } from '../src/warehouse/errors';

/**
 * Settles each message of a batch exactly once: acknowledged, or retried with exponential backoff
 * (capped at ten minutes, jittered so that a batch that failed together does not return together).
 * Whatever is still unsettled when a batch fails is retried, never silently dropped.
 */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(600, 2 ** Math.min(attempts, 10) * 2);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export class Settlement {
  private readonly settled = new Set<Message<unknown>>();

  constructor(private readonly messages: readonly Message<unknown>[]) {}

  ack(message: Message<unknown>): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    message.ack();
  }

  retry(message: Message<unknown>): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }

  retryUnsettled(): void {
    for (const message of this.messages) this.retry(message);
  }
}

/** A batch, or a part of one: what settling needs of it. */
export type Messages = Pick<MessageBatch<unknown>, 'queue' | 'messages'>;

/** A message body parsed with its schema, or null (logged) when it can never be handled. */
function parseBody<S extends z.ZodType>(queue: string, message: Message<unknown>, schema: S): z.infer<S> | null {
  const parsed = schema.safeParse(message.body);
  if (parsed.success) return parsed.data;
  log.error('malformed message', { queue, body: message.body });
  return null;
}

async function settleOne(settlement: Settlement, queue: string, message: Message<unknown>, work: Promise<void> | null): Promise<void> {
  try {
    await work;
    settlement.ack(message);
  } catch (error) {
    log[isTransientDatabaseError(error) ? 'warn' : 'error']('message failed; retrying', { queue, body: message.body, error });
    settlement.retry(message);
  }
}

/** `handle` run on the message's body; null when the body does not parse. */
function handleBody<S extends z.ZodType, R>(queue: string, message: Message<unknown>, schema: S, handle: (body: z.infer<S>) => Promise<R>): Promise<R> | null {
  const body = parseBody(queue, message, schema);
  return body === null ? null : handle(body);
}

/**
 * Runs `handle` on each message of a batch in turn, after parsing its body with `schema`. A body
 * that does not parse can never succeed: it is logged and acknowledged (only the log can tell of
 * it). A handler that throws has its message retried with backoff.
 */
export async function settleEach<S extends z.ZodType>(
  batch: Messages,
  schema: S,
  handle: (body: z.infer<S>) => Promise<void>,
): Promise<void> {
  const settlement = new Settlement(batch.messages);
  for (const message of batch.messages) await settleOne(settlement, batch.queue, message, handleBody(batch.queue, message, schema, handle));
}

/** As settleEach, but the messages are handled at the same time: for work that is independent. */
export async function settleAll<S extends z.ZodType>(
  batch: Messages,
  schema: S,
  handle: (body: z.infer<S>) => Promise<void>,
): Promise<void> {
  const settlement = new Settlement(batch.messages);
  await Promise.all(batch.messages.map((message) => settleOne(settlement, batch.queue, message, handleBody(batch.queue, message, schema, handle))));
}

/**
 * As settleEach, in two steps per message: while one message's `commit` runs, the next one's
 * `prepare` already does (at most one prepared ahead). For work whose commits must not overlap but
 * whose preparation can proceed meanwhile: parsing a chunk while the database loads the previous one.
 */
export async function settleInTurn<S extends z.ZodType, P>(
  batch: Messages,
  schema: S,
  prepare: (body: z.infer<S>) => Promise<P>,
  commit: (prepared: P) => Promise<void>,
): Promise<void> {
  const settlement = new Settlement(batch.messages);
  const start = (message: Message<unknown> | undefined) => {
    if (!message) return null;
    const prepared = handleBody(batch.queue, message, schema, prepare);
    // Its failure is settled in turn; until then it must not count as unhandled.
    prepared?.catch(() => {});
    return prepared;
  };
  let next = start(batch.messages[0]);
  for (const [i, message] of batch.messages.entries()) {
    const prepared = next;
    next = null;
    await settleOne(
      settlement,
      batch.queue,
      message,
      prepared &&
        prepared.then((value) => {
          next = start(batch.messages[i + 1]);
          return commit(value);
        }),
    );
    next ??= start(batch.messages[i + 1]);
  }
}
