/**
 * bulk_operations/finish: the resync that started the operation moves on now rather than at its
 * next poll. Only a resync of the shop the delivery came from is woken.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { dimShop, resync, resyncOperation } from '../warehouse/schema';
import { queueTicks } from './context';

export interface FinishedOperation {
  shopDomain: string;
  adminGraphqlApiId: string;
}

export async function wakeResyncs(db: Warehouse, queue: Producer<ResyncMessage>, operations: readonly FinishedOperation[]) {
  const owners = new Set<string>();
  for (const shopDomain of new Set(operations.map((op) => op.shopDomain))) {
    const ops = operations.filter((op) => op.shopDomain === shopDomain);
    const found = await db
      .selectDistinct({ resyncId: resyncOperation.resyncId })
      .from(resyncOperation)
      .innerJoin(resync, eq(resync.id, resyncOperation.resyncId))
      .innerJoin(dimShop, eq(dimShop.shopId, resync.shopId))
      .where(and(eq(dimShop.domain, shopDomain), inArray(resyncOperation.bulkOperationId, ops.map((op) => op.adminGraphqlApiId))));
    for (const owner of found) owners.add(owner.resyncId);
  }
  if (owners.size) await queueTicks(queue, [...owners]);
}
