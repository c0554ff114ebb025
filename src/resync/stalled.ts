/** Resyncs that stopped moving (a lost tick or assembly message): queued again, idempotently. */
import type { ResyncMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { quietUnassembledEntities, quietWaitingResyncs } from '../warehouse/resyncs';
import { queueTicks } from './context';

export async function requeueStalledResyncs(db: Warehouse, queue: Producer<ResyncMessage>): Promise<number> {
  const waiting = await quietWaitingResyncs(db);
  await queueTicks(queue, waiting);
  const loading = await quietUnassembledEntities(db);
  await queue.sendAll(loading.map((l) => ({ kind: 'resync-assemble', ...l })));
  return waiting.length + loading.length;
}
