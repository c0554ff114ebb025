/** An upload job as GET /v1/jobs/{id} shows it, polled until it ends. */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

export interface JobView {
  id: string;
  status: string;
  error: string | null;
  rows: { seen: number; loaded: number; rejected: number; duplicates: number };
  chunks: { total: number | null; done: number };
}

const POLL_MS = 500; // 120 polls a minute: well inside the key's 600 requests a minute
const POLL_TIMEOUT_MS = 30_000;

/**
 * Polls the job until it is done or failed; fails when no chunk loads for `stallMs`. `onPoll`
 * sees every poll (progress, sampling).
 */
export async function waitForJob(
  baseUrl: string,
  headers: Record<string, string>,
  job: JobView,
  options: { stallMs: number; logFile: string; onPoll?: (job: JobView) => void },
): Promise<JobView> {
  let progressAt = Date.now();
  while (job.status !== 'done' && job.status !== 'failed') {
    await sleep(POLL_MS);
    // A poll the busy Worker does not answer in time is skipped: progress is judged by the chunks.
    const polled = await fetch(`${baseUrl}/v1/jobs/${job.id}`, { headers, signal: AbortSignal.timeout(POLL_TIMEOUT_MS) }).catch((error: Error) => {
      if (error.name !== 'TimeoutError') throw error;
      return undefined;
    });
    if (!polled) {
      options.onPoll?.({ ...job, status: 'unanswered' });
      if (Date.now() - progressAt > options.stallMs) throw new Error(`no answer and no chunk loaded for ${options.stallMs / 1000} s; see ${options.logFile}`);
      continue;
    }
    if (!polled.ok) throw new Error(`GET /v1/jobs answered ${polled.status}: ${await polled.text()}`);
    const next = (await polled.json()) as JobView;
    if (next.chunks.done !== job.chunks.done) progressAt = Date.now();
    if (Date.now() - progressAt > options.stallMs)
      throw new Error(`no chunk loaded for ${options.stallMs / 1000} s: ${JSON.stringify(next)}; see ${options.logFile}`);
    options.onPoll?.(next);
    job = next;
  }
  return job;
}

/** The job's rejects counted per field. */
export async function rejectsByField(db: pg.Client, jobId: string): Promise<Record<string, number>> {
  const result = await db.query<{ field: string; n: number }>('select field, count(*)::int as n from upload_reject where job_id = $1 group by field', [jobId]);
  return Object.fromEntries(result.rows.map((r) => [r.field, r.n]));
}
