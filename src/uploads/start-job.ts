/** Creating a job for a file that is in R2, and queueing it for splitting. */
import type { UploadMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import { createJob, type Job, jobById, type UploadSource } from '../warehouse/upload-jobs';

export async function startJob(
  db: Warehouse,
  queue: Producer<UploadMessage>,
  job: {
    id: string;
    shopId: number;
    source: UploadSource;
    topic: string | null;
    mappingId?: string | null;
    resyncId?: string;
    rawKey: string;
    bytes: number;
    contentMd5: string | null;
  },
): Promise<Job> {
  await createJob(db, { ...job, status: 'queued' });
  await queue.send({ kind: 'upload', jobId: job.id });
  return (await jobById(db, job.id))!;
}
