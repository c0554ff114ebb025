import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Everything that runs in the Worker: inside workerd, against a real database.
        plugins: [
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
          name: 'worker',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/node/**'],
          globalSetup: ['./tests/setup/global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // What cannot run in workerd (the OpenAPI validator compiles schemas to code).
        test: { name: 'node', environment: 'node', include: ['tests/node/**/*.test.ts'] },
      },
    ],
  },
});
