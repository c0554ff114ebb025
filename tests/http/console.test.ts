/**
 * The operator console: sign-in exchanges an admin key for a session cookie; pages need the
 * session; actions need its CSRF token from the console's own origin; everything is served under
 * a strict Content-Security-Policy.
 */
import { SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/warehouse/api-keys';
import { goldenShop } from '../analytics/shop';
import { apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { finishedJob, upload } from '../helpers/uploads';
import { quarantineOf, query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const BASE = 'https://wharf.test';

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

async function signedIn(shop: string) {
  const { key, prefix } = await apiKeyFor(shop, ['admin']);
  const response = await SELF.fetch(`${BASE}/console/sign-in`, form({ key }));
  const cookie = response.headers.get('set-cookie') ?? '';
  const session = /wharf_console=([^;]+)/.exec(cookie)?.[1] ?? '';
  const page = await (await SELF.fetch(`${BASE}/console/overview`, { headers: { cookie: `wharf_console=${session}` }, redirect: 'manual' })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return { response, cookie, session, csrf, page, prefix, headers: { cookie: `wharf_console=${session}` } };
}

describe('the console', () => {
  it('serves its sign-in page under a strict Content-Security-Policy', async () => {
    const response = await SELF.fetch(`${BASE}/console/sign-in`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    const page = await response.text();
    expect(page).toContain('<form method="post" action="/console/sign-in">');
    expect(page).not.toMatch(/<script>|<style>|\sstyle="|\son[a-z]+="/);
  });

  it('bundles its chart library and script instead of fetching them from a CDN', async () => {
    const uplot = await SELF.fetch(`${BASE}/console/assets/uplot.js`);
    const css = await SELF.fetch(`${BASE}/console/assets/uplot.css`);

    expect([uplot.status, uplot.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await uplot.text()).toContain('uPlot');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await SELF.fetch(`${BASE}/console/assets/elsewhere.js`)).status).toBe(404);
  });

  it('exchanges an admin key for an HttpOnly, SameSite=Strict, Secure session cookie and shows the overview', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create') }]);

    const { response, cookie, page } = await signedIn(shop);

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/overview');
    expect(cookie).toMatch(/^wharf_console=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/console; HttpOnly; Secure; SameSite=Strict$/);
    expect(page).toContain(`Overview: ${shop}`);
    expect(page).toContain('Deliveries per minute');
    expect(page).toContain('<td>orders/create</td>');
    expect(page).toMatch(/<script type="application\/json">\{"labels":\["received","loaded","quarantined"\],"rows":\[\[/);
  });

  it('refuses a key that is not an admin key, and a wrong one', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['read']);

    const read = await SELF.fetch(`${BASE}/console/sign-in`, form({ key }));
    const wrong = await SELF.fetch(`${BASE}/console/sign-in`, form({ key: 'wharf_aaaaaaaaaaaa_not-a-key' }));

    expect(read.status).toBe(401);
    expect(await read.text()).toContain('the console takes an admin API key');
    expect(read.headers.get('set-cookie')).toBeNull();
    expect(wrong.status).toBe(401);
  });

  it('sends a visitor without a session to sign in', async () => {
    const response = await SELF.fetch(`${BASE}/console/alerts`, { redirect: 'manual', headers: { cookie: 'wharf_console=made-up' } });

    expect([response.status, response.headers.get('location')]).toEqual([302, '/console/sign-in']);
  });

  it('refuses an action without the session’s CSRF token or from another origin', async () => {
    const shop = uniqueShop();
    const { headers, csrf } = await signedIn(shop);

    const withoutToken = await SELF.fetch(`${BASE}/console/quality/run`, form({}, headers));
    const fromElsewhere = await SELF.fetch(`${BASE}/console/quality/run`, form({ csrf }, { ...headers, origin: 'https://attacker.example' }));
    const crossSite = await SELF.fetch(`${BASE}/console/quality/run`, form({ csrf }, { ...headers, 'sec-fetch-site': 'cross-site' }));
    const allowed = await SELF.fetch(`${BASE}/console/quality/run`, form({ csrf }, { ...headers, 'sec-fetch-site': 'same-origin' }));

    expect([withoutToken.status, fromElsewhere.status, crossSite.status, allowed.status]).toEqual([403, 403, 403, 303]);
    const runs = await query<{ n: number }>(sql`select count(*)::integer as n from quality_run r join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(runs[0]!.n).toBe(1);
  });

  it('shows a quality rule with nothing to compare with yet as skipped, with why, and no score', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create') }]);
    const { headers, csrf } = await signedIn(shop);
    await SELF.fetch(`${BASE}/console/quality/run`, form({ csrf }, headers));

    const page = await (await SELF.fetch(`${BASE}/console/quality`, { headers })).text();

    expect(page).toMatch(
      /<tr><td>resync\.counts\.reconcile<\/td><td>[^<]+<\/td><td class="num">0<\/td><td class="num ">0<\/td><td class="num muted">skipped<\/td>/,
    );
    expect(page).toContain('<td class="muted">no full resync has completed yet</td>');
  });

  it('replays the dead letters shown, in bulk', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: '{"id": 1}' }]);
    const { headers, csrf } = await signedIn(shop);

    const listed = await (await SELF.fetch(`${BASE}/console/dead-letters?stage=validate`, { headers })).text();
    const replayed = await SELF.fetch(`${BASE}/console/dead-letters/replay`, form({ csrf, stage: 'validate' }, headers));

    expect(listed).toContain('<h2>1 open</h2>');
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toMatch(/Queued (0|1) for replay/);
  });

  it('ends the session on sign-out, and when its key is revoked', async () => {
    const shop = uniqueShop();
    const first = await signedIn(shop);
    const second = await signedIn(shop);

    await SELF.fetch(`${BASE}/console/sign-out`, form({ csrf: first.csrf }, first.headers));
    await withDb((db) => revokeApiKey(db, second.prefix));

    for (const session of [first, second]) {
      const response = await SELF.fetch(`${BASE}/console/overview`, { headers: session.headers, redirect: 'manual' });
      expect(response.headers.get('location')).toBe('/console/sign-in');
    }
  });

  it('finds a delivery by its order and shows its payload, the rows it wrote, and replays it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'customers/create', body: sample('customers-create') },
    ]);
    const { headers, csrf } = await signedIn(shop);

    const found = await (await SELF.fetch(`${BASE}/console/deliveries?order=820982911946154508`, { headers })).text();
    const webhookId = /href="\/console\/deliveries\/([^?"]+)\?/.exec(found)?.[1];
    const detail = await (await SELF.fetch(`${BASE}/console/deliveries/${webhookId}`, { headers })).text();
    const replayed = await SELF.fetch(`${BASE}/console/deliveries/${webhookId}/replay`, form({ csrf }, headers));

    expect(found).toContain('<h2>1 deliveries</h2>');
    expect(detail).toContain('<h3>fact_order 820982911946154508</h3>');
    expect(detail).toContain('<b>this delivery</b>');
    expect(detail).toContain('&quot;total_price&quot;: &quot;474.47&quot;');
    expect(replayed.status).toBe(303);
    expect(await query(sql`select status::text from raw_event where shop_domain = ${shop} and webhook_id = ${webhookId}`)).toEqual([{ status: 'validated' }]);
  });

  it('lists upload jobs with their progress and gives their rejects as a table and as CSV', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['upload', 'read']);
    const file =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,MUG,not-a-number,12/1/2010 8:26,3.00,17850,UK\n';
    const job = await finishedJob(key, (await upload(key, file)).body.id);
    const { headers } = await signedIn(shop);

    const list = await (await SELF.fetch(`${BASE}/console/uploads`, { headers })).text();
    const detail = await (await SELF.fetch(`${BASE}/console/uploads/${job.id}`, { headers })).text();
    const csv = await SELF.fetch(`${BASE}/console/uploads/${job.id}/rejects.csv`, { headers });

    // Jobs' progress is live: the page reloads itself.
    expect(list).toContain('<meta http-equiv="refresh" content="10" />');
    expect(list).toContain(`>${job.id}</a>`);
    expect(list).toMatch(/<progress max="1" value="1"><\/progress> 1 \/ 1/);
    expect(detail).toContain('<td>Quantity</td><td><code>not-a-number</code></td><td>quantity is not a non-zero whole number</td>');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n')[0]).toBe('row,field,value,reason');
  });

  it("shows each resync's states and bulk operations", async () => {
    const shop = uniqueShop();
    const { headers } = await signedIn(shop);
    const [{ id: shopId }] = (await query<{ id: number }>(sql`select shop_id as id from dim_shop where domain = ${shop}`)) as [{ id: number }];
    await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to, lines_total, lines_loaded, started_at)
      values ('rs_console', ${shopId}, 'full', 'loading', 'schedule', now(), 10, 4, now())`);
    await query(sql`insert into resync_operation (resync_id, entity, attempt, bulk_operation_id, status, object_count)
      values ('rs_console', 'orders', 1, ${`gid://shopify/BulkOperation/${Date.now()}`}, 'COMPLETED', 10)`);

    const page = await (await SELF.fetch(`${BASE}/console/resyncs`, { headers })).text();

    expect(page).toContain('full resync rs_console: <span class="">loading</span>');
    expect(page).toMatch(/<progress max="10" value="4"><\/progress> 4 \/ 10/);
    expect(page).toContain('<td>orders</td>');
  });

  it('charts the analytics marts: net sales per day, top products and the cohort heat map', async () => {
    // The hand-computed shop: in the last 90 days only #1007 (two days ago, web, guest): beanie 2 × 50.00.
    // Customers 5001 and 5002 first ordered in December 2025: one cohort of 2, all retained in month 0.
    const { shop } = await goldenShop();
    const { headers } = await signedIn(shop);

    const page = await (await SELF.fetch(`${BASE}/console/analytics`, { headers })).text();

    expect(page).toMatch(/<script type="application\/json">\{"labels":\["net sales","orders"\],"rows":\[\[\d+\],\[100\],\[1\]\]\}<\/script>/);
    // Net 100.00 less two beanies at the 22.00 unit cost in force since 12-03: margin 56.00.
    expect(page).toContain(
      '<tr><td>Merino Beanie</td><td>Default Title</td><td>BEANIE</td><td class="num">2</td><td class="num">0</td><td class="num">100.00</td><td class="num">56.00</td></tr>',
    );
    expect(page).toContain('<tr><td>2025-12</td><td class="num">2</td><td class="num heat-9">100 %</td>');
  });

  it('resolves the dead letters of a window without replaying them', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: '{"id": 1}' },
      { topic: 'orders/create', body: '{"id": 2}' },
    ]);
    // One of them failed two hours ago.
    await query(sql`update quarantine set last_failed_at = now() - interval '2 hours' where id = (select min(id) from quarantine where shop_domain = ${shop})`);
    const { headers, csrf } = await signedIn(shop);
    const from = new Date(Date.now() - 60 * 60_000).toISOString();

    const resolved = await SELF.fetch(`${BASE}/console/dead-letters/resolve`, form({ csrf, from }, headers));

    expect(await resolved.text()).toContain('Resolved 1 without replaying them.');
    expect(await quarantineOf(shop)).toMatchObject([{ resolved: false }, { resolved: true }]);
  });
});
