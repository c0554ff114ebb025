/**
 * Connecting a store in one step, end to end against the Shopify simulator: the install link,
 * Shopify's authorization and callback, the token's life, the webhook subscriptions Wharf keeps,
 * and uninstalling. No token is copied by hand anywhere here.
 */
import { env, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkConnection, checkContext } from '../../src/connect/check';
import { topicsToSubscribe } from '../../src/connect/topics';
import { resyncQueue } from '../../src/pipeline/producers';
import { topicEnum } from '../../src/shopify/webhook-subscriptions';
import { installedShops } from '../../src/warehouse/installs';
import { alertsOf, checkAlerts } from '../helpers/alerts';
import { api, apiKeyFor } from '../helpers/api';
import {
  approve,
  forwardDeliveries,
  install,
  ORGANIZATION,
  openCallback,
  openInstallLink,
  PUBLIC_URL,
  registerTestApp,
  sim,
  simSubscriptions,
  simulatedShop,
} from '../helpers/connect';
import { countOf, finished, mutateShop, shopIdOf } from '../helpers/resync';
import { eventually, query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

beforeAll(registerTestApp);

async function connection(domain: string) {
  const [row] = await query<{ token_kind: string; state: string; state_reason: string | null; expires_in: number | null; refresh: boolean }>(sql`
    select i.token_kind::text, i.state::text, i.state_reason, extract(epoch from i.access_token_expires_at - now())::int as expires_in,
      i.refresh_token_sealed is not null as refresh
    from shop_install i join dim_shop s using (shop_id) where s.domain = ${domain}`);
  return row;
}

const check = async (domain: string) => {
  const shopId = await shopIdOf(domain);
  return withDb((db) => checkConnection(checkContext(env, db, resyncQueue(env)), shopId));
};

/** The shop's first full resync, started by the callback, once it has ended. */
async function firstResync(domain: string) {
  const [row] = await eventually(
    () => query<{ id: string }>(sql`select r.id from resync r join dim_shop s using (shop_id) where s.domain = ${domain} and r.requested_by = 'install'`),
    (rows) => rows.length === 1,
  );
  return finished(row!.id);
}

/** A shop connected through the install link, its subscriptions in place. */
async function connectedShop(): Promise<string> {
  const domain = uniqueShop();
  await simulatedShop(domain);
  expect((await install(domain)).status).toBe(200);
  await eventually(
    () => simSubscriptions(domain),
    (subscriptions) => subscriptions.length === topicsToSubscribe(env.SHOPIFY_API_VERSION).length,
    20_000,
  );
  return domain;
}

describe('connecting a store through the install link', () => {
  it('sends the merchant to Shopify with the scopes Wharf needs and a state bound to the browser', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain);

    const { authorizeUrl, cookie } = await openInstallLink(domain);

    const url = new URL(authorizeUrl);
    expect(url.pathname).toBe(`/shops/${domain}/admin/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(env.SHOPIFY_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/shopify/callback`);
    expect(url.searchParams.get('scope')!.split(',')).toContain('read_orders');
    expect(url.searchParams.has('grant_options[]')).toBe(false);
    expect(cookie).toBe(`wharf_oauth_state=${url.searchParams.get('state')}`);
  });

  it('refuses a shop that is not a myshopify.com domain, with a page that says so', async () => {
    const response = await openInstallLink('evil.example.com').catch((error: Error) => error);

    expect(String(response)).toMatch(/install link: HTTP 400 .*myshopify\.com domain/s);
  });

  it('answers 429 to an address that opens too many install links in a minute, before storing a state', async () => {
    const open = () =>
      SELF.fetch(`${PUBLIC_URL}/shopify/install?shop=${uniqueShop()}`, { redirect: 'manual', headers: { 'cf-connecting-ip': '203.0.113.77' } });
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await open()).status);

    // The test Worker's budget: 40 a minute (vitest.config.ts).
    expect(statuses.slice(0, 40).every((status) => status === 302)).toBe(true);
    expect(statuses[40]).toBe(429);
  });

  it('connects the shop with an expiring offline token, subscribes every topic, and reconciles a first full resync', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain);

    const page = await install(domain);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`${domain} is connected`);
    expect(await connection(domain)).toMatchObject({ token_kind: 'expiring', state: 'connected', refresh: true });
    expect((await connection(domain))!.expires_in).toBeGreaterThan(3500);
    const subscriptions = await eventually(
      () => simSubscriptions(domain),
      (list) => list.length === topicsToSubscribe(env.SHOPIFY_API_VERSION).length,
      20_000,
    );
    expect(subscriptions.map((s) => s.topic).sort()).toEqual(topicsToSubscribe(env.SHOPIFY_API_VERSION).map(topicEnum).sort());
    expect(new Set(subscriptions.map((s) => s.uri))).toEqual(new Set([`${PUBLIC_URL}/webhooks/shopify`]));
    expect((await firstResync(domain)).status).toBe('reconciled');
    expect(await countOf('fact_order', domain)).toBe(12);
  });

  it('loads the webhooks Shopify then sends to the subscriptions', async () => {
    const domain = await connectedShop();
    await firstResync(domain);

    await mutateShop(domain, { kind: 'create', entity: 'orders', count: 2 });

    expect(await forwardDeliveries(domain)).toContain('orders/create');
    await eventually(
      () => countOf('fact_order', domain),
      (orders) => orders === 14,
    );
  });

  it('refuses a callback whose signature does not match', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain);
    const { authorizeUrl, cookie } = await openInstallLink(domain);
    const callback = new URL(await approve(authorizeUrl));
    callback.searchParams.set('shop', uniqueShop());

    const response = await openCallback(callback.toString(), cookie);

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('the hmac does not match');
    expect(await connection(domain)).toBeUndefined();
  });

  it('refuses a callback in a browser that did not open the install link', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain);
    const { authorizeUrl } = await openInstallLink(domain);

    const response = await openCallback(await approve(authorizeUrl));

    expect(response.status).toBe(403);
    expect(await connection(domain)).toBeUndefined();
  });

  it('uses a state once: the same callback again is refused', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain);
    const { authorizeUrl, cookie } = await openInstallLink(domain);
    const callback = await approve(authorizeUrl);
    expect((await openCallback(callback, cookie)).status).toBe(200);

    const again = await openCallback(callback, cookie);

    expect(again.status).toBe(403);
    expect(await again.text()).toContain('already used or has expired');
  });
});

describe("a connected store's daily check", () => {
  it('renews an access token about to expire with its refresh token', async () => {
    const domain = await connectedShop();
    const [before] = await query<{ sealed: string }>(
      sql`select access_token_sealed as sealed from shop_install i join dim_shop s using (shop_id) where s.domain = ${domain}`,
    );
    await query(
      sql`update shop_install set access_token_expires_at = now() + interval '2 minutes' where shop_id = (select shop_id from dim_shop where domain = ${domain})`,
    );

    const result = await check(domain);

    expect(result).not.toHaveProperty('skipped');
    const [after] = await query<{ sealed: string }>(
      sql`select access_token_sealed as sealed from shop_install i join dim_shop s using (shop_id) where s.domain = ${domain}`,
    );
    expect(after!.sealed).not.toBe(before!.sealed);
    expect((await connection(domain))!.expires_in).toBeGreaterThan(3500);
  });

  it('recreates a subscription Shopify dropped, resyncs the gap, and raises an alert', async () => {
    const domain = await connectedShop();
    await firstResync(domain);
    const dropped = (await simSubscriptions(domain)).find((s) => s.topic === 'ORDERS_CREATE')!;
    await sim(`/_sim/shops/${domain}/webhook-subscriptions/${encodeURIComponent(dropped.id)}`, undefined, 'DELETE');

    const result = await check(domain);

    expect(result).toMatchObject({ dropped: ['ORDERS_CREATE'], created: ['ORDERS_CREATE'], failures: [] });
    expect((await simSubscriptions(domain)).filter((s) => s.topic === 'ORDERS_CREATE')).toHaveLength(1);
    const resyncId = (result as { resyncId: string }).resyncId;
    expect((await finished(resyncId)).kind).toBe('incremental');
    await checkAlerts();
    expect((await alertsOf(domain)).map((a) => [a.rule, a.resolved])).toEqual([['subscriptions_repaired', false]]);
  });

  it('finds nothing to change on a second check', async () => {
    const domain = await connectedShop();
    await check(domain);

    expect(await check(domain)).toMatchObject({ created: [], updated: [], removed: [], dropped: [], failures: [] });
  });

  it('reports a revoked token: the shop must authorize Wharf again, in the API and as an alert', async () => {
    const domain = await connectedShop();
    await firstResync(domain);
    await sim(`/_sim/shops/${domain}/tokens`, { action: 'revoke', clientId: env.SHOPIFY_CLIENT_ID });

    expect(await check(domain)).toMatchObject({ skipped: expect.stringContaining('Shopify refused the token') });

    expect(await connection(domain)).toMatchObject({ state: 'reauthorize' });
    const { key } = await apiKeyFor(domain);
    const body = (await (await api('/v1/connection', key)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ state: 'reauthorize', installUrl: `${PUBLIC_URL}/shopify/install?shop=${encodeURIComponent(domain)}` });
    await checkAlerts();
    expect((await alertsOf(domain)).map((a) => a.rule)).toContain('shop_reauthorize');
  });
});

describe('uninstalling', () => {
  it('stops all work for the shop: no check, no scheduled or requested resync', async () => {
    const domain = await connectedShop();
    await firstResync(domain);

    await sim(`/_sim/shops/${domain}/uninstall`, { clientId: env.SHOPIFY_CLIENT_ID });
    expect(await forwardDeliveries(domain)).toContain('app/uninstalled');

    await eventually(
      () => connection(domain),
      (row) => row?.state === 'uninstalled',
    );
    const shopId = await shopIdOf(domain);
    expect((await withDb((db) => installedShops(db))).some((shop) => shop.shopId === shopId)).toBe(false);
    expect(await check(domain)).toMatchObject({ skipped: expect.stringContaining('uninstalled') });
    const response = await api('/v1/resyncs', (await apiKeyFor(domain, ['admin'])).key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });
    expect(response.status).toBe(409);
  });

  it('connects the shop again when it is installed again', async () => {
    const domain = await connectedShop();
    await sim(`/_sim/shops/${domain}/uninstall`, { clientId: env.SHOPIFY_CLIENT_ID });
    await forwardDeliveries(domain);
    await eventually(
      () => connection(domain),
      (row) => row?.state === 'uninstalled',
    );

    expect((await install(domain)).status).toBe(200);

    expect(await connection(domain)).toMatchObject({ state: 'connected' });
    // Shopify deleted the last install's subscriptions: making them again is no drift.
    expect(await check(domain)).toMatchObject({ dropped: [] });
  });
});

describe('the client credentials grant', () => {
  it("connects an app of the shop's own organization with no merchant in the loop", async () => {
    const domain = uniqueShop();
    await simulatedShop(domain, { organization: ORGANIZATION });
    await sim(`/_sim/shops/${domain}/installations`, { clientId: env.SHOPIFY_CLIENT_ID });

    const response = await api('/v1/connection', (await apiKeyFor(domain, ['admin'])).key, {
      method: 'POST',
      body: JSON.stringify({ grant: 'client_credentials' }),
    });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ shop: domain, tokenKind: 'client_credentials', state: 'connected' });
    expect((await connection(domain))!.expires_in).toBeGreaterThan(86_000);
    expect((await firstResync(domain)).status).toBe('reconciled');
  });

  it('is refused, saying why, on a shop of another organization', async () => {
    const domain = uniqueShop();
    await simulatedShop(domain, { organization: 'someone-else' });
    await sim(`/_sim/shops/${domain}/installations`, { clientId: env.SHOPIFY_CLIENT_ID });

    const response = await api('/v1/connection', (await apiKeyFor(domain, ['admin'])).key, {
      method: 'POST',
      body: JSON.stringify({ grant: 'client_credentials' }),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await response.json())).toContain('shop_not_permitted');
    expect(await connection(domain)).toBeUndefined();
  });
});
