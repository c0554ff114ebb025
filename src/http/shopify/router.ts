/**
 * The install link and Shopify's redirect back (src/connect/install.ts), served to a merchant's
 * browser: every answer is a short page that says what happened or what to do, never a stack trace.
 */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { ConfigError, connectionConfig } from '../../config';
import { beginInstall, CALLBACK_PATH, completeInstall, STATE_COOKIE, startConnectedShop } from '../../connect/install';
import { log } from '../../lib/log';
import { resyncQueue } from '../../pipeline/producers';
import { warehousePerRequest } from '../api/middleware';
import type { AppEnv } from '../app-env';

const local = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

function page(title: string, message: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Wharf · ${title}</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1f2328; }
          h1 { font-size: 1.4rem; }
          code { background: #f3f4f6; padding: 0 0.25rem; }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${message}
      </body>
    </html>`;
}

const refusedPage = (reason: string) => page('The store could not be connected', html`<p>${reason}.</p>`);

/** Pages carry no scripts and load nothing; they may not be framed. */
const PAGE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'cache-control': 'no-store' };

export const shopifyApp = new Hono<AppEnv>();

shopifyApp.onError((error, c) => {
  const misconfigured = error instanceof ConfigError;
  log.error(misconfigured ? 'configuration error' : 'shopify install failed', { error });
  const reason = misconfigured
    ? 'Wharf is not configured to connect stores yet (its operator must set SHOPIFY_CLIENT_ID and WHARF_PUBLIC_URL)'
    : 'something went wrong on Wharf’s side; open the install link again';
  return c.html(refusedPage(reason), misconfigured ? 503 : 500, PAGE_HEADERS);
});

/**
 * One budget per client address for the install link, which stores a state per request (the limit
 * and period of API_RATE_LIMITER, wrangler.toml): a flood of links from one address stops here.
 */
shopifyApp.use('/install', async (c, next) => {
  const { success } = await c.env.API_RATE_LIMITER.limit({ key: `install:${c.req.header('cf-connecting-ip') ?? 'unknown'}` });
  if (!success) {
    return c.html(refusedPage('too many install requests from this address: wait a minute and open the link again'), 429, {
      ...PAGE_HEADERS,
      'retry-after': '60',
    });
  }
  await next();
});

shopifyApp.use('*', warehousePerRequest);

shopifyApp.get('/install', async (c) => {
  const config = connectionConfig(c.env);
  const begun = await beginInstall(c.get('db'), config, new URL(c.req.url).searchParams, Date.now());
  if (!begun.ok) return c.html(refusedPage(begun.reason), begun.status as 400, PAGE_HEADERS);
  // Lax, not Strict: the callback is a top-level navigation from Shopify's site back to Wharf.
  setCookie(c, STATE_COOKIE, begun.nonce, { path: CALLBACK_PATH, httpOnly: true, sameSite: 'Lax', secure: !local(c.req.url), maxAge: 600 });
  return c.redirect(begun.location, 302);
});

shopifyApp.get('/callback', async (c) => {
  const config = connectionConfig(c.env);
  const db = c.get('db');
  const connected = await completeInstall(db, config, new URL(c.req.url).searchParams, getCookie(c, STATE_COOKIE), Date.now());
  setCookie(c, STATE_COOKIE, '', { path: CALLBACK_PATH, maxAge: 0 });
  if (!connected.ok) {
    log.warn('shopify install refused', { status: connected.status, reason: connected.reason });
    return c.html(refusedPage(connected.reason), connected.status as 400, PAGE_HEADERS);
  }
  const resyncId = await startConnectedShop(db, resyncQueue(c.env), connected.shopId);
  log.info('shop connected', { shop: connected.shop, resyncId });
  const missing = connected.missingScopes.length
    ? html`<p><strong>Some access was not granted</strong> (${connected.missingScopes.join(', ')}): the data it covers will be missing until the store is connected again with it.</p>`
    : '';
  return c.html(
    page(
      `${connected.shop} is connected`,
      html`<p>Wharf now receives the store’s webhooks and has started its first full resync (<code>${resyncId}</code>).</p>
        ${missing}
        <p>You can close this page.</p>`,
    ),
    200,
    PAGE_HEADERS,
  );
});
