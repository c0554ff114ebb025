/**
 * The load generator runs in a child process: the embedded PGlite runs in this one and blocks its
 * event loop while it executes queries, which would show up as client-side latency.
 */
import { fork } from 'node:child_process';
import type { DeliveryMix } from './deliveries';
import { root } from './stack';

export interface LoadSpec {
  url: string;
  concurrency: number;
  /** Stops starting requests after this long; otherwise after `count` requests. */
  durationMs?: number;
  count?: number;
  /** Deliveries `firstIndex`, `firstIndex + stride`, … (stride 1 unless given) of run `runId` are sent. */
  runId: string;
  firstIndex: number;
  stride?: number;
  /** Which deliveries (bench/lib/deliveries.ts): orders/create unless given. */
  mix?: DeliveryMix;
  secret: string;
  /** The response body every request must get; any status but 200 is a failure. */
  expectBody?: string;
}

export interface LoadResult {
  requests: number;
  failures: number;
  firstFailure?: string;
  /** Epoch milliseconds of the first request sent and the last response received. */
  startedAt: number;
  endedAt: number;
  latenciesMs: number[];
}

export const requestsPerSecond = (r: LoadResult) => (r.requests * 1000) / (r.endedAt - r.startedAt);

export interface HttpFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Figures of several runs against one target, as if they were one run. */
export function httpFigures(runs: readonly LoadResult[]): HttpFigures {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const milliseconds = runs.reduce((sum, r) => sum + r.endedAt - r.startedAt, 0);
  const sorted = runs.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { requests, perSecond: (requests * 1000) / milliseconds, p50Ms: percentile(0.5), p99Ms: percentile(0.99) };
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(new URL('./load-generator.ts', import.meta.url), { cwd: root, execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before reporting`)));
    child.send(spec);
  });
}
