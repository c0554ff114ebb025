/**
 * Child process of startQuietWorker (quiet-worker.ts): runs Wharf's Worker with wrangler's
 * startWorker API (the runtime and local bindings of `wrangler dev`) with the DevTools inspector
 * off and no file watching, until told to stop.
 */
import { unstable_startWorker } from 'wrangler';
import type { QuietWorkerSpec } from './quiet-worker';

process.once('message', async (spec: QuietWorkerSpec) => {
  const worker = await unstable_startWorker({
    config: spec.config,
    bindings: {
      ...Object.fromEntries(Object.entries(spec.vars).map(([name, value]) => [name, { type: 'plain_text' as const, value }])),
      ...Object.fromEntries(Object.entries(spec.json).map(([name, value]) => [name, { type: 'json' as const, value }])),
    },
    // What the CLI derives from wrangler.toml (nodejs_compat, compatibility date 2026): the same bundle.
    build: { nodejsCompatMode: 'v2' },
    dev: {
      inspector: false,
      watch: false,
      liveReload: false,
      persist: spec.persistTo,
      logLevel: spec.logLevel,
      server: { hostname: '127.0.0.1', port: spec.port },
      // A benchmark can run a cron job when it needs to (`GET /__scheduled?cron=…`, as `wrangler dev --test-scheduled`).
      testScheduled: true,
    },
  });
  await worker.ready;
  process.send!({ url: (await worker.url).toString() });
  process.once('message', () => void worker.dispose().finally(() => process.exit(0)));
});
process.once('disconnect', () => process.exit(0));
