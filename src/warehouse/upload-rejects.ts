/** The rows a job did not load, each with where it was in the file and why. */
import type { WarehouseTransaction } from './db';
import { uploadReject } from './schema';
import { storableText } from './storable-text';
import type { Job } from './upload-jobs';
import { inKeyOrder, insertChunks } from './upsert';

/** A rejected row: its number in the file, the field at fault as the file names it, its value, why, and the hash of its line. */
export interface RejectRow {
  rowNumber: number;
  field: string;
  value: string | null;
  reason: string;
  lineHash: string;
}

/** Inserts a chunk's rejects, each distinct line once: a repeat of a rejected line is a duplicate. */
export async function insertRejects(tx: WarehouseTransaction, job: Pick<Job, 'id' | 'shopId'>, rejects: readonly RejectRow[]) {
  let inserted = 0;
  const rows = inKeyOrder(rejects, (r) => r.lineHash).map((r) => ({
    ...r,
    field: storableText(r.field),
    value: r.value === null ? null : storableText(r.value),
    reason: storableText(r.reason),
    jobId: job.id,
    shopId: job.shopId,
  }));
  for (const run of insertChunks(uploadReject, rows)) {
    inserted += (await tx.insert(uploadReject).values(run).onConflictDoNothing().returning({ row: uploadReject.rowNumber })).length;
  }
  return { rejected: inserted, duplicates: rejects.length - inserted };
}
