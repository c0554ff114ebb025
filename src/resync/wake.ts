/** bulk_operations/finish: the resync that started the operation moves on now rather than at its next poll. */
import { inArray } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { resyncOperation } from '../warehouse/schema';
import { queueTicks } from './context';

export async function wakeResyncs(db: Warehouse, queue: Queue, bulkOperationIds: readonly string[]) {
  if (bulkOperationIds.length === 0) return;
  const owners = await db
    .selectDistinct({ resyncId: resyncOperation.resyncId })
    .from(resyncOperation)
    .where(inArray(resyncOperation.bulkOperationId, [...bulkOperationIds]));
  await queueTicks(
    queue,
    owners.map((owner) => owner.resyncId),
  );
}
