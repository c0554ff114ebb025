/** Creating a job for a file that is in R2, and queueing it for splitting. */
import type { Warehouse } from '../warehouse/db';
import { createJob, jobById, type Job, type UploadSource } from './jobs';

/** Job and upload ids sort by creation time (base-36 milliseconds first), then random. */
export function newId(prefix: 'job' | 'mpu' | 'rsy'): string {
  const random = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${random}`;
}

const EXTENSION: Readonly<Record<UploadSource, string>> = {
  'retail-csv': 'csv',
  'shopify-products-csv': 'csv',
  'shopify-jsonl': 'jsonl',
  'shopify-bulk': 'jsonl',
};

export const uploadKey = (shopDomain: string, id: string, source: UploadSource) => `uploads/${shopDomain}/${id}/${source}.${EXTENSION[source]}`;

export async function startJob(
  db: Warehouse,
  queue: Queue,
  job: { id: string; shopId: number; source: UploadSource; topic: string | null; resyncId?: string; rawKey: string; bytes: number; contentMd5: string | null },
): Promise<Job> {
  await createJob(db, { ...job, status: 'queued' });
  await queue.send({ kind: 'upload', jobId: job.id }, { contentType: 'json' });
  return (await jobById(db, job.id))!;
}
