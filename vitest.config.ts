import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import type { Plugin } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Specs inside workerd, against a real database (tests/setup/global-setup.ts). With `hyperdrive`,
 * the Worker gets a HYPERDRIVE binding and so reaches the warehouse by node-postgres over TCP
 * instead of the Neon driver through the WebSocket bridge (src/warehouse/db.ts).
 */
const workerProject = (name: string, include: string[], { hyperdrive = false } = {}): TestProjectInlineConfiguration => ({
  plugins: [
    bundledText,
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // Outbound requests (the driver's WebSocket to the bridge) go straight to the network
        // instead of through Miniflare's CF-Connecting-IP stripping Worker, which reports each
        // refused connection (the warehouse-down tests) as an uncaught exception of its own.
        stripCfConnectingIp: false,
        bindings: {
          DATABASE_URL: inject('databaseUrl'),
          DATABASE_WS_PROXY: inject('wsProxy'),
          SHOPIFY_WEBHOOK_SECRET: 'test-webhook-secret',
          SHOPIFY_WEBHOOK_SECRET_PREVIOUS: 'test-webhook-secret-before-rotation',
          PII_HASH_KEY: 'test-pii-hash-key-0123456789abcdef',
          SHOPIFY_TOKEN_KEY: 'test-shopify-token-key-0123456789',
          // The app the specs connect shops to, registered in the simulator (tests/helpers/connect.ts):
          // its client secret is SHOPIFY_WEBHOOK_SECRET. The simulator serves every shop under its own URL.
          SHOPIFY_CLIENT_ID: 'wharf-test-app',
          WHARF_PUBLIC_URL: 'https://wharf.test',
          SHOPIFY_SHOP_URL_TEMPLATE: `${inject('shopifySimUrl')}/shops/{shop}`,
          // Poll the simulator every second: its bulk operations finish in milliseconds.
          RESYNC_POLL_SECONDS: '1',
          RESYNC_RETRY_SECONDS: '1',
          // Exports of a few parents a tick, so that test shops' exports run in several slices.
          RESYNC_EXPORT_SLICE_PARENTS: '2',
          WEBHOOK_MAX_BYTES: '65536',
          // Small chunks, so that small test files still split into many.
          UPLOAD_CHUNK_BYTES: '2048',
          ALERT_EMAIL_FROM: 'alerts@wharf.test',
          EXPORT_SIGNING_KEY: 'test-export-signing-key-0123456789abcdef',
          // Row groups of three rows, two to a file, so that a test shop's tables span several files.
          EXPORT_ROW_GROUP_ROWS: '3',
          EXPORT_FILE_ROW_GROUPS: '2',
          // Small limits, so that a test image of a few hundred kilobytes or a million pixels exceeds them.
          THUMBNAIL_MAX_BYTES: '262144',
          THUMBNAIL_MAX_PIXELS: '1000000',
          THUMBNAIL_FETCH_TIMEOUT_SECONDS: '1',
          // What the Worker reads of a Hyperdrive binding: its connection string, here the test database's
          // own, so that node-postgres opens TCP sockets straight to it as with a local connection string.
          // Not Miniflare's `hyperdrives` option: its local proxy has no error listener on its sockets, and
          // one reset connection ends the whole run (cloudflare/workers-sdk#15768).
          ...(hyperdrive ? { HYPERDRIVE: { connectionString: inject('databaseUrl') } } : {}),
        },
        // Email channels through the local send_email binding, which writes each message it is
        // given to a file instead of sending it (tests/setup/alert-receiver.ts reads them back).
        email: { send_email: [{ name: 'ALERT_EMAIL' }] },
        // A smaller budget than production's, so that spending it takes a test a moment.
        ratelimits: { API_RATE_LIMITER: { simple: { limit: 40, period: 60 } } },
      },
    })),
  ],
  test: {
    name,
    include,
    exclude: ['tests/node/**'],
    globalSetup: ['./tests/setup/global-setup.ts'],
    testTimeout: 20_000,
    // Dependencies are bundled ahead, as wrangler bundles them for a deployment, leaving the runtime's
    // own modules out: each test file loads the Worker's modules one by one through the pool, and a
    // bundled package is one module instead of hundreds. node-postgres needs it anyway: it is CommonJS
    // that requires pg-protocol, whose ES module entry the pool's unbundled loader picks and cannot
    // require (brianc/node-postgres#3700, cloudflare/workers-sdk#12984).
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: [
            'pg',
            'zod',
            'drizzle-orm',
            'drizzle-orm/pg-core',
            'drizzle-orm/neon-serverless',
            'drizzle-orm/node-postgres',
            'chanfana',
            'hono',
            'hono/html',
            'hono/cookie',
            'hono/factory',
            'hono/utils/html',
            'hyparquet-writer',
            'csv-parse/sync',
            '@neondatabase/serverless',
          ],
          rolldownOptions: { external: [...builtinModules, /^node:/, /^cloudflare:/] },
        },
      },
    },
  },
});

/**
 * The console's chart library as the text wrangler's Text rule gives the Worker (wrangler.toml). With
 * dependencies bundled ahead, Vite versions the file's import (`?v=…`) and the pool's own module
 * rules skip a versioned import: this gives the same module before either.
 */
const bundledText: Plugin = {
  name: 'bundled-text',
  enforce: 'pre',
  load(id) {
    const path = id.replace(/\?.*$/, '');
    if (!/\/uplot\/dist\/uPlot\.(iife\.min\.js|min\.css)$/.test(path)) return null;
    return `export default ${JSON.stringify(readFileSync(path, 'utf8'))};`;
  },
};

/** A `.wasm` import as a compiled WebAssembly.Module, as wrangler's CompiledWasm rule gives it to the Worker. */
const compiledWasm: Plugin = {
  name: 'compiled-wasm',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('.wasm')) return null;
    return `import { readFileSync } from 'node:fs';\nexport default new WebAssembly.Module(readFileSync(${JSON.stringify(id)}));`;
  },
};

export default defineConfig({
  test: {
    projects: [
      // Everything that runs in the Worker, through the Neon driver.
      workerProject('worker', ['tests/**/*.test.ts']),
      // The database-heavy specs again through Hyperdrive's path: webhooks loaded, deliveries validated
      // and transformed (with the warehouse down too), an upload, the warehouse's own specs.
      workerProject(
        'worker-hyperdrive',
        [
          'tests/warehouse/*.test.ts',
          'tests/http/webhooks.happy.test.ts',
          'tests/queues/validate.test.ts',
          'tests/queues/transform.test.ts',
          'tests/reliability/outage.test.ts',
          'tests/uploads/shopify-jsonl-upload.test.ts',
        ],
        { hyperdrive: true },
      ),
      // What cannot run in workerd (the OpenAPI validator compiles schemas to code). The image codecs'
      // WebAssembly loads as the compiled module it is in the Worker.
      {
        plugins: [compiledWasm],
        test: { name: 'node', environment: 'node', include: ['tests/node/**/*.test.ts'], server: { deps: { inline: [/\.wasm$/] } } },
      },
    ],
  },
});
