/**
 * Claims on the steps of a resync's operations: a ticker that starts an operation, downloads its
 * result or runs an export holds the operation until the claim lapses, so that ticks racing each
 * other do each step once.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { resyncOperation } from '../warehouse/schema';

export type Operation = typeof resyncOperation.$inferSelect;

const CLAIM_MS = 2 * 60 * 1000;

const thisOperation = (op: Operation) =>
  and(eq(resyncOperation.resyncId, op.resyncId), eq(resyncOperation.entity, op.entity), eq(resyncOperation.attempt, op.attempt));

/**
 * Claims a step of an operation for this ticker: `still` is what must still be missing (the bulk
 * operation id for a start, the file for a download), so a ticker that read the row before
 * another finished the step cannot repeat it.
 */
export async function claim(db: Warehouse, op: Operation, still: typeof resyncOperation.bulkOperationId | typeof resyncOperation.rawKey): Promise<boolean> {
  const claimed = await db
    .update(resyncOperation)
    .set({ claimedUntil: new Date(Date.now() + CLAIM_MS).toISOString() })
    .where(and(thisOperation(op), isNull(still), or(isNull(resyncOperation.claimedUntil), lt(resyncOperation.claimedUntil, sql`now()`))))
    .returning({ entity: resyncOperation.entity });
  return claimed.length === 1;
}

/** Keeps a claim while a long step (an export) goes on. */
export async function renewClaim(db: Warehouse, op: Operation): Promise<void> {
  await db.update(resyncOperation).set({ claimedUntil: new Date(Date.now() + CLAIM_MS).toISOString() }).where(thisOperation(op));
}

export async function updateOperation(db: Warehouse, op: Operation, values: Partial<typeof resyncOperation.$inferInsert>) {
  await db.update(resyncOperation).set(values).where(thisOperation(op));
}
