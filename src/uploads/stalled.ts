/** Upload jobs that stopped moving: queued again, a few times, then failed with the reason. */

import type { UploadMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { countSweep, failJob, stalledJobs } from '../warehouse/upload-jobs';

/** How often the stalled-work sweep queues a job again without a chunk loading in between, before it fails the job. */
const MAX_SWEEPS = 3;

/**
 * Jobs unfinished an hour after their creation with no chunk loaded in the last hour: each is
 * queued again (split again, which re-sends its chunks not yet loaded), at most MAX_SWEEPS times in
 * a row; then it fails, saying so, instead of being queued every quarter of an hour for ever.
 */
export async function sweepStalledJobs(db: Warehouse, queue: Producer<UploadMessage>): Promise<{ requeued: number; failed: number }> {
  const stalled = await stalledJobs(db);
  let failed = 0;
  for (const job of stalled) {
    if (job.sweeps >= MAX_SWEEPS) {
      await failJob(
        db,
        job.id,
        `no chunk loaded for over an hour after the stalled-work sweep queued the job ${MAX_SWEEPS} times: its remaining chunks keep failing (see the dead letters)`,
      );
      failed++;
      continue;
    }
    await countSweep(db, job.id);
    await queue.send({ kind: 'upload', jobId: job.id });
  }
  return { requeued: stalled.length - failed, failed };
}
