/**
 * The operator console at /console: HTML pages served by the Worker under a strict
 * Content-Security-Policy (scripts, styles and data from the Worker only; no inline script). Sign
 * in with an admin API key, exchanged for a session cookie (HttpOnly, SameSite=Strict, Secure
 * outside localhost), or, behind Cloudflare Access, with the Access token each request carries;
 * every action is a POST that must carry the CSRF token and come from the console's own origin.
 */
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { ACCESS_TOKEN_HEADER } from '../../auth/access-token';
import { type Principal, randomText } from '../../auth/api-keys';
import { accessCaller, SESSION_SECONDS, sessionCaller, signIn, signOut } from '../../auth/console-sessions';
import { type ConsoleAccessConfig, consoleAccessConfig, warehouseConfig } from '../../config';
import { csvStream } from '../../files/csv';
import { log } from '../../lib/log';
import { sha256Hex } from '../../lib/sha256';
import { ingestQueue } from '../../pipeline/producers';
import { replayDeliveries, replayFailures } from '../../pipeline/replay';
import { runQuality } from '../../quality/run';
import { connectWarehouse } from '../../warehouse/db';
import { FAILURE_CLASSES, type FailureFilter, failuresToReplay, resolveFailures, STAGES } from '../../warehouse/dead-letters';
import { type DeliverySearch, searchDeliveries } from '../../warehouse/ledger';
import { rejectPages } from '../../warehouse/reads/jobs';
import { warehousePerRequest } from '../api/middleware';
import type { AppEnv } from '../app-env';
import { CONSOLE_ASSETS } from './assets';
import { type Html, layout, PAGES, REFRESH_SECONDS } from './layout';
import { alertsPage, analyticsPage, deadLettersPage, overviewPage, qualityPage } from './pages';
import { deliveriesPage, deliveryPage, resyncsPage, uploadPage, uploadsPage } from './pipeline-pages';

type ConsoleEnv = AppEnv & { Variables: { caller: Principal; csrf: string; shops: string[] } };

const COOKIE = 'wharf_console';
const CSRF_COOKIE = 'wharf_console_csrf';
const CSRF_SHAPE = /^[A-Za-z0-9_-]{32}$/;
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const MAX_REPLAY = 1000;
const RAW_STATUSES = ['validated', 'quarantined', 'unmodelled', 'loaded'] as const;
const ID = /^\d{1,19}$/;
/** A day or an instant, as a search field takes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

const local = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

export const consoleApp = new Hono<ConsoleEnv>();

consoleApp.use('*', async (c, next) => {
  await next();
  c.header('content-security-policy', CSP);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-frame-options', 'DENY');
  if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
});

consoleApp.get('/assets/:name', (c) => {
  const asset = CONSOLE_ASSETS[c.req.param('name')];
  if (!asset) return c.text('not found', 404);
  return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
});

consoleApp.use('*', warehousePerRequest);

const signInPage = (reason?: string) =>
  layout(
    { page: 'sign-in', title: 'Sign in' },
    html`<section>
      ${reason ? html`<p class="error" role="alert">${reason}</p>` : ''}
      <form method="post" action="/console/sign-in">
        <label>Admin API key <input type="password" name="key" autocomplete="off" size="70" required /></label>
        <button>Sign in</button>
      </form>
      <p class="muted">Create one with <code>npx wharf keys create --shop DOMAIN --scopes admin</code>. The key is exchanged for a session of eight hours and is not kept in the browser.</p>
    </section>`,
  );

const accessSignInPage = (reason: string) =>
  layout(
    { page: 'sign-in', title: 'Sign in' },
    html`<section>
      <p class="error" role="alert">Not signed in: ${reason}.</p>
      <p>This console signs in through Cloudflare Access, not with an API key: open it at the address Access protects. Signed in to Access as someone else? <a href="/cdn-cgi/access/logout">Sign out of Access</a> and in again.</p>
    </section>`,
  );

/**
 * A form from another site (a page elsewhere posting into the console) is refused, whatever it
 * carries: by the browser's own Sec-Fetch-Site where it sends one (every current browser does),
 * else by the Origin header against the request's own.
 */
function sameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  const origin = request.headers.get('origin');
  return origin === null || origin === new URL(request.url).origin;
}

consoleApp.get('/sign-in', (c) => (consoleAccessConfig(c.env) ? c.redirect('/console/overview', 302) : c.html(signInPage())));

consoleApp.post('/sign-in', async (c) => {
  if (consoleAccessConfig(c.env)) return c.html(accessSignInPage('the console takes no API key while it is behind Cloudflare Access'), 403);
  if (!sameOrigin(c.req.raw)) return c.html(signInPage('That form came from another site.'), 403);
  const form = await c.req.parseBody();
  const result = await signIn(c.get('db'), typeof form.key === 'string' ? form.key : '');
  if (!result.ok) return c.html(signInPage(`Not signed in: ${result.reason}.`), 401);
  setCookie(c, COOKIE, result.token, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: !local(c.req.url), maxAge: SESSION_SECONDS });
  return c.redirect('/console/overview', 303);
});

consoleApp.get('/', (c) => c.redirect('/console/overview', 302));

/**
 * Behind Access, Wharf keeps no session of its own, so the CSRF token lives in a cookie of its own
 * (HttpOnly, SameSite=Strict), set with the first page: an action must carry the value this
 * browser holds, which another site can neither read nor make the browser send.
 */
function accessCsrfToken(c: Context<ConsoleEnv>): string {
  const held = getCookie(c, CSRF_COOKIE);
  if (held && CSRF_SHAPE.test(held)) return held;
  const token = randomText(24, 'base64url');
  setCookie(c, CSRF_COOKIE, token, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: !local(c.req.url) });
  return token;
}

/** Who is calling, with the CSRF token their actions must carry: by Access when it is configured, else by an admin key's session. */
async function consoleCaller(c: Context<ConsoleEnv>, access: ConsoleAccessConfig | undefined) {
  const requestedShop = c.req.query('shop') || undefined;
  if (access) {
    const caller = await accessCaller(c.get('db'), access, c.req.header(ACCESS_TOKEN_HEADER), requestedShop);
    return caller.ok ? { ...caller, csrfToken: accessCsrfToken(c) } : caller;
  }
  const token = getCookie(c, COOKIE);
  return token ? sessionCaller(c.get('db'), token, requestedShop) : undefined;
}

/** Every other page and action needs a caller; actions also their CSRF token. */
consoleApp.use('*', async (c, next) => {
  const access = consoleAccessConfig(c.env);
  const caller = await consoleCaller(c, access);
  if (!caller?.ok) {
    if (caller?.status === 403) return c.html(layout({ page: 'sign-in', title: 'Not allowed' }, html`<p class="error">${caller.reason}</p>`), 403);
    if (access && caller) {
      if (caller.status === 401) log.warn('console access refused', { reason: caller.reason });
      return c.html(accessSignInPage(caller.reason), caller.status);
    }
    return c.req.method === 'GET' ? c.redirect('/console/sign-in', 302) : c.html(signInPage('Your session ended: sign in again.'), 401);
  }
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    const presented = typeof form.csrf === 'string' ? form.csrf : '';
    if (!sameOrigin(c.req.raw) || (await sha256Hex(presented)) !== (await sha256Hex(caller.csrfToken))) {
      return c.html(
        layout({ page: 'sign-in', title: 'Refused' }, html`<p class="error">This action did not come from a console page of this session.</p>`),
        403,
      );
    }
  }
  c.set('caller', caller.principal);
  c.set('csrf', caller.csrfToken);
  c.set('shops', caller.shops);
  await next();
});

function render(c: { get: <K extends keyof ConsoleEnv['Variables']>(key: K) => ConsoleEnv['Variables'][K] }, page: (typeof PAGES)[number][0], body: Html) {
  const caller = c.get('caller');
  const title = PAGES.find(([name]) => name === page)![1];
  return layout(
    {
      page,
      title: `${title}: ${caller.shopDomain}`,
      shop: caller.shopDomain,
      shops: c.get('shops'),
      csrf: c.get('csrf'),
      refreshSeconds: REFRESH_SECONDS[page],
    },
    body,
  );
}

const shopOf = (caller: Principal) => ({ shopId: caller.shopId });

consoleApp.get('/overview', async (c) => c.html(render(c, 'overview', await overviewPage(c.get('db'), shopOf(c.get('caller'))))));
consoleApp.get('/alerts', async (c) => c.html(render(c, 'alerts', await alertsPage(c.get('db'), shopOf(c.get('caller'))))));
consoleApp.get('/quality', async (c) =>
  c.html(render(c, 'quality', await qualityPage(c.get('db'), shopOf(c.get('caller')), c.get('caller').shopDomain, c.get('csrf')))),
);

consoleApp.post('/quality/run', async (c) => {
  await runQuality(c.get('db'), shopOf(c.get('caller')), 'console');
  return c.redirect(`/console/quality?shop=${encodeURIComponent(c.get('caller').shopDomain)}`, 303);
});

/** The dead-letter filter of a query or form: values that are not a stage or class are left out. */
function failureFilter(values: Record<string, unknown>): FailureFilter {
  const text = (name: string) => (typeof values[name] === 'string' && values[name] ? (values[name] as string) : undefined);
  const stage = STAGES.find((s) => s === text('stage'));
  const errorClass = FAILURE_CLASSES.find((k) => k === text('class'));
  const instant = (name: string) => (text(name) && INSTANT.test(text(name)!) ? text(name) : undefined);
  return { stage, errorClass, topic: text('topic')?.slice(0, 200), from: instant('from'), to: instant('to'), state: 'open' };
}

consoleApp.get('/dead-letters', async (c) => {
  const caller = c.get('caller');
  return c.html(render(c, 'dead-letters', await deadLettersPage(c.get('db'), caller.shopDomain, failureFilter(c.req.query()), c.get('csrf'))));
});

consoleApp.post('/dead-letters/resolve', async (c) => {
  const caller = c.get('caller');
  const filter = { ...failureFilter(await c.req.parseBody()), shopDomain: caller.shopDomain };
  const letters = (await failuresToReplay(c.get('db'), filter, { max: MAX_REPLAY })).slice(0, MAX_REPLAY);
  await resolveFailures(
    c.get('db'),
    letters.map((l) => l.id),
  );
  const notice = `Resolved ${letters.length} without replaying them.`;
  return c.html(render(c, 'dead-letters', await deadLettersPage(c.get('db'), caller.shopDomain, filter, c.get('csrf'), notice)));
});

consoleApp.post('/dead-letters/replay', async (c) => {
  const caller = c.get('caller');
  const filter = { ...failureFilter(await c.req.parseBody()), shopDomain: caller.shopDomain };
  const letters = (await failuresToReplay(c.get('db'), filter, { max: MAX_REPLAY })).slice(0, MAX_REPLAY);
  const { queued, skipped } = await replayFailures(c.get('db'), c.env, letters);
  const notice = `Queued ${queued.length} for replay${skipped.length ? `; ${skipped.length} had nothing to replay` : ''}. Each is resolved once its replay is handled.`;
  return c.html(render(c, 'dead-letters', await deadLettersPage(c.get('db'), caller.shopDomain, filter, c.get('csrf'), notice)));
});

/** The delivery search of a query: each value kept only when it has the shape of what it names. */
function deliverySearch(query: Record<string, string>): DeliverySearch {
  const matching = (name: string, shape: RegExp) => (query[name] && shape.test(query[name]) ? query[name] : undefined);
  return {
    topic: query.topic?.slice(0, 200) || undefined,
    webhookId: query.webhook?.slice(0, 200) || undefined,
    orderId: matching('order', ID),
    customerId: matching('customer', ID),
    status: RAW_STATUSES.find((s) => s === query.status),
    receivedFrom: matching('from', INSTANT),
    receivedTo: matching('to', INSTANT),
  };
}

consoleApp.get('/deliveries', async (c) => {
  const caller = c.get('caller');
  return c.html(render(c, 'deliveries', await deliveriesPage(c.get('db'), caller.shopDomain, deliverySearch(c.req.query()))));
});

consoleApp.get('/deliveries/:webhookId', async (c) => {
  const caller = c.get('caller');
  const page = await deliveryPage(c.get('db'), c.env.RAW_BUCKET, shopOf(caller), caller.shopDomain, c.req.param('webhookId'), c.get('csrf'));
  if (!page) return c.html(render(c, 'deliveries', html`<p class="error">No delivery ${c.req.param('webhookId')} in this shop.</p>`), 404);
  return c.html(render(c, 'deliveries', page));
});

consoleApp.post('/deliveries/:webhookId/replay', async (c) => {
  const caller = c.get('caller');
  const [delivery] = await searchDeliveries(c.get('db'), caller.shopDomain, { webhookId: c.req.param('webhookId') }, 1);
  if (delivery) await replayDeliveries(c.get('db'), ingestQueue(c.env), caller.shopDomain, { rawKey: delivery.rawKey }, { max: 1 });
  return c.redirect(`/console/deliveries/${encodeURIComponent(c.req.param('webhookId'))}?shop=${encodeURIComponent(caller.shopDomain)}`, 303);
});

consoleApp.get('/uploads', async (c) => c.html(render(c, 'uploads', await uploadsPage(c.get('db'), shopOf(c.get('caller')), c.get('caller').shopDomain))));
consoleApp.get('/uploads/:id', async (c) =>
  c.html(render(c, 'uploads', await uploadPage(c.get('db'), shopOf(c.get('caller')), c.get('caller').shopDomain, c.req.param('id')))),
);

/** Every reject of the job as CSV, page after page; the stream outlives the request, so it has a connection of its own. */
consoleApp.get('/uploads/:id/rejects.csv', async (c) => {
  const connection = await connectWarehouse(warehouseConfig(c.env).database);
  const jobId = c.req.param('id');
  return new Response(csvStream(['row', 'field', 'value', 'reason'], rejectPages(connection.db, shopOf(c.get('caller')), jobId), connection.close), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${jobId.replace(/[^\w-]/g, '')}-rejects.csv"` },
  });
});

consoleApp.get('/analytics', async (c) => c.html(render(c, 'analytics', await analyticsPage(c.get('db'), shopOf(c.get('caller'))))));
consoleApp.get('/resyncs', async (c) => c.html(render(c, 'resyncs', await resyncsPage(c.get('db'), shopOf(c.get('caller'))))));

consoleApp.post('/sign-out', async (c) => {
  if (consoleAccessConfig(c.env)) {
    deleteCookie(c, CSRF_COOKIE, { path: '/console' });
    // Access's own sign-out ends the Access session (https://developers.cloudflare.com/access/setting-up-access/clearing-user-sessions/).
    return c.redirect('/cdn-cgi/access/logout', 303);
  }
  const token = getCookie(c, COOKIE);
  if (token) await signOut(c.get('db'), token);
  deleteCookie(c, COOKIE, { path: '/console' });
  return c.redirect('/console/sign-in', 303);
});
