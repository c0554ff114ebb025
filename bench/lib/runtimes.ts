/**
 * Several Wharf runtimes against one database, as production runs many consumer invocations
 * against one Postgres: each a quiet Worker (quiet-worker.ts) in a workerd process group of its
 * own, with its own local R2 and Queues, so that work spreads between them only through what the
 * database holds (claims, ranges) and what each runtime's own queues are sent.
 */
import { type QuietWorker, type QuietWorkerSpec, startQuietWorker } from './quiet-worker';

/** Starts `count` runtimes one after another (starting one takes a core for seconds); the first is named `name`, the others `name-2`, …. */
export async function startRuntimes(
  name: string,
  count: number,
  vars: Record<string, string>,
  logLevel: QuietWorkerSpec['logLevel'] = 'info',
): Promise<QuietWorker[]> {
  const started: QuietWorker[] = [];
  try {
    for (let i = 0; i < count; i++) started.push(await startQuietWorker(i === 0 ? name : `${name}-${i + 1}`, vars, logLevel));
    return started;
  } catch (error) {
    await Promise.all(started.map((worker) => worker.stop()));
    throw error;
  }
}

/** Runs the job of a cron schedule (wrangler.toml) in one runtime, as its trigger would, and waits for it to end. */
export async function runCron(worker: Pick<QuietWorker, 'url'>, cron: string): Promise<void> {
  const response = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent(cron)}`);
  if (!response.ok) throw new Error(`the ${cron} cron answered HTTP ${response.status} in ${worker.url}: ${await response.text()}`);
}
