/** Creating a job for a file that is in R2, and queueing it for splitting. */
import type { MappingDefinition } from '../files/mapped-orders/mapping';
import type { Warehouse } from '../warehouse/db';
import { createJob, jobById, type Job, type UploadSource } from '../warehouse/upload-jobs';

/** What a file is uploaded as: its source, and the topic or mapping that reads it. */
export interface UploadTarget {
  source: UploadSource;
  topic: string | null;
  mapping: { id: string; format: MappingDefinition['format'] } | null;
}

function extension(target: UploadTarget): string {
  if (target.mapping) return target.mapping.format;
  return target.source === 'shopify-jsonl' || target.source === 'shopify-bulk' ? 'jsonl' : 'csv';
}

export const uploadKey = (shopDomain: string, id: string, target: UploadTarget) => `uploads/${shopDomain}/${id}/${target.source}.${extension(target)}`;

export async function startJob(
  db: Warehouse,
  queue: Queue,
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
  await queue.send({ kind: 'upload', jobId: job.id }, { contentType: 'json' });
  return (await jobById(db, job.id))!;
}
