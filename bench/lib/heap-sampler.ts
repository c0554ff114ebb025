/**
 * The JavaScript heap of the Worker's isolate over time, read through the DevTools protocol that
 * `wrangler dev` serves on its inspector port (`Runtime.getHeapUsage`, every 100 ms). Under the
 * local runtime every invocation runs in that one isolate, so the heap in use while chunks load,
 * less the heap in use before the upload, bounds what a chunk invocation holds. "In use" counts
 * garbage not yet collected. With `liveEveryMs`, a heap snapshot is taken that often (its chunks
 * discarded): V8 collects garbage fully before a snapshot, so the reading that follows it is the
 * live heap. (workerd's inspector does not answer HeapProfiler.collectGarbage.) A snapshot pauses
 * the isolate for a moment, so runs that take them are not for timing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';

export interface HeapSample {
  at: number;
  /** V8 heap in use plus the backing stores of ArrayBuffers (file bytes read from R2 live there). */
  usedBytes: number;
  /** Read right after a heap snapshot's full collection: only what is still referenced. */
  live: boolean;
}

export interface HeapSampler {
  samples: HeapSample[];
  stop(): Promise<HeapSample[]>;
}

export async function startHeapSampler(inspectorPort: number, options: { intervalMs?: number; liveEveryMs?: number } = {}): Promise<HeapSampler> {
  const { intervalMs = 100, liveEveryMs } = options;
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets[0]) throw new Error(`no inspector target on port ${inspectorPort}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  type Usage = { usedSize: number; backingStorageSize?: number };
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Usage; error?: { message: string } };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.error ? new Error(`${message.error.message}`) : (message.result ?? {}));
    pending.delete(message.id);
  });
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const request = ++id;
      pending.set(request, (result) => (result instanceof Error ? reject(result) : resolve(result as T)));
      socket.send(JSON.stringify({ id: request, method, params }));
    });
  const timeout = <T>(promise: Promise<T>, fallback: T) => Promise.race([promise.catch(() => fallback), sleep(5_000).then(() => fallback)]);

  const samples: HeapSample[] = [];
  let running = true;
  let lastLive = 0;
  const loop = (async () => {
    while (running) {
      const live = liveEveryMs !== undefined && Date.now() - lastLive >= liveEveryMs;
      // The inspector answers in order, so the usage is read after the snapshot has been taken.
      if (live) void call('HeapProfiler.takeHeapSnapshot', { reportProgress: false }).catch(() => {});
      const { usedSize, backingStorageSize = 0 } = await timeout(call<Usage>('Runtime.getHeapUsage'), { usedSize: NaN });
      if (live) lastLive = Date.now();
      if (Number.isFinite(usedSize)) samples.push({ at: Date.now(), usedBytes: usedSize + backingStorageSize, live });
      await sleep(intervalMs);
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await loop;
      socket.close();
      return samples;
    },
  };
}

const inRange = (samples: readonly HeapSample[], from: number, to: number) => samples.filter((s) => s.at >= from && s.at <= to);

/** The largest heap among samples taken in [from, to] (epoch ms): in use, or with `live` the largest live reading. */
export const heapPeak = (samples: readonly HeapSample[], from: number, to: number, live = false) =>
  inRange(samples, from, to)
    .filter((s) => !live || s.live)
    .reduce((peak, s) => Math.max(peak, s.usedBytes), 0);
