/**
 * The console in a real browser: Debian's Chromium driven by playwright-core against Wharf's
 * Worker (wrangler dev) and a fresh database, with deliveries sent as Shopify sends them. Signs in,
 * reads the overview's chart, opens a delivery, visits uploads and resyncs, runs the quality rules,
 * reads the alerts and replays dead letters,
 * with no console error and no Content-Security-Policy violation. Screenshots go to tests/out/console/.
 * Skipped only where no Chromium is installed (`.ci/run` installs it).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { neonConfig } from '@neondatabase/serverless';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startQuietWorker } from '../../bench/lib/quiet-worker';
import { root, throwawayDatabase, wharfVars } from '../../bench/lib/stack';
import { openLocalDatabase } from '../../scripts/lib/database';
import { sendWebhook } from '../../scripts/lib/send-webhook';
import { createApiKey } from '../../src/auth/api-keys';
import { connectWarehouse } from '../../src/warehouse/db';

const CHROMIUM = '/usr/bin/chromium';
const SHOP = 'console-browser.myshopify.com';
const SECRET = 'console-browser-webhook-secret-0123456789';
const OUT = join(root, 'tests/out/console');

const stops: (() => Promise<void>)[] = [];
let url = '';
let key = '';
let browser: Browser;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

beforeAll(async () => {
  const throwaway = process.env.DATABASE_URL ? await throwawayDatabase(process.env.DATABASE_URL) : undefined;
  if (throwaway) stops.push(throwaway.drop);
  const database = await openLocalDatabase({ databaseUrl: throwaway?.url });
  stops.push(database.stop);
  const worker = await startQuietWorker(
    'console-browser',
    wharfVars(database, { SHOPIFY_WEBHOOK_SECRET: SECRET, SHOPIFY_TOKEN_KEY: 'console-browser-token-key-0123456789' }),
    'warn',
  );
  stops.push(worker.stop);
  url = worker.url;

  neonConfig.webSocketConstructor = WebSocket;
  const warehouse = await connectWarehouse(database.warehouse);
  stops.push(warehouse.close);
  key = (await createApiKey(warehouse.db, { name: 'console', shopDomain: SHOP, scopes: ['admin'] })).key;

  const invalid = join(tmpdir(), `wharf-console-invalid-${process.pid}.json`);
  writeFileSync(invalid, '{"id": 1}');
  const hook = `${url}/webhooks/shopify`;
  for (const topic of ['orders/create', 'customers/create', 'products/create']) await sendWebhook({ topic, url: hook, shop: SHOP, secret: SECRET });
  await sendWebhook({ topic: 'orders/create', file: invalid, url: hook, shop: SHOP, secret: SECRET });
  await until(
    async () =>
      (await (await fetch(`${url}/v1/metrics/pipeline?hours=1`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
        deliveries: { loaded: number; quarantined: number };
      },
    (m) => m.deliveries.loaded >= 3 && m.deliveries.quarantined >= 1,
    'the deliveries to load',
  );

  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  stops.push(() => browser.close());
}, 180_000);

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
});

describe.skipIf(!existsSync(CHROMIUM))('the console in Chromium', () => {
  it('signs in, charts the deliveries, opens one, runs the quality rules, lists alerts and replays dead letters, with no error or CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${url}/console/overview`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.fill('input[name="key"]', key);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(/\/console\/overview/);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Overview: ${SHOP}`);
    // uPlot drew the deliveries-per-minute chart from the page's JSON.
    await page.waitForSelector('figure[data-chart] canvas');
    await expect(page.locator('text=orders/create').first().isVisible()).resolves.toBe(true);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'wharf_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console' });
    await page.screenshot({ path: join(OUT, 'overview.png'), fullPage: true });

    await page.click('header >> text=Deliveries');
    await page.waitForSelector('text=4 deliveries');
    await page.click('table a >> nth=0');
    await page.waitForSelector('text=Payload, as received');
    await page.screenshot({ path: join(OUT, 'delivery.png'), fullPage: true });

    await page.click('header >> text=Uploads');
    await page.waitForSelector('text=No upload job yet.');
    await page.click('header >> text=Resyncs');
    await page.waitForSelector('text=No resync yet.');

    await page.click('header >> text=Quality');
    await page.click('button:has-text("Run the rules now")');
    await page.waitForSelector('text=Latest run');
    await page.waitForSelector('figure[data-chart] canvas');
    await page.screenshot({ path: join(OUT, 'quality.png'), fullPage: true });

    await page.click('header >> text=Alerts');
    await page.waitForSelector('text=Rules');
    await page.screenshot({ path: join(OUT, 'alerts.png'), fullPage: true });

    await page.click('header >> text=Analytics');
    await page.waitForSelector('text=Monthly cohorts');
    await page.screenshot({ path: join(OUT, 'analytics.png'), fullPage: true });

    await page.click('header >> text=Dead letters');
    await page.waitForSelector('text=1 open');
    await page.click('button:has-text("Replay every one shown")');
    await page.waitForSelector('text=for replay');
    await page.screenshot({ path: join(OUT, 'dead-letters.png'), fullPage: true });

    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/console\/sign-in/);
    expect(errors).toEqual([]);
  }, 120_000);
});
