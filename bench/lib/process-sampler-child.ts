/**
 * Child process of startProcessSampler (process-sampler.ts): samples until told to stop, then
 * sends every sample back and exits. It ends with its parent.
 */
import pg from 'pg';
import { CpuCounter, type ProcessSample, rssOf, type SamplerOptions, workerdOf } from './process-sampler';

const normalize = (query: string) => query.replace(/\s+/g, ' ').replaceAll('"', '').trim().slice(0, 70);

process.once('disconnect', () => process.exit(0));

process.once('message', async (options: SamplerOptions) => {
  const db = options.databaseUrl ? new pg.Client({ connectionString: options.databaseUrl, application_name: options.applicationName }) : undefined;
  await db?.connect();
  const samples: ProcessSample[] = [];
  const cpu = { workerd: new CpuCounter(), bench: new CpuCounter(), postgres: new CpuCounter() };
  let members = workerdOf(options.pgrps);
  let listedAt = Date.now();
  let busy: Promise<void> = Promise.resolve();
  let pending = false;

  const sample = async () => {
    const at = Date.now();
    // New workerd processes (a restart) join within a second.
    if (at - listedAt >= 1000) [members, listedAt] = [workerdOf(options.pgrps), at];
    const backends = db
      ? (
          await db.query<{ pid: number; state: string | null; query: string }>(
            `select pid, state, query from pg_stat_activity
             where datname = current_database() and backend_type = 'client backend' and application_name <> $1`,
            [options.applicationName],
          )
        ).rows
      : [];
    const sizes = members.map(rssOf).filter((bytes) => bytes > 0);
    samples.push({
      at,
      workerdRss: sizes.reduce((sum, bytes) => sum + bytes, 0),
      workerdProcesses: sizes.length,
      cpu: { workerd: cpu.workerd.add(members), bench: cpu.bench.add([options.benchPid]), postgres: cpu.postgres.add(backends.map((b) => b.pid)) },
      backends: backends.filter((b) => b.state !== 'idle').map((b) => (b.state === 'active' ? `active: ${normalize(b.query)}` : (b.state ?? 'unknown'))),
    });
  };
  // A tick while the previous sample still waits on the database is skipped, not queued.
  const tick = () => {
    if (pending) return;
    pending = true;
    busy = sample()
      .catch((error: unknown) => console.error('process sampler:', error))
      .finally(() => (pending = false));
  };

  tick();
  await busy;
  const timer = setInterval(tick, options.intervalMs);
  process.send!('ready');
  process.once('message', async () => {
    clearInterval(timer);
    await busy;
    tick();
    await busy;
    await db?.end();
    process.send!(samples, () => process.exit(0));
  });
});
