/**
 * Resyncs that stopped moving (a lost tick, a lost assembly message, a consumer that stopped):
 * queued again, idempotently. Every open assembly range that no one holds gets a message of its
 * own, which any consumer may take.
 */
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { unheldRanges } from '../warehouse/resync-ranges';
import { quietResyncs } from '../warehouse/resyncs';
import { queueTicks } from './context';

export async function requeueStalledResyncs(db: Warehouse, queue: Producer<ResyncMessage>): Promise<number> {
  const quiet = await quietResyncs(db);
  await queueTicks(queue, quiet);
  const ranges = await unheldRanges(db);
  await queue.sendAll(ranges.map(({ resyncId, entity, rangeNo }) => ({ kind: 'resync-assemble', resyncId, entity, range: rangeNo })));
  return quiet.length + ranges.length;
}
