import type { z } from 'zod';
import type { Job } from '../../../warehouse/upload-jobs';
import type { job } from './schemas';

/** A job as the API shows it. */
export function presentJob(row: Job): z.infer<typeof job> {
  return {
    id: row.id,
    source: row.source,
    topic: row.topic,
    mappingId: row.mappingId,
    status: row.status,
    bytes: row.bytes,
    rows: {
      seen: row.rowsSeen,
      loaded: row.rowsLoaded,
      rejected: row.rowsRejected,
      duplicates: row.rowsDuplicate,
      balanced: row.rowsSeen === row.rowsLoaded + row.rowsRejected + row.rowsDuplicate,
    },
    chunks: { total: row.chunksTotal, done: row.chunksDone },
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    rejectsUrl: `/v1/jobs/${row.id}/rejects`,
  };
}
