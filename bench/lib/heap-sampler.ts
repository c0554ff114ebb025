/**
 * The JavaScript heap of the Worker's isolate over time, read through the DevTools protocol that
 * `wrangler dev` serves on its inspector port (`Runtime.getHeapUsage`, every 100 ms). Under the
 * local runtime every invocation runs in that one isolate, so the heap in use while chunks load,
 * less the heap in use before the upload, is what a chunk invocation holds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';

export interface HeapSample {
  at: number;
  /** V8 heap in use plus the backing stores of ArrayBuffers (file bytes read from R2 live there). */
  usedBytes: number;
}

export interface HeapSampler {
  samples: HeapSample[];
  stop(): Promise<HeapSample[]>;
}

export async function startHeapSampler(inspectorPort: number, intervalMs = 100): Promise<HeapSampler> {
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
  const usage = () =>
    new Promise<Usage>((resolve) => {
      const request = ++id;
      pending.set(request, resolve);
      socket.send(JSON.stringify({ id: request, method: 'Runtime.getHeapUsage' }));
    });

  const samples: HeapSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize, backingStorageSize = 0 } = await Promise.race([usage(), sleep(5_000).then((): Usage => ({ usedSize: NaN }))]);
      if (Number.isFinite(usedSize)) samples.push({ at: Date.now(), usedBytes: usedSize + backingStorageSize });
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

/** The largest heap in use among samples taken in [from, to] (epoch ms). */
export const heapPeak = (samples: readonly HeapSample[], from: number, to: number) =>
  samples.filter((s) => s.at >= from && s.at <= to).reduce((peak, s) => Math.max(peak, s.usedBytes), 0);
