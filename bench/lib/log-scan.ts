/**
 * Reading a `wrangler dev` log that may be too large to hold as one string (a flood of runtime
 * errors once made one 559 MB): queue batch timings as queue-log.ts reads them, and how often
 * each error line occurs, streamed line by line; and a watch for reloads that reads only new bytes.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ANSI, type QueueBatchStats } from './queue-log';

export interface LogSummary {
  queues: QueueBatchStats[];
  /** Lines with ERROR or `Error:`, by text (ids and numbers kept), most frequent first. */
  errors: [string, number][];
  bytes: number;
}

export async function scanLog(file: string, fromOffset = 0): Promise<LogSummary> {
  const queues = new Map<string, { messages: number; notAcked: number; ms: number[] }>();
  const errors = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(file, { start: fromOffset }), crlfDelay: Infinity });
  for await (const raw of lines) {
    const line = raw.replace(ANSI, '');
    const batch = /QUEUE (\S+) (\d+)\/(\d+) \((\d+)ms\)/.exec(line);
    if (batch) {
      const [, queue, acked, total, ms] = batch;
      const stats = queues.get(queue!) ?? { messages: 0, notAcked: 0, ms: [] };
      stats.messages += Number(total);
      stats.notAcked += Number(total) - Number(acked);
      stats.ms.push(Number(ms));
      queues.set(queue!, stats);
    } else if (/\bERROR\b|Error:/.test(line)) {
      const text = line.trim().slice(0, 240);
      errors.set(text, (errors.get(text) ?? 0) + 1);
    }
  }
  return {
    queues: [...queues].map(([queue, { messages, notAcked, ms }]) => {
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
    }),
    errors: [...errors].sort((a, b) => b[1] - a[1]),
    bytes: statSync(file).size,
  };
}

/** Whether `needle` has appeared in the log since the last call (reads only the bytes added since). */
export function logWatch(file: string, needle: string, fromOffset = 0): () => boolean {
  let offset = fromOffset;
  let carry = '';
  let seen = false;
  const buffer = Buffer.alloc(1 << 20);
  return () => {
    if (seen) return true;
    const fd = openSync(file, 'r');
    try {
      for (let read = readSync(fd, buffer, 0, buffer.length, offset); read > 0; offset += read, read = readSync(fd, buffer, 0, buffer.length, offset)) {
        const text = carry + buffer.toString('utf8', 0, read);
        if (text.includes(needle)) {
          seen = true;
          return true;
        }
        carry = text.slice(-needle.length);
      }
    } finally {
      closeSync(fd);
    }
    return false;
  };
}
