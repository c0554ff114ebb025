/** What the resync steps need from the Worker's bindings. */
import { resyncConfig, warehouseConfig } from '../config';
import { piiPolicies } from '../domain/pii';
import type { Warehouse } from '../warehouse/db';
import type { ResyncContext } from './advance';

export function resyncContext(env: Env, db: Warehouse): ResyncContext {
  const warehouse = warehouseConfig(env);
  const resync = resyncConfig(env);
  return {
    db,
    bucket: env.RAW_BUCKET,
    uploadQueue: env.UPLOAD_QUEUE,
    resyncQueue: env.RESYNC_QUEUE,
    tokenKeys: resync.tokenKeys,
    apiVersion: resync.apiVersion,
    pollSeconds: resync.pollSeconds,
    retrySeconds: resync.retrySeconds,
    pii: piiPolicies(warehouse.pii),
  };
}

/** Queues a tick for each resync: the queue does the work, with its retries. */
export async function queueTicks(queue: Queue, resyncIds: readonly string[]) {
  for (let i = 0; i < resyncIds.length; i += 100) {
    await queue.sendBatch(resyncIds.slice(i, i + 100).map((resyncId) => ({ body: { kind: 'resync-tick', resyncId }, contentType: 'json' as const })));
  }
}
