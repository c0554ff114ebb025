/** Local processes and databases of a benchmark run, each with a stop that is safe to call on failure. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LocalDatabase, openLocalDatabase } from '../../scripts/lib/database';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const outDir = join(root, 'bench/out');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Wrangler {
  url: string;
  logFile: string;
  /**
   * Whether wrangler dev reloaded the Worker because a source file or node_modules changed. Its
   * local queues live in memory: a reload loses the messages they held.
   */
  reloaded(): boolean;
  stop(): Promise<void>;
  /** SIGKILL to the whole process group, as a crash would: nothing is flushed, the local state is kept. */
  kill(): Promise<void>;
}

export const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `wrangler dev` in a process group of its own, so that stopping it also stops the workerd
 * processes it starts. Local state (R2, queues) goes to a temporary directory, not .wrangler/state,
 * so that a run neither sees nor disturbs the data of `npm start`; or to `persistTo`, kept when it
 * stops, for a Worker started again over the same state.
 */
export async function startWrangler(name: string, args: readonly string[], options: { persistTo?: string } = {}): Promise<Wrangler> {
  const port = await freePort();
  const persistTo = options.persistTo ?? mkdtempSync(join(tmpdir(), `wharf-bench-${name}-`));
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, `${name}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(
    'npx',
    ['wrangler', 'dev', ...args, '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--persist-to', persistTo],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', log, log],
      // Loopback only: no usage metrics, and no download of the Request.cf object (a placeholder serves).
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    },
  );
  closeSync(log);
  const pid = child.pid!;
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));

  const stop = async () => {
    if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    if (!options.persistTo) rmSync(persistTo, { recursive: true, force: true });
  };
  const kill = async () => {
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Any HTTP answer means the Worker is built and served.
    const ready = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (ready) return { url, logFile, stop, kill, reloaded: () => readFileSync(logFile, 'utf8').includes('Reloading local server') };
    if (exitCode !== undefined || Date.now() > deadline) {
      await stop();
      const why = exitCode !== undefined ? `exited with code ${exitCode}` : 'was not serving after 60 s';
      throw new Error(`wrangler dev (${name}) ${why}; see ${logFile}`);
    }
    await sleep(200);
  }
}

/** A fresh database on the server of `adminUrl`, dropped by `drop`. */
export async function throwawayDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wharf_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database ${name} with (force)`) };
}

export const logSize = (file: string) => statSync(file).size;

/**
 * Everything Wharf's Worker needs to run against `database`, with fresh secrets, plus `extra`:
 * a run never depends on a developer's `.dev.vars`.
 */
export function wharfVars(database: LocalDatabase, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: database.databaseUrl,
    DATABASE_WS_PROXY: database.wsProxy,
    SHOPIFY_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
    PII_HASH_KEY: randomBytes(32).toString('hex'),
    ...extra,
  };
}

/** `vars` as `wrangler dev` arguments. */
export const varArgs = (vars: Record<string, string>) => Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]);

export interface BenchDatabase {
  /** What the Worker gets: the database and the WebSocket bridge to it. */
  local: LocalDatabase;
  /** The benchmark's own connection (node-postgres). */
  db: pg.Client;
  /** The throwaway database's server (DATABASE_URL), or undefined for the embedded PGlite. */
  adminUrl: string | undefined;
  serverVersion: string;
}

/**
 * The run's database: a throwaway one on the server of DATABASE_URL, else the embedded PGlite,
 * migrated, with a client of the benchmark's own; every part is stopped by `stops`.
 */
export async function benchDatabase(stops: (() => Promise<void>)[], applicationName = 'wharf-bench'): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL || undefined;
  const throwaway = adminUrl ? await throwawayDatabase(adminUrl) : undefined;
  if (throwaway) stops.push(throwaway.drop);
  const local = await openLocalDatabase({ databaseUrl: throwaway?.url });
  stops.push(local.stop);
  const db = new pg.Client({ connectionString: local.databaseUrl, application_name: applicationName });
  await db.connect();
  stops.push(() => db.end());
  const serverVersion = (await db.query<{ version: string }>(`select current_setting('server_version') as version`)).rows[0]!.version;
  return { local, db, adminUrl, serverVersion };
}
