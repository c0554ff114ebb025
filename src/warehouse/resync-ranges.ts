/**
 * Assembly ranges as stored: an entity's staged parents split by gid after staging, one row per
 * range with its lease and progress mark. Any consumer claims any open range (`skip locked`: two
 * claimants never wait on each other, nor take the same range); each page commits with the range's
 * mark, guarded by the mark it started from, so a range taken over after its lease lapsed, or a
 * redelivered message, never loads a page twice.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { resync, resyncOperation, resyncRange, resyncStaging } from './schema';
import type { Tx } from './upsert';

export type Range = typeof resyncRange.$inferSelect;

/** How long a claim holds without a page loaded: a consumer that stops renewing it loses the range to the next claimant. */
const LEASE_SECONDS = 120;

const thisRange = (range: Pick<Range, 'resyncId' | 'entity' | 'rangeNo'>) =>
  and(eq(resyncRange.resyncId, range.resyncId), eq(resyncRange.entity, range.entity), eq(resyncRange.rangeNo, range.rangeNo));

/** Staged lines and parent lines of each entity of the resync. */
export async function stagedCounts(db: Tx, resyncId: string): Promise<{ entity: string; lines: number; parents: number }[]> {
  const result = await db.execute<{ entity: string; lines: number; parents: number }>(sql`
    select entity, count(*)::float8 as lines, (count(*) filter (where parent_gid is null))::float8 as parents
    from ${resyncStaging} where resync_id = ${resyncId} group by entity`);
  return result.rows;
}

/**
 * Splits an entity's staged parents into `ranges` ranges of about equal numbers of parents: the
 * gid of every `ceil(parents / ranges)`-th parent (in gid order) closes a range, the last is open.
 * Splitting again leaves the ranges as they are. Returns the ranges of the entity.
 */
export async function splitIntoRanges(db: Tx, resyncId: string, entity: string, parents: number, ranges: number): Promise<Range[]> {
  const perRange = Math.max(1, Math.ceil(parents / Math.max(1, ranges)));
  const bounds = await db.execute<{ gid: string }>(sql`
    select gid from (
      select gid, row_number() over (order by gid) as n from ${resyncStaging}
      where resync_id = ${resyncId} and entity = ${entity} and parent_gid is null
    ) p
    where n % ${perRange} = 0 and n < ${parents}
    order by gid`);
  const through = bounds.rows.map((row) => row.gid);
  const values = [...through, null].map((throughGid, i) => ({ resyncId, entity, rangeNo: i + 1, afterGid: i === 0 ? null : through[i - 1]!, throughGid }));
  await db.insert(resyncRange).values(values).onConflictDoNothing();
  return db
    .select()
    .from(resyncRange)
    .where(and(eq(resyncRange.resyncId, resyncId), eq(resyncRange.entity, entity)))
    .orderBy(resyncRange.rangeNo);
}

/** The entities of the resync already split into ranges. */
export async function partitionedEntities(db: Tx, resyncId: string): Promise<Set<string>> {
  const result = await db.execute<{ entity: string }>(sql`select distinct entity from ${resyncRange} where resync_id = ${resyncId}`);
  return new Set(result.rows.map((row) => row.entity));
}

/**
 * Claims an open range of the entity that no one holds (never claimed, released, or its lease
 * lapsed): `rangeNo` if given, else the first such. Undefined when there is none to take.
 */
export async function claimRange(db: Tx, resyncId: string, entity: string, rangeNo: number | null): Promise<Range | undefined> {
  const result = await db.execute<{ range_no: number }>(sql`
    update ${resyncRange} set claimed_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where (resync_id, entity, range_no) = (
      select resync_id, entity, range_no from ${resyncRange}
      where resync_id = ${resyncId} and entity = ${entity} and done_at is null
        and (claimed_until is null or claimed_until < now()) ${rangeNo === null ? sql`` : sql`and range_no = ${rangeNo}`}
      order by range_no
      limit 1
      for update skip locked)
    returning range_no`);
  const claimed = result.rows[0];
  if (!claimed) return undefined;
  const [range] = await db
    .select()
    .from(resyncRange)
    .where(thisRange({ resyncId, entity, rangeNo: claimed.range_no }));
  return range;
}

/**
 * Seconds until the first lease of the entity's open ranges (of `rangeNo` if given) ends, rounded
 * up: when a claim found nothing free, what a consumer waits before the range can be taken over.
 * Undefined when no open range is held.
 */
export async function secondsUntilLeaseEnds(db: Tx, resyncId: string, entity: string, rangeNo: number | null): Promise<number | undefined> {
  const result = await db.execute<{ seconds: number | null }>(sql`
    select ceil(extract(epoch from min(claimed_until) - now()))::int as seconds from ${resyncRange}
    where resync_id = ${resyncId} and entity = ${entity} and done_at is null and claimed_until >= now()
      ${rangeNo === null ? sql`` : sql`and range_no = ${rangeNo}`}`);
  return result.rows[0]?.seconds ?? undefined;
}

/** Gives a range back before its lease ends (its consumer stops early), so the next claimant need not wait. */
export async function releaseRange(db: Tx, range: Range) {
  await db
    .update(resyncRange)
    .set({ claimedUntil: null })
    .where(and(thisRange(range), isNull(resyncRange.doneAt)));
}

/**
 * Records a page of a range as loaded, with its counts, if the range still stands where the page
 * started (`from`): a consumer that lost the range, or a redelivered message, finds it moved on
 * and loads nothing. Renews the lease. False when the page is stale.
 */
export async function markRangePage(
  db: Tx,
  range: Range,
  page: {
    from: string | null;
    through: string | null;
    last: boolean;
    linesLoaded: number;
    linesRejected: number;
    records: number;
    recordsCreatedBefore: number | null;
  },
): Promise<boolean> {
  const marked = await db
    .update(resyncRange)
    .set({
      assembledThrough: page.through,
      doneAt: page.last ? sql`now()` : null,
      claimedUntil: page.last ? null : sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      linesLoaded: sql`${resyncRange.linesLoaded} + ${page.linesLoaded}`,
      linesRejected: sql`${resyncRange.linesRejected} + ${page.linesRejected}`,
      records: sql`${resyncRange.records} + ${page.records}`,
      recordsCreatedBefore: page.recordsCreatedBefore === null ? null : sql`coalesce(${resyncRange.recordsCreatedBefore}, 0) + ${page.recordsCreatedBefore}`,
    })
    .where(and(thisRange(range), sql`${resyncRange.assembledThrough} is not distinct from ${page.from}`, isNull(resyncRange.doneAt)))
    .returning({ rangeNo: resyncRange.rangeNo });
  return marked.length === 1;
}

export interface RangeTotals {
  linesLoaded: number;
  linesRejected: number;
  records: number;
  recordsCreatedBefore: number | null;
}

/**
 * The totals of the entity's ranges once the last of them is done and the entity is not yet
 * marked assembled; undefined otherwise. Locks the entity's operation row first: of two ranges
 * finishing at once, the one that locks second sees the other's range done (each statement reads
 * what is committed when it starts), so exactly one transaction finds the entity complete.
 */
export async function completedEntity(db: Tx, op: { resyncId: string; entity: string; attempt: number }): Promise<RangeTotals | undefined> {
  const locked = await db.execute<{ assembled_at: string | null }>(sql`
    select assembled_at from ${resyncOperation}
    where resync_id = ${op.resyncId} and entity = ${op.entity} and attempt = ${op.attempt} for update`);
  if (locked.rows[0]?.assembled_at !== null) return undefined;
  const [totals] = await db
    .select({
      open: sql<number>`count(*) filter (where ${resyncRange.doneAt} is null)::int`,
      linesLoaded: sql<number>`coalesce(sum(${resyncRange.linesLoaded}), 0)::float8`,
      linesRejected: sql<number>`coalesce(sum(${resyncRange.linesRejected}), 0)::float8`,
      records: sql<number>`coalesce(sum(${resyncRange.records}), 0)::float8`,
      recordsCreatedBefore: sql<number | null>`sum(${resyncRange.recordsCreatedBefore})::float8`,
    })
    .from(resyncRange)
    .where(and(eq(resyncRange.resyncId, op.resyncId), eq(resyncRange.entity, op.entity)));
  if (!totals || totals.open > 0) return undefined;
  const { open: _open, ...sums } = totals;
  return sums;
}

/** Marks the entity assembled with its totals. */
export async function markEntityAssembled(db: Tx, op: { resyncId: string; entity: string; attempt: number }, totals: RangeTotals) {
  await db
    .update(resyncOperation)
    .set({ assembledAt: sql`now()`, ...totals })
    .where(and(eq(resyncOperation.resyncId, op.resyncId), eq(resyncOperation.entity, op.entity), eq(resyncOperation.attempt, op.attempt)));
}

/**
 * The open ranges of resyncs at work that no one holds (never claimed, released, or with a lapsed
 * lease): each worth a message, which any consumer may take.
 */
export async function unheldRanges(db: Tx): Promise<{ resyncId: string; entity: string; rangeNo: number }[]> {
  const result = await db.execute<{ resyncId: string; entity: string; rangeNo: number }>(sql`
    select r.resync_id as "resyncId", r.entity, r.range_no as "rangeNo" from ${resyncRange} r
    join ${resync} s on s.id = r.resync_id
    where s.status in ('running', 'downloading', 'loading') and r.done_at is null and (r.claimed_until is null or r.claimed_until < now())
    order by r.resync_id, r.entity, r.range_no`);
  return result.rows;
}
