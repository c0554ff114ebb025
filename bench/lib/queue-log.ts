/**
 * Per-batch timings of the local queue broker, read from the `QUEUE <queue> <acked>/<total> (<n>ms)`
 * lines wrangler dev logs for every consumer invocation. The broker runs one batch per queue at a
 * time, so these durations bound how fast each queue drains.
 */
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: wrangler colours its log with ANSI escapes, which start with ESC
export const ANSI = /\x1b\[[0-9;]*m/g;

export interface QueueBatchStats {
  queue: string;
  batches: number;
  messages: number;
  notAcked: number;
  meanMs: number;
  p50Ms: number;
  maxMs: number;
}

export function queueBatchStats(logFile: string, fromOffset: number): QueueBatchStats[] {
  const text = readFileSync(logFile).subarray(fromOffset).toString().replace(ANSI, '');
  const queues = new Map<string, { messages: number; notAcked: number; ms: number[] }>();
  for (const [, queue, acked, total, ms] of text.matchAll(/QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/g)) {
    const stats = queues.get(queue!) ?? { messages: 0, notAcked: 0, ms: [] };
    stats.messages += Number(total);
    stats.notAcked += Number(total) - Number(acked);
    stats.ms.push(Number(ms));
    queues.set(queue!, stats);
  }
  return [...queues].map(([queue, { messages, notAcked, ms }]) => {
    ms.sort((a, b) => a - b);
    return {
      queue,
      batches: ms.length,
      messages,
      notAcked,
      meanMs: ms.reduce((sum, m) => sum + m, 0) / ms.length,
      p50Ms: ms[Math.floor(ms.length / 2)]!,
      maxMs: ms[ms.length - 1]!,
    };
  });
}
