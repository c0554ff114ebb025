/**
 * A resync's operations as stored: one row per entity and attempt. A ticker that starts an
 * operation, downloads its result or runs an export claims the step until the claim lapses, so
 * that ticks racing each other do each step once.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { resyncOperation } from './schema';
import type { Tx } from './upsert';

export type Operation = typeof resyncOperation.$inferSelect;

const CLAIM_MS = 2 * 60 * 1000;

const thisOperation = (op: Pick<Operation, 'resyncId' | 'entity' | 'attempt'>) =>
  and(eq(resyncOperation.resyncId, op.resyncId), eq(resyncOperation.entity, op.entity), eq(resyncOperation.attempt, op.attempt));

export async function operationsOf(db: Tx, resyncId: string): Promise<Operation[]> {
  return db.select().from(resyncOperation).where(eq(resyncOperation.resyncId, resyncId)).orderBy(resyncOperation.entity, resyncOperation.attempt);
}

/** The entity's latest attempt. */
export async function latestOperation(db: Tx, resyncId: string, entity: string): Promise<Operation | undefined> {
  const [op] = await db
    .select()
    .from(resyncOperation)
    .where(and(eq(resyncOperation.resyncId, resyncId), eq(resyncOperation.entity, entity)))
    .orderBy(sql`${resyncOperation.attempt} desc`)
    .limit(1);
  return op;
}

/** Adds attempts (an entity's first, or its retry after a backoff); an attempt that exists is left as it is. */
export async function insertAttempts(db: Tx, attempts: readonly (typeof resyncOperation.$inferInsert)[]) {
  await db
    .insert(resyncOperation)
    .values([...attempts])
    .onConflictDoNothing();
}

/**
 * Claims a step of an operation for this ticker: `still` is what must still be missing (the bulk
 * operation id for a start, the file for a download), so a ticker that read the row before
 * another finished the step cannot repeat it.
 */
export async function claim(db: Tx, op: Operation, still: 'bulkOperationId' | 'rawKey'): Promise<boolean> {
  const claimed = await db
    .update(resyncOperation)
    .set({ claimedUntil: new Date(Date.now() + CLAIM_MS).toISOString() })
    .where(and(thisOperation(op), isNull(resyncOperation[still]), or(isNull(resyncOperation.claimedUntil), lt(resyncOperation.claimedUntil, sql`now()`))))
    .returning({ entity: resyncOperation.entity });
  return claimed.length === 1;
}

/** Keeps a claim while a long step (an export) goes on. */
export async function renewClaim(db: Tx, op: Operation): Promise<void> {
  await db
    .update(resyncOperation)
    .set({ claimedUntil: new Date(Date.now() + CLAIM_MS).toISOString() })
    .where(thisOperation(op));
}

export async function updateOperation(db: Tx, op: Operation, values: Partial<typeof resyncOperation.$inferInsert>) {
  await db.update(resyncOperation).set(values).where(thisOperation(op));
}
