/** Resyncs that stopped moving (a lost tick or assembly message): queued again, idempotently. */
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { resync, resyncOperation } from '../warehouse/schema';
import { queueTicks } from './context';

export async function requeueStalledResyncs(db: Warehouse, queue: Producer<ResyncMessage>): Promise<number> {
  const quiet = lt(resync.updatedAt, sql`now() - interval '15 minutes'`);
  const waiting = await db
    .select({ id: resync.id })
    .from(resync)
    .where(and(inArray(resync.status, ['requested', 'running', 'downloading']), quiet));
  await queueTicks(
    queue,
    waiting.map((r) => r.id),
  );
  const loading = await db
    .selectDistinct({ resyncId: resyncOperation.resyncId, entity: resyncOperation.entity })
    .from(resyncOperation)
    .innerJoin(resync, eq(resync.id, resyncOperation.resyncId))
    .where(and(eq(resync.status, 'loading'), quiet, isNull(resyncOperation.assembledAt), eq(resyncOperation.status, 'COMPLETED')));
  await queue.sendAll(loading.map((l) => ({ kind: 'resync-assemble', ...l })));
  return waiting.length + loading.length;
}
