/**
 * bulk_operations/finish: the resync that started the operation moves on now rather than at its
 * next poll. Only a resync of the shop the delivery came from is woken.
 */
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { resyncsOfBulkOperations } from '../warehouse/resyncs';
import { queueTicks } from './context';

export interface FinishedOperation {
  shopDomain: string;
  adminGraphqlApiId: string;
}

export async function wakeResyncs(db: Warehouse, queue: Producer<ResyncMessage>, operations: readonly FinishedOperation[]) {
  const owners = new Set<string>();
  for (const shopDomain of new Set(operations.map((op) => op.shopDomain))) {
    const ops = operations.filter((op) => op.shopDomain === shopDomain);
    for (const owner of await resyncsOfBulkOperations(
      db,
      shopDomain,
      ops.map((op) => op.adminGraphqlApiId),
    ))
      owners.add(owner);
  }
  if (owners.size) await queueTicks(queue, [...owners]);
}
