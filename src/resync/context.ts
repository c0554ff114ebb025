/** What the resync steps need from the Worker's bindings. */
import { appCredentials, resyncConfig, warehouseConfig } from '../config';
import { piiPolicies } from '../domain/pii';
import type { ResyncMessage } from '../pipeline/messages';
import { type Producer, resyncQueue, uploadQueue } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import type { ResyncContext } from './advance';

export function resyncContext(env: Env, db: Warehouse): ResyncContext {
  const warehouse = warehouseConfig(env);
  const resync = resyncConfig(env);
  return {
    db,
    bucket: env.RAW_BUCKET,
    uploadQueue: uploadQueue(env),
    resyncQueue: resyncQueue(env),
    keeping: { tokenKeys: resync.tokenKeys, credentials: appCredentials(env) },
    apiVersion: resync.apiVersion,
    pollSeconds: resync.pollSeconds,
    retrySeconds: resync.retrySeconds,
    exportSliceParents: resync.exportSliceParents,
    pii: piiPolicies(warehouse.pii),
  };
}

/** Queues a tick for each resync: the queue does the work, with its retries. */
export async function queueTicks(queue: Producer<ResyncMessage>, resyncIds: readonly string[]) {
  await queue.sendAll(resyncIds.map((resyncId) => ({ kind: 'resync-tick', resyncId })));
}
