/**
 * Resyncs as stored: one row per resync with its state and line counts, and the shop's entity
 * cursors. Each move from one state to the next names the state it expects, so that ticks racing
 * each other make it once.
 */
import { and, desc, eq, inArray, isNull, lt, min, or, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { dimShop, resync, resyncAnchor, resyncCursor, resyncOperation, resyncStaging, uploadJob } from './schema';
import type { Tx } from './upsert';

export type Resync = typeof resync.$inferSelect;
export type ResyncKind = Resync['kind'];

/** The shop's resync that has neither reconciled nor failed (a unique index allows one). */
export async function activeResync(db: Tx, shopId: number): Promise<Resync | undefined> {
  const [row] = await db
    .select()
    .from(resync)
    .where(and(eq(resync.shopId, shopId), sql`${resync.status} not in ('reconciled', 'failed')`));
  return row;
}

export async function resyncById(db: Tx, id: string, shopId?: number): Promise<Resync | undefined> {
  const [row] = await db
    .select()
    .from(resync)
    .where(and(eq(resync.id, id), shopId === undefined ? undefined : eq(resync.shopId, shopId)));
  return row;
}

/** Inserts a requested resync; undefined when the shop has an active one already. */
export async function insertResync(db: Tx, values: typeof resync.$inferInsert): Promise<Resync | undefined> {
  const [created] = await db.insert(resync).values(values).onConflictDoNothing().returning();
  return created;
}

/** The oldest of the shop's entity cursors, and how many entities have one. */
export async function cursorsOf(db: Tx, shopId: number): Promise<{ oldest: string | null; entities: number } | undefined> {
  const [row] = await db
    .select({ oldest: min(resyncCursor.loadedThrough), entities: sql<number>`count(*)::int` })
    .from(resyncCursor)
    .where(eq(resyncCursor.shopId, shopId));
  return row;
}

/** Fails the resync, unless it has ended, and deletes its staged lines with it. */
export async function markResyncFailed(db: Warehouse, id: string, error: string) {
  await db.transaction(async (tx) => {
    await tx
      .update(resync)
      .set({ status: 'failed', error, finishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(resync.id, id), sql`${resync.status} not in ('reconciled', 'failed')`));
    await deleteStagedLines(tx, id);
  });
}

/** requested → running. */
export async function markRunning(db: Tx, id: string) {
  await db
    .update(resync)
    .set({ status: 'running', startedAt: sql`coalesce(${resync.startedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(resync.id, id), eq(resync.status, 'requested')));
}

/** running → downloading. */
export async function markDownloading(db: Tx, id: string) {
  await db
    .update(resync)
    .set({ status: 'downloading', updatedAt: sql`now()` })
    .where(and(eq(resync.id, id), eq(resync.status, 'running')));
}

/** running or downloading → loading, with the line counts of the staged files; whether this call moved it. */
export async function markLoading(db: Tx, id: string, lines: { total: number; rejected: number; duplicate: number }): Promise<boolean> {
  const moved = await db
    .update(resync)
    .set({ status: 'loading', linesTotal: lines.total, linesRejected: lines.rejected, linesDuplicate: lines.duplicate, updatedAt: sql`now()` })
    .where(and(eq(resync.id, id), inArray(resync.status, ['running', 'downloading'])))
    .returning({ id: resync.id });
  return moved.length === 1;
}

/** loading → reconciled, with its final counts; whether this call moved it. */
export async function markReconciled(db: Tx, id: string, lines: { loaded: number; rejected: number }): Promise<boolean> {
  const claimed = await db
    .update(resync)
    .set({ status: 'reconciled', linesLoaded: lines.loaded, linesRejected: lines.rejected, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(resync.id, id), eq(resync.status, 'loading')))
    .returning({ id: resync.id });
  return claimed.length === 1;
}

export async function setDeletesReconciled(db: Tx, id: string, deletes: number) {
  await db.update(resync).set({ deletesReconciled: deletes }).where(eq(resync.id, id));
}

/** Moves each entity's cursor up to `loadedThrough` (never back). */
export async function advanceCursors(db: Tx, shopId: number, resyncId: string, entities: readonly string[], loadedThrough: string) {
  for (const entity of entities) {
    await db
      .insert(resyncCursor)
      .values({ shopId, entity, loadedThrough, resyncId })
      .onConflictDoUpdate({
        target: [resyncCursor.shopId, resyncCursor.entity],
        set: { loadedThrough: sql`greatest(${resyncCursor.loadedThrough}, excluded.loaded_through)`, resyncId, updatedAt: sql`now()` },
      });
  }
}

/**
 * Sets when the next polling tick is due, unless one is queued already: the tick queued for `due`
 * carries the chain on, and so does any tick once the queued one is a minute overdue. When due (the
 * caller queues that tick).
 */
export async function scheduleNextTick(db: Tx, id: string, pollSeconds: number, due: string | undefined): Promise<string | undefined> {
  const [queued] = await db
    .update(resync)
    .set({ nextTickAt: sql`now() + make_interval(secs => ${pollSeconds})` })
    .where(
      and(
        eq(resync.id, id),
        or(isNull(resync.nextTickAt), lt(resync.nextTickAt, sql`now() - interval '1 minute'`), due ? eq(resync.nextTickAt, due) : undefined),
      ),
    )
    .returning({ due: resync.nextTickAt });
  return queued ? queued.due! : undefined;
}

/** How many lines the resync has staged. */
export async function stagedLineCount(db: Tx, resyncId: string): Promise<number> {
  const [{ staged } = { staged: 0 }] = await db.select({ staged: sql<number>`count(*)::int` }).from(resyncStaging).where(eq(resyncStaging.resyncId, resyncId));
  return staged;
}

/**
 * Refreshes the planner's statistics of the staging table: filled moments ago, faster than
 * autovacuum samples it, it would otherwise be taken for one line and joined by nested loops.
 */
export async function analyzeStaging(db: Tx) {
  await db.execute(sql`analyze ${resyncStaging}`);
}

/** The raw files have served once their lines are loaded, or the resync failed. */
export async function deleteStagedLines(db: Tx, resyncId: string) {
  await db.delete(resyncStaging).where(eq(resyncStaging.resyncId, resyncId));
  await db.delete(resyncAnchor).where(eq(resyncAnchor.resyncId, resyncId));
}

/** The upload jobs that stage the resync's files: one per bulk result, and one per slice of a paginated export. */
export async function stagingJobs(db: Tx, resyncId: string) {
  return db.select().from(uploadJob).where(eq(uploadJob.resyncId, resyncId));
}

const quiet = () => lt(resync.updatedAt, sql`now() - interval '15 minutes'`);

/**
 * Resyncs that have not moved for a quarter of an hour: waiting on Shopify or on their files, or
 * loading (a tick reconciles one whose ranges are all loaded).
 */
export async function quietResyncs(db: Tx): Promise<string[]> {
  const rows = await db
    .select({ id: resync.id })
    .from(resync)
    .where(and(inArray(resync.status, ['requested', 'running', 'downloading', 'loading']), quiet()));
  return rows.map((r) => r.id);
}

/** The shop's resyncs that started any of these bulk operations. */
export async function resyncsOfBulkOperations(db: Warehouse, shopDomain: string, bulkOperationIds: readonly string[]): Promise<string[]> {
  const found = await db
    .selectDistinct({ resyncId: resyncOperation.resyncId })
    .from(resyncOperation)
    .innerJoin(resync, eq(resync.id, resyncOperation.resyncId))
    .innerJoin(dimShop, eq(dimShop.shopId, resync.shopId))
    .where(and(eq(dimShop.domain, shopDomain), inArray(resyncOperation.bulkOperationId, [...bulkOperationIds])));
  return found.map((row) => row.resyncId);
}

/** The shop's latest resyncs, newest first. */
export async function recentResyncs(db: Tx, shopId: number, limit: number): Promise<Resync[]> {
  return db.select().from(resync).where(eq(resync.shopId, shopId)).orderBy(desc(resync.createdAt)).limit(limit);
}
