/**
 * The safety net of at-least-once delivery, every 15 minutes. All of it is idempotent, so a sweep
 * that races a slow consumer does no harm:
 *
 * - failures kept in R2 while the database was down move into the quarantine;
 * - open failures that may pass on their own (transient, or of unknown cause) are re-driven, once
 *   per failure: a permanent one never is (it waits for an operator's replay after a fix);
 * - the reconciliation goes through the intake index, from where it stopped up to an hour ago, and
 *   re-drives every delivery R2 holds that the ledger lacks or never finished;
 * - a delivery validated over an hour ago but never loaded is replayed from R2;
 * - an upload job not finished within the hour, with no chunk loaded in the last hour, is split
 *   again, which re-sends only its chunks not yet loaded (a few times; then it fails, saying why);
 * - a resync that has not moved for a quarter of an hour gets a tick, or, while loading, its
 *   unfinished entities are queued again;
 * - an export run no step has moved for a quarter of an hour gets a step, which resumes it.
 */

import { requeueStalledExports } from '../exports/run';
import { log } from '../lib/log';
import { importStoredFailures } from '../pipeline/dead-letters';
import { exportQueue, ingestQueue, resyncQueue, uploadQueue } from '../pipeline/producers';
import { reconcileBehind } from '../pipeline/redrive';
import { replayDeliveries, replayFailures } from '../pipeline/replay';
import { requeueStalledResyncs } from '../resync/stalled';
import { sweepStalledJobs } from '../uploads/stalled';
import { withWarehouse } from '../warehouse/db';
import { failuresDueForRedrive } from '../warehouse/dead-letters';
import { shopsWithStalledDeliveries } from '../warehouse/ledger';

const STALLED_AFTER_MS = 60 * 60 * 1000;
// A step writes one file or publishes a few: one that has not moved a run for this long was lost.
const EXPORT_STALLED_AFTER_MS = 15 * 60 * 1000;
const MAX_PER_SHOP = 1000;
// Re-driving one is two subrequests per hundred (a ledger update and a queue send): a sweep stays well within its budget.
const MAX_FAILURES = 5000;
// A run lists the index 1,000 entries a page with one ledger query each; one that falls behind catches up at the next.
const MAX_INDEX_ENTRIES = 20_000;

export async function sweepStalled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  await withWarehouse(env, ctx, async (db) => {
    const imported = (await importStoredFailures(env.RAW_BUCKET, db)).length;
    const failures = (await replayFailures(db, env, await failuresDueForRedrive(db, MAX_FAILURES))).queued.length;
    const reconciled = await reconcileBehind(env, db, { lagMs: STALLED_AFTER_MS, maxEntries: MAX_INDEX_ENTRIES });

    const stalledBefore = new Date(Date.now() - STALLED_AFTER_MS).toISOString();
    let deliveries = 0;
    for (const shop of await shopsWithStalledDeliveries(db, stalledBefore)) {
      deliveries += (await replayDeliveries(db, ingestQueue(env), shop, { status: 'validated', receivedTo: stalledBefore }, { max: MAX_PER_SHOP })).queued;
    }

    const jobs = await sweepStalledJobs(db, uploadQueue(env));

    const resyncs = await requeueStalledResyncs(db, resyncQueue(env));

    const exports = await requeueStalledExports({ db, queue: exportQueue(env) }, new Date(Date.now() - EXPORT_STALLED_AFTER_MS).toISOString());

    const redriven = reconciled.deliveries.redriven;
    if (imported || failures || redriven || deliveries || jobs.requeued || jobs.failed || resyncs || exports || reconciled.truncated) {
      log.warn('stalled work requeued', {
        imported,
        failures,
        redriven,
        reconciled: reconciled.deliveries,
        behind: reconciled.truncated,
        deliveries,
        jobs: jobs.requeued,
        jobsFailed: jobs.failed,
        resyncs,
        exports,
      });
    }
  });
}
