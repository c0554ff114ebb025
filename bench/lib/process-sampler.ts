/**
 * What the processes of a run do over time, read from /proc (Linux only) by a child process every
 * 200 ms, so that samples keep coming while the embedded PGlite blocks this process's event loop:
 *
 * - resident memory (VmRSS) of the workerd processes of a `wrangler dev` (its process group, found
 *   from the port it serves on: startWrangler runs it in a group of its own);
 * - CPU time of those workerd processes, of this benchmark process (which holds the simulator, the
 *   WebSocket bridge to Postgres and, when embedded, PGlite), and of the PostgreSQL backends
 *   connected to the run's database (pids from pg_stat_activity; their state and the start of
 *   their query are kept too, as a sampling profile of the database).
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { root } from './stack';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

export interface ProcessSample {
  /** Epoch milliseconds. */
  at: number;
  /** Σ VmRSS of the group's workerd processes, bytes. */
  workerdRss: number;
  workerdProcesses: number;
  /** Cumulative CPU seconds since sampling began. */
  cpu: { workerd: number; bench: number; postgres: number };
  /** Backends of the run's database: `active: <query start>` or their state (`idle in transaction`, ...). */
  backends: string[];
}

export interface SamplerOptions {
  pgrps: readonly number[];
  benchPid: number;
  /** PostgreSQL only: the run's database; connections named `applicationName` are not sampled. */
  databaseUrl?: string;
  applicationName: string;
  intervalMs: number;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between the listing and the read
  }
};

interface Stat {
  pid: number;
  comm: string;
  pgrp: number;
  /** utime + stime, in ticks. */
  ticks: number;
}

function statOf(pid: number): Stat | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // "pid (comm) state ppid pgrp ... utime(14) stime(15)": comm may hold spaces, so split after the last ')'.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { pid, comm: stat.slice(stat.indexOf('(') + 1, close), pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function allProcesses(): Stat[] {
  return readdirSync('/proc').flatMap((entry) => (/^\d+$/.test(entry) ? (statOf(Number(entry)) ?? []) : []));
}

/** The process group of the `wrangler dev` started with `--port <port>`. */
export function wranglerGroup(port: number): number {
  for (const { pid, pgrp } of allProcesses()) {
    const args = read(`/proc/${pid}/cmdline`)?.split('\0') ?? [];
    const at = args.indexOf('--port');
    if (at >= 0 && args[at + 1] === String(port) && args.includes('dev')) return pgrp;
  }
  throw new Error(`no wrangler dev process with --port ${port}`);
}

export const workerdOf = (pgrps: readonly number[]) =>
  allProcesses()
    .filter((p) => pgrps.includes(p.pgrp) && p.comm === 'workerd')
    .map((p) => p.pid);

export const rssOf = (pid: number) => {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) * 1024 : 0;
};

/**
 * CPU time of a changing set of processes: a process already running when counting began counts
 * from then; one that appears later counts from its start (a backend is seen within 200 ms of its
 * start). What a process spends after the last sample before it exits is not counted.
 */
export class CpuCounter {
  private readonly last = new Map<number, number>();
  private seconds = 0;
  private first = true;

  add(pids: readonly number[]): number {
    for (const pid of pids) {
      const ticks = statOf(pid)?.ticks;
      if (ticks === undefined) continue;
      const previous = this.last.get(pid) ?? (this.first ? ticks : 0);
      this.seconds += (ticks - previous) / TICKS;
      this.last.set(pid, ticks);
    }
    this.first = false;
    return this.seconds;
  }
}

export interface ProcessSampler {
  /** Stops sampling and returns every sample. */
  stop(): Promise<ProcessSample[]>;
  /** Ends the child without its samples (cleanup on failure). */
  kill(): void;
}

export async function startProcessSampler(options: Omit<SamplerOptions, 'intervalMs'> & { intervalMs?: number }): Promise<ProcessSampler> {
  const child = fork(new URL('./process-sampler-child.ts', import.meta.url), { cwd: root, execArgv: ['--import', 'tsx'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the process sampler exited with code ${code}`))));
  exited.catch(() => {});
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  child.send({ intervalMs: 200, ...options } satisfies SamplerOptions);
  await Promise.race([ready, exited]);
  return {
    stop: () => {
      const samples = new Promise<ProcessSample[]>((resolve) => child.once('message', (message) => resolve(message as ProcessSample[])));
      child.send('stop');
      return Promise.race([samples, exited]);
    },
    kill: () => void (child.exitCode === null && child.kill()),
  };
}

/** The sample with the most workerd memory between two instants (epoch ms). */
export function rssPeak(samples: readonly ProcessSample[], from = -Infinity, to = Infinity): ProcessSample | undefined {
  let best: ProcessSample | undefined;
  for (const s of samples) if (s.at >= from && s.at <= to && (!best || s.workerdRss > best.workerdRss)) best = s;
  return best;
}

/** CPU seconds each kind of process used between two instants (the samples nearest inside them). */
export function cpuBetween(samples: readonly ProcessSample[], from: number, to: number): ProcessSample['cpu'] | undefined {
  const inside = samples.filter((s) => s.at >= from && s.at <= to);
  const [a, b] = [inside[0], inside.at(-1)];
  if (!a || !b || a === b) return undefined;
  return { workerd: b.cpu.workerd - a.cpu.workerd, bench: b.cpu.bench - a.cpu.bench, postgres: b.cpu.postgres - a.cpu.postgres };
}

/** What the run's backends were seen doing between two instants: seconds per state or query (samples × interval). */
export function backendProfile(samples: readonly ProcessSample[], from: number, to: number, intervalMs = 200): [string, number][] {
  const seen = new Map<string, number>();
  for (const s of samples) if (s.at >= from && s.at <= to) for (const b of s.backends) seen.set(b, (seen.get(b) ?? 0) + intervalMs / 1000);
  return [...seen].sort((x, y) => y[1] - x[1]);
}
