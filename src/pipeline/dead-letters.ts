/**
 * Failures end in a durable record, whatever is down. The quarantine in Postgres is where they
 * belong; when the database cannot take them (the very outage that made them fail), they go to R2
 * under `dead-letters/`, one object per batch, and the sweep imports them once the database is
 * back. Only when both fail does a consumer fall back on its queue's retries and dead-letter queue.
 */
import { log } from '../lib/log';
import type { Warehouse } from '../warehouse/db';
import { type FailureClass, type FailureRecord, recordFailures } from '../warehouse/dead-letters';
import { describeDatabaseError, isTransientDatabaseError, sqlState } from '../warehouse/errors';

const DEAD_LETTER_PREFIX = 'dead-letters/';

/** A failure no retry can fix, named by the code that knows it (a file whose layout cannot be read, a missing object). */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

/** A queue message that is not what its queue carries: nothing can ever handle it. */
export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

export interface Cause {
  errorClass: Extract<FailureClass, 'permanent' | 'transient' | 'malformed'>;
  sqlstate: string | null;
  reason: string;
}

/**
 * Why something failed and whether trying again may help: database errors by SQLSTATE (connection
 * loss, serialization failures, deadlocks, shutdowns and 55000 pass; bad data and broken
 * constraints do not); an error without one happened before the database answered (network, R2,
 * a timeout) and is worth retrying.
 */
export function causeOf(error: unknown): Cause {
  if (error instanceof MalformedMessage) return { errorClass: 'malformed', sqlstate: null, reason: error.message };
  if (error instanceof PermanentFailure) return { errorClass: 'permanent', sqlstate: null, reason: error.message };
  return { errorClass: isTransientDatabaseError(error) ? 'transient' : 'permanent', sqlstate: sqlState(error) ?? null, reason: describeDatabaseError(error) };
}

async function storeInR2(bucket: R2Bucket, records: readonly FailureRecord[]): Promise<string> {
  const stamp = new Date().toISOString();
  const key = `${DEAD_LETTER_PREFIX}${stamp}-${crypto.randomUUID()}.json`;
  await bucket.put(key, JSON.stringify(records.map((r) => ({ ...r, failedAt: r.failedAt ?? stamp }))), { httpMetadata: { contentType: 'application/json' } });
  return key;
}

/**
 * Records failures in the quarantine, or in R2 when the database cannot take them. Throws only when
 * neither could: the caller then lets the queue retry the messages.
 */
export async function recordDurably(bucket: R2Bucket, db: Pick<Warehouse, 'transaction'>, records: readonly FailureRecord[]): Promise<'warehouse' | 'r2'> {
  if (records.length === 0) return 'warehouse';
  try {
    await recordFailures(db, records);
    return 'warehouse';
  } catch (error) {
    const key = await storeInR2(bucket, records);
    log.warn('failures kept in R2 until the warehouse takes them', { key, records: records.length, error: describeDatabaseError(error) });
    return 'r2';
  }
}

/** Failures kept in R2, oldest first: at most `max` objects. */
export async function* storedFailures(bucket: R2Bucket, max: number): AsyncGenerator<{ key: string; records: FailureRecord[] }> {
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = await bucket.list({ prefix: DEAD_LETTER_PREFIX, cursor, limit: Math.min(1000, max - seen) });
    for (const { key } of page.objects) {
      const object = await bucket.get(key);
      if (!object) continue;
      const text = await object.text();
      try {
        yield { key, records: JSON.parse(text) as FailureRecord[] };
      } catch (error) {
        // Written by this module, so never expected; left in place for an operator rather than lost.
        if (!(error instanceof SyntaxError)) throw error;
        log.error('failure records in R2 that are not JSON; left in place', { key });
      }
      if (++seen >= max) return;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** Moves failures kept in R2 into the quarantine (the database must be up), deleting each object once recorded. */
export async function importStoredFailures(bucket: R2Bucket, db: Pick<Warehouse, 'transaction'>, max = 500): Promise<FailureRecord[]> {
  const imported: FailureRecord[] = [];
  for await (const { key, records } of storedFailures(bucket, max)) {
    await recordFailures(db, records);
    await bucket.delete(key);
    imported.push(...records);
  }
  return imported;
}
