/**
 * The safety net of at-least-once delivery: work that should have moved on long ago is put back
 * on its queue. A delivery validated but not loaded within the hour (its forward to the transform
 * queue was lost, or its retries ran out during an outage) is replayed from R2; an upload job not
 * finished within the hour, with no chunk loaded in the last hour, is split again, which re-sends
 * only its chunks not yet loaded (a few times; then it fails, saying why). A resync
 * that has not moved for a quarter of an hour gets a tick, or, while loading, its unfinished
 * entities are queued again. All of it is idempotent, so a sweep that races a slow consumer does no harm.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { warehouseConfig } from '../config';
import { log } from '../log';
import { replayDeliveries } from '../pipeline/replay';
import { requeueStalledResyncs } from '../resync/stalled';
import { connectWarehouse } from '../warehouse/db';
import { sweepStalledJobs } from '../uploads/jobs';
import { rawEvent } from '../warehouse/schema';

const STALLED_AFTER = sql`now() - interval '1 hour'`;
const MAX_PER_SHOP = 1000;

export async function sweepStalled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    const { db } = connection;
    const stalled = and(eq(rawEvent.status, 'validated'), lt(rawEvent.receivedAt, STALLED_AFTER));
    const shops = await db.selectDistinct({ shop: rawEvent.shopDomain }).from(rawEvent).where(stalled);
    let deliveries = 0;
    for (const { shop } of shops) deliveries += (await replayDeliveries(db, env.INGEST_QUEUE, shop, stalled, { max: MAX_PER_SHOP })).queued;

    const jobs = await sweepStalledJobs(db, env.UPLOAD_QUEUE);

    const resyncs = await requeueStalledResyncs(db, env.RESYNC_QUEUE);

    if (deliveries || jobs.requeued || jobs.failed || resyncs) {
      log.warn('stalled work requeued', { deliveries, jobs: jobs.requeued, jobsFailed: jobs.failed, resyncs });
    }
  } finally {
    ctx.waitUntil(connection.close());
  }
}
