/**
 * The JavaScript heap of the Worker's isolate over time, read through the DevTools protocol that
 * `wrangler dev` serves on its inspector port (`Runtime.getHeapUsage`, every 100 ms). Under the
 * local runtime every invocation runs in that one isolate, so the heap in use while chunks load,
 * less the heap in use before the upload, is what a chunk invocation holds. "In use" counts
 * garbage not yet collected; every `liveEvery`-th reading is taken right after a forced full
 * collection (`HeapProfiler.collectGarbage`), which leaves only what is still referenced: the
 * figure an isolate's memory limit is about.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';

export interface HeapSample {
  at: number;
  /** V8 heap in use plus the backing stores of ArrayBuffers (file bytes read from R2 live there). */
  usedBytes: number;
  /** Whether a full collection ran just before: usedBytes is then the live heap. */
  live: boolean;
}

export interface HeapSampler {
  samples: HeapSample[];
  stop(): Promise<HeapSample[]>;
}

export async function startHeapSampler(inspectorPort: number, intervalMs = 100, liveEvery = 20): Promise<HeapSampler> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  if (!targets[0]) throw new Error(`no inspector target on port ${inspectorPort}`);
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  type Usage = { usedSize: number; backingStorageSize?: number };
  const pending = new Map<number, (result: Usage) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Usage };
    if (message.id !== undefined && message.result) pending.get(message.id)?.(message.result);
    if (message.id !== undefined) pending.delete(message.id);
  });
  const call = <T>(method: string) =>
    new Promise<T>((resolve) => {
      const request = ++id;
      pending.set(request, resolve as (result: Usage) => void);
      socket.send(JSON.stringify({ id: request, method }));
    });
  const timeout = <T>(promise: Promise<T>, fallback: T) => Promise.race([promise, sleep(5_000).then(() => fallback)]);

  const samples: HeapSample[] = [];
  let running = true;
  const loop = (async () => {
    for (let reading = 0; running; reading++) {
      const live = reading % liveEvery === 0;
      if (live) await timeout(call('HeapProfiler.collectGarbage'), {});
      const { usedSize, backingStorageSize = 0 } = await timeout(call<Usage>('Runtime.getHeapUsage'), { usedSize: NaN });
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

/** The largest heap in use among samples taken in [from, to] (epoch ms); with `live`, among the readings after a full collection only. */
export const heapPeak = (samples: readonly HeapSample[], from: number, to: number, live = false) =>
  samples.filter((s) => s.at >= from && s.at <= to && (!live || s.live)).reduce((peak, s) => Math.max(peak, s.usedBytes), 0);
