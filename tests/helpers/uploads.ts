/** Uploading files through the partner API and following their jobs. */
import { api, apiJson } from './api';
import { eventually } from './warehouse';

export interface JobView {
  id: string;
  status: string;
  error: string | null;
  rows: { seen: number; loaded: number; rejected: number; duplicates: number; balanced: boolean };
  chunks: { total: number | null; done: number };
}

export async function upload(key: string, body: string, source = 'retail-csv') {
  return apiJson<JobView>(`/v1/uploads?source=${source}`, key, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
}

export async function finishedJob(key: string, jobId: string): Promise<JobView> {
  return eventually(
    async () => (await apiJson<JobView>(`/v1/jobs/${jobId}`, key)).body,
    (job) => job.status === 'done' || job.status === 'failed',
    20_000,
  );
}

export async function rejectsOf(key: string, jobId: string) {
  return (await apiJson<{ data: { row: number; field: string; value: string | null; reason: string }[] }>(`/v1/jobs/${jobId}/rejects?limit=1000`, key)).body.data;
}

export { api };
