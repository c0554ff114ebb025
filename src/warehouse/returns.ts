/**
 * Loading returns. A return's payloads carry no `updated_at`, and each topic carries a different
 * part of it, so the stored return merges what every observation said, in any arrival order:
 * the status, `closed_at` and decline reason are the latest observation's (`observed_at`); the
 * name and order are whichever observation stated them; the total quantity is the latest stated
 * one; when it was created and approved is the earliest time stated. Replays change nothing.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { factReturn } from './schema';
import { inKeyOrder, insertFromArrays, type Tx } from './upsert';

type ReturnInsert = typeof factReturn.$inferInsert;

const column = (c: PgColumn) => sql.identifier(c.name);
const stored = (c: PgColumn) => sql`${factReturn}.${column(c)}`;
const incoming = (c: PgColumn) => sql`excluded.${column(c)}`;

/** The incoming observation is the latest (the later of equals wins, as for versioned rows). */
const newer = sql`${incoming(factReturn.observedAt)} >= ${stored(factReturn.observedAt)}`;
const latest = (c: PgColumn) => sql`${column(c)} = case when ${newer} then ${incoming(c)} else ${stored(c)} end`;

const MERGE: SQL[] = [
  sql`${column(factReturn.name)} = coalesce(${stored(factReturn.name)}, ${incoming(factReturn.name)})`,
  ...[factReturn.status, factReturn.closedAt, factReturn.declineReason, factReturn.rawKey, factReturn.loadedAt].map(latest),
  sql`${column(factReturn.totalQuantity)} = case when ${incoming(factReturn.totalQuantity)} is not null and (${stored(factReturn.totalQuantity)} is null or ${newer})
    then ${incoming(factReturn.totalQuantity)} else ${stored(factReturn.totalQuantity)} end`,
  ...[factReturn.createdAt, factReturn.requestApprovedAt].map((c) => sql`${column(c)} = least(${stored(c)}, ${incoming(c)})`),
  sql`${column(factReturn.observedAt)} = greatest(${stored(factReturn.observedAt)}, ${incoming(factReturn.observedAt)})`,
];

/**
 * Upserts returns, merging each with what is stored. A statement may touch a row once, so a
 * batch holding several observations of one return sends them in rounds, oldest first (the
 * merge does not depend on the order; the rounds only keep each statement to one row per key).
 */
export async function upsertReturns(tx: Tx, rows: readonly ReturnInsert[]) {
  const keyOf = (row: ReturnInsert) => `${row.shopId}/${row.returnId}`;
  const byReturn = new Map<string, ReturnInsert[]>();
  for (const row of rows) byReturn.set(keyOf(row), [...(byReturn.get(keyOf(row)) ?? []), row]);
  for (const observations of byReturn.values()) observations.sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
  for (let round = 0; ; round++) {
    const batch = [...byReturn.values()].flatMap((observations) => (round < observations.length ? [observations[round]!] : []));
    if (batch.length === 0) return;
    await tx.execute(sql`
      ${insertFromArrays(factReturn, inKeyOrder(batch, keyOf))}
      on conflict (${column(factReturn.shopId)}, ${column(factReturn.returnId)}) do update set ${sql.join(MERGE, sql`, `)}`);
  }
}
