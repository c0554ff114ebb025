/**
 * Wharf's Worker on the runtime of `wrangler dev` (workerd, local R2 and Queues), started through
 * wrangler's startWorker API instead of the CLI, so that its DevTools inspector can be left off.
 *
 * Under the `wrangler dev` CLI the inspector is always on, with the Network domain enabled: the
 * runtime reports every 4 KiB of a response body the Worker fetches, and wrangler's inspector
 * proxy forwards each report to its Node process as an HTTP request on a new loopback connection.
 * A resync streams bulk results of hundreds of MiB through `fetch`: 650 MiB make about 160,000
 * such requests, workerd ran out of file descriptors (20,000 here) and logged "Too many open
 * files" hundreds of thousands of times. Production has no inspector; this benchmark leaves it off.
 *
 * The host runs in a process group of its own (as startWrangler's `wrangler dev` does), which stop()
 * kills; workerd's local state goes to a temporary directory.
 */
import { fork } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, groupAlive, outDir, root } from './stack';

export interface QuietWorkerSpec {
  config: string;
  vars: Record<string, string>;
  /** Bindings of a JSON value (e.g. HYPERDRIVE as the Worker reads it: its connection string). */
  json: Record<string, unknown>;
  persistTo: string;
  port: number;
  logLevel: 'debug' | 'info' | 'log' | 'warn' | 'error' | 'none';
}

export interface QuietWorker {
  url: string;
  logFile: string;
  /** The host's process group: it and the workerd processes it starts. */
  pgrp: number;
  stop(): Promise<void>;
}

export async function startQuietWorker(
  name: string,
  vars: Record<string, string>,
  logLevel: QuietWorkerSpec['logLevel'] = 'info',
  json: Record<string, unknown> = {},
): Promise<QuietWorker> {
  const persistTo = mkdtempSync(join(tmpdir(), `wharf-bench-${name}-`));
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, `${name}.log`);
  const log = openSync(logFile, 'w');
  const child = fork(new URL('./worker-host.ts', import.meta.url), {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  closeSync(log);
  const pid = child.pid!;
  const stop = async () => {
    if (child.connected) child.send('stop');
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    const spec: QuietWorkerSpec = { config: join(root, 'wrangler.toml'), vars, json, persistTo, port: await freePort(), logLevel };
    const started = new Promise<{ url: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { url: string }));
      child.once('exit', (code) => reject(new Error(`the Worker host (${name}) exited with code ${code}; see ${logFile}`)));
    });
    child.send(spec);
    const { url } = await Promise.race([
      started,
      sleep(90_000).then(() => Promise.reject(new Error(`the Worker host (${name}) was not serving after 90 s; see ${logFile}`))),
    ]);
    return { url: url.replace(/\/$/, ''), logFile, pgrp: pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
