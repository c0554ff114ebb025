/**
 * The last resort against lock conflicts between concurrent loads. Loads take their row locks in
 * key order (upsert.ts) and lock no shared row they leave unchanged, so Postgres should never have
 * to abort one for a deadlock (40P01) or a serialization failure (40001). Should it happen all the
 * same (a statement whose lock order the planner chooses, a lock taken by other work), the whole
 * transaction runs again here, after a short random pause, instead of failing its batch back to
 * the queue; every such retry is counted in `transaction_retry` and logged, so that it is seen.
 */
import { sql } from 'drizzle-orm';
import { log } from '../lib/log';
import type { Warehouse, WarehouseTransaction } from './db';
import { sqlState } from './errors';
import { transactionRetry } from './schema';

/** Runs after the first attempt: three more, then the failure goes to the caller (a queue retries the batch with backoff). */
const RETRIES = 3;
const CONFLICTS = new Set(['40P01', '40001']);

/** A pause of 5–25 ms the first time, growing with each retry, so that the two sides of a conflict do not meet again in step. */
const pause = (retry: number) => new Promise<void>((resolve) => setTimeout(resolve, (5 + Math.random() * 20) * 2 ** retry));

/**
 * `db.transaction(run)`, run again up to three times when Postgres aborts it for a deadlock or a
 * serialization failure. `work` names the kind of work in the count (e.g. `webhook batch`).
 */
export async function transactionRetryingConflicts<T>(db: Warehouse, work: string, run: (tx: WarehouseTransaction) => Promise<T>): Promise<T> {
  const retried = new Map<string, number>();
  try {
    for (let retry = 0; ; retry++) {
      try {
        return await db.transaction(run);
      } catch (error) {
        const code = sqlState(error);
        if (code === undefined || !CONFLICTS.has(code) || retry === RETRIES) throw error;
        retried.set(code, (retried.get(code) ?? 0) + 1);
        log.warn('transaction aborted by a lock conflict; running it again', { work, sqlstate: code, retry: retry + 1 });
        await pause(retry);
      }
    }
  } finally {
    if (retried.size > 0) await countRetries(db, work, retried);
  }
}

/** Adds the retries to this minute's count. A count that cannot be written is logged: it must not fail the work it counts. */
async function countRetries(db: Warehouse, work: string, retried: ReadonlyMap<string, number>) {
  for (const [sqlstate, count] of retried) {
    await db
      .execute(sql`
        insert into ${transactionRetry} (minute, work, sqlstate, count) values (date_trunc('minute', now()), ${work}, ${sqlstate}, ${count})
        on conflict (minute, work, sqlstate) do update set count = ${transactionRetry}.count + excluded.count`)
      .catch((error: unknown) => log.error('transaction retries not counted', { work, sqlstate, count, error }));
  }
}

/** Drops the counts of minutes older than `keepDays`. */
export async function pruneTransactionRetries(db: Warehouse, keepDays: number): Promise<void> {
  await db.execute(sql`delete from ${transactionRetry} where minute < now() - make_interval(days => ${keepDays})`);
}
