/**
 * The safety net of at-least-once delivery: work that should have moved on long ago is put back
 * on its queue. A delivery validated but not loaded within the hour (its forward to the transform
 * queue was lost, or its retries ran out during an outage) is replayed from R2; an upload job not
 * finished within the hour is split again, which re-sends only its chunks not yet loaded. A resync
 * that has not moved for a quarter of an hour gets a tick, or, while loading, its unfinished
 * entities are queued again. All of it is idempotent, so a sweep that races a slow consumer does no harm.
 */
import { and, eq, lt, notInArray, sql } from 'drizzle-orm';
import { warehouseConfig } from '../config';
import { log } from '../log';
import { replayDeliveries } from '../pipeline/replay';
import { requeueStalledResyncs } from '../resync/stalled';
import { connectWarehouse } from '../warehouse/db';
import { rawEvent, uploadJob } from '../warehouse/schema';

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

    const jobs = await db
      .select({ id: uploadJob.id })
      .from(uploadJob)
      .where(and(notInArray(uploadJob.status, ['done', 'failed']), lt(uploadJob.createdAt, STALLED_AFTER)));
    for (const { id } of jobs) await env.UPLOAD_QUEUE.send({ kind: 'upload', jobId: id }, { contentType: 'json' });

    const resyncs = await requeueStalledResyncs(db, env.RESYNC_QUEUE);

    if (deliveries || jobs.length || resyncs) log.warn('stalled work requeued', { deliveries, jobs: jobs.length, resyncs });
  } finally {
    ctx.waitUntil(connection.close());
  }
}
