/**
 * Connecting a store to the Shopify simulator (simulator/) as an app does: the authorization
 * code grant, expiring offline tokens and their refresh, the client credentials grant, tokens
 * refused once expired, revoked or uninstalled, webhook subscriptions through the Admin API, and
 * the deliveries that follow them. The facts each behaviour follows are cited in the modules.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startShopifySimulator } from '../../simulator';
import { callbackHmac } from '../../simulator/oauth';
import { verifyShopifyHmac } from '../../src/shopify/hmac';

// biome-ignore lint/suspicious/noExplicitAny: the simulator's answers are read field by field, as a client would
type Json = Record<string, any>;

const SECRET = 'app-client-secret';
const CALLBACK = 'https://wharf.example.com/shopify/callback';
const UNAUTHORIZED = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startShopifySimulator({ bulkDelayMs: 10 });
});

afterAll(async () => {
  await sim.close();
});

async function call(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${sim.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: (await response.json()) as Json };
}

let shops = 0;

/** A small shop of its own, with an app registered for it. */
async function shopWithApp(app: Json = {}, shop: Json = {}): Promise<{ domain: string; clientId: string }> {
  const domain = `sim-oauth-${++shops}.myshopify.com`;
  const clientId = `client-${shops}`;
  expect((await call('/_sim/shops', { domain, seed: shops, orders: 3, products: 2, customers: 2, ...shop })).status).toBe(201);
  const registered = await call('/_sim/apps', {
    clientId,
    clientSecret: SECRET,
    redirectUrls: [CALLBACK],
    scopes: ['read_orders', 'write_products', 'read_customers'],
    webhooksApiVersion: '2026-04',
    ...app,
  });
  expect(registered.status).toBe(201);
  return { domain, clientId };
}

const shopUrl = (domain: string) => `${sim.url}/shops/${domain}`;

async function authorizeUrl(domain: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${shopUrl(domain)}/admin/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
}

/** Approves an authorization request and answers the callback's parameters. */
async function approve(domain: string, clientId: string, extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const response = await authorizeUrl(domain, { client_id: clientId, scope: 'read_orders,write_products', redirect_uri: CALLBACK, state: 'nonce-1', ...extra });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams;
}

async function token(domain: string, body: Record<string, unknown>, encoding: 'json' | 'form' = 'json'): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${shopUrl(domain)}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: encoding === 'json' ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

/** Installs the app through the authorization code grant and exchanges the code. */
async function installed(domain: string, clientId: string, options: { expiring?: boolean; scope?: string } = {}): Promise<Json> {
  const callback = await approve(domain, clientId, options.scope ? { scope: options.scope } : {});
  const exchanged = await token(domain, { client_id: clientId, client_secret: SECRET, code: callback.get('code'), expiring: options.expiring ? '1' : '0' });
  expect(exchanged.status).toBe(200);
  return exchanged.json;
}

async function graphql(domain: string, accessToken: string, query: string, variables: Json = {}, version = '2026-04'): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${shopUrl(domain)}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': accessToken },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

const SHOP_QUERY = '{ shop { id } }';

const CREATE = `mutation Create($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic format includeFields filter uri createdAt updatedAt apiVersion { handle } endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
    userErrors { field message }
  }
}`;

const UPDATE = `mutation Update($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic includeFields uri updatedAt }
    userErrors { field message }
  }
}`;

const DELETE = `mutation Delete($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }`;

const LIST = `query List($first: Int, $after: String, $topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: $first, after: $after, topics: $topics) {
    nodes { id topic uri }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function subscribe(domain: string, accessToken: string, topic: string, input: Json): Promise<Json> {
  const { json } = await graphql(domain, accessToken, CREATE, { topic, webhookSubscription: input });
  return json.data.webhookSubscriptionCreate;
}

/** Collects deliveries as an app's endpoint would receive them. */
async function receiver() {
  const received: { path: string; headers: Record<string, string>; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      received.push({ path: request.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the authorization code grant', () => {
  it("signs the callback as Shopify's documentation does: its test vectors", () => {
    const docs = { code: '0907a61c0c8d55e99db179b68161bc00', shop: 'some-shop.myshopify.com', state: '0.6784241404160823', timestamp: '1337178173' };
    expect(callbackHmac(docs, 'hush')).toBe('700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf');
    const { state: _, ...older } = docs;
    expect(callbackHmac(older, 'hush')).toBe('4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20');
  });

  it('approves at once, redirecting to redirect_uri with code, hmac, host, shop, state and timestamp', async () => {
    const { domain, clientId } = await shopWithApp();
    const response = await authorizeUrl(domain, { client_id: clientId, scope: 'read_orders', redirect_uri: CALLBACK, state: 'abc123', 'grant_options[]': '' });

    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    const params = Object.fromEntries(location.searchParams);
    expect(Object.keys(params)).toEqual(['code', 'hmac', 'host', 'shop', 'state', 'timestamp']);
    expect(params).toMatchObject({ shop: domain, state: 'abc123' });
    expect(Buffer.from(params.host!, 'base64').toString()).toBe(`admin.shopify.com/store/${domain.replace('.myshopify.com', '')}`);
    expect(Math.abs(Number(params.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    const { hmac, ...signed } = params;
    const message = Object.keys(signed)
      .sort()
      .map((name) => `${name}=${signed[name]}`)
      .join('&');
    expect(hmac).toBe(createHmac('sha256', SECRET).update(message).digest('hex'));
  });

  it.each([
    ['an unknown client_id', { client_id: 'nobody' }, 'Oauth error invalid_request: Could not find Shopify API application with api_key nobody'],
    ['a redirect_uri not allowed', { redirect_uri: `${CALLBACK}/` }, 'Oauth error invalid_request: The redirect_uri is not whitelisted'],
    ['no redirect_uri', { redirect_uri: '' }, 'Oauth error invalid_request: The redirect_uri is missing'],
    ['a scope the app is not configured with', { scope: 'read_orders,write_orders' }, 'Oauth error failed_grant_with_invalid_scopes'],
  ])('refuses %s with an Oauth error page', async (_, params, message) => {
    const { domain, clientId } = await shopWithApp();
    const response = await authorizeUrl(domain, { client_id: clientId, scope: 'read_orders', redirect_uri: CALLBACK, state: 's', ...params });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(message);
  });

  it('exchanges a code for an offline token once only', async () => {
    const { domain, clientId } = await shopWithApp();
    const code = (await approve(domain, clientId)).get('code');

    const first = await token(domain, { client_id: clientId, client_secret: SECRET, code });
    const again = await token(domain, { client_id: clientId, client_secret: SECRET, code });

    expect(first.status).toBe(200);
    expect(first.json).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: 'read_orders,write_products' });
    expect(again).toEqual({ status: 400, json: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' } });
  });

  it('answers the same non-expiring offline token to every exchange of the installation, from a form body too', async () => {
    const { domain, clientId } = await shopWithApp();
    const first = await token(domain, { client_id: clientId, client_secret: SECRET, code: (await approve(domain, clientId)).get('code')! }, 'form');
    const second = await token(domain, { client_id: clientId, client_secret: SECRET, code: (await approve(domain, clientId)).get('code')! }, 'form');
    expect(second.json.access_token).toBe(first.json.access_token);
  });

  it('refuses a code once its lifetime is over', async () => {
    const { domain, clientId } = await shopWithApp();
    const code = (await approve(domain, clientId)).get('code');
    await call(`/_sim/shops/${domain}/tokens`, { action: 'expire' });
    expect((await token(domain, { client_id: clientId, client_secret: SECRET, code })).json.error).toBe('invalid_request');
  });

  it('refuses a wrong client secret', async () => {
    const { domain, clientId } = await shopWithApp();
    const code = (await approve(domain, clientId)).get('code');
    expect(await token(domain, { client_id: clientId, client_secret: 'guess', code })).toEqual({
      status: 400,
      json: { error: 'invalid_client', error_description: 'Client authentication failed' },
    });
  });

  it('gives an online token with grant_options[]=per-user: a day long, with the associated user', async () => {
    const { domain, clientId } = await shopWithApp();
    const code = (await approve(domain, clientId, { 'grant_options[]': 'per-user' })).get('code');
    const { json } = await token(domain, { client_id: clientId, client_secret: SECRET, code });
    expect(json).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86399, associated_user_scope: 'read_orders,write_products' });
    expect(json.associated_user).toMatchObject({ account_owner: true, email_verified: true });
  });
});

describe('expiring offline tokens', () => {
  it('gives an access token of 3600 s and a refresh token of 7776000 s with expiring=1', async () => {
    const { domain, clientId } = await shopWithApp();
    const json = await installed(domain, clientId, { expiring: true });
    expect(json).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: 'read_orders,write_products',
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7776000,
    });
    expect((await graphql(domain, json.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it('refreshes into a new pair, the previous access token still working until it expires', async () => {
    const { domain, clientId } = await shopWithApp();
    const first = await installed(domain, clientId, { expiring: true });
    const refreshed = await token(domain, { client_id: clientId, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: first.refresh_token });

    expect(refreshed.json).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 7776000 });
    expect([refreshed.json.access_token, refreshed.json.refresh_token]).not.toContain(first.access_token);
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token);
    expect((await graphql(domain, first.access_token, SHOP_QUERY)).status).toBe(200);
    expect((await graphql(domain, refreshed.json.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it('answers a retried refresh with the same pair until the new access token is used, then refuses the old refresh token', async () => {
    const { domain, clientId } = await shopWithApp();
    const first = await installed(domain, clientId, { expiring: true });
    const refresh = { client_id: clientId, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: first.refresh_token };

    const once = await token(domain, refresh);
    const retried = await token(domain, refresh);
    expect(retried.json.access_token).toBe(once.json.access_token);
    await graphql(domain, once.json.access_token, SHOP_QUERY);
    expect(await token(domain, refresh)).toEqual({
      status: 400,
      json: { error: 'invalid_request', error_description: 'This request requires an active refresh_token' },
    });
  });

  it('kills the older refresh tokens when a new expiring token is issued', async () => {
    const { domain, clientId } = await shopWithApp();
    const older = await installed(domain, clientId, { expiring: true });
    await installed(domain, clientId, { expiring: true });
    const refreshed = await token(domain, { client_id: clientId, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: older.refresh_token });
    expect(refreshed.json.error_description).toBe('This request requires an active refresh_token');
    expect((await graphql(domain, older.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it('refuses an expired access token with 401, and a refresh brings a working one', async () => {
    const { domain, clientId } = await shopWithApp();
    const pair = await installed(domain, clientId, { expiring: true });
    await call(`/_sim/shops/${domain}/tokens`, { action: 'expire', clientId });

    expect(await graphql(domain, pair.access_token, SHOP_QUERY)).toEqual({ status: 401, json: UNAUTHORIZED });
    const refreshed = await token(domain, { client_id: clientId, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect((await graphql(domain, refreshed.json.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it('refuses a refresh once the refresh token has expired', async () => {
    const { domain, clientId } = await shopWithApp();
    const pair = await installed(domain, clientId, { expiring: true });
    await call(`/_sim/shops/${domain}/tokens`, { action: 'expire-refresh' });
    const refreshed = await token(domain, { client_id: clientId, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(refreshed.status).toBe(400);
  });
});

describe('the client credentials grant', () => {
  const credentials = (clientId: string) => ({ client_id: clientId, client_secret: SECRET, grant_type: 'client_credentials' });

  it('gives an app installed on a shop of its organization a day-long token, without a refresh token', async () => {
    const { domain, clientId } = await shopWithApp({ organization: 'acme' }, { organization: 'acme' });
    await call(`/_sim/shops/${domain}/installations`, { clientId });

    const { status, json } = await token(domain, credentials(clientId), 'form');
    expect(status).toBe(200);
    expect(json).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: 'read_orders,write_products,read_customers', expires_in: 86399 });
    expect((await graphql(domain, json.access_token, SHOP_QUERY)).status).toBe(200);
  });

  it('refuses a shop of another organization', async () => {
    const { domain, clientId } = await shopWithApp({ organization: 'acme' }, { organization: 'other' });
    await call(`/_sim/shops/${domain}/installations`, { clientId });
    expect(await token(domain, credentials(clientId))).toEqual({
      status: 400,
      json: { error: 'shop_not_permitted', error_description: 'Client credentials cannot be performed on this shop.' },
    });
  });

  it('refuses an app that is not installed on the shop', async () => {
    const { domain, clientId } = await shopWithApp({ organization: 'acme' }, { organization: 'acme' });
    expect((await token(domain, credentials(clientId))).json.error).toBe('app_not_installed');
  });
});

describe('tokens at the Admin API', () => {
  it('refuses a revoked token with 401 and Shopify’s body', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId);
    await call(`/_sim/shops/${domain}/tokens`, { action: 'revoke', clientId });
    expect(await graphql(domain, access_token, SHOP_QUERY)).toEqual({ status: 401, json: UNAUTHORIZED });
  });

  it('refuses the token of an uninstalled app with 401', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId);
    await call(`/_sim/shops/${domain}/uninstall`, { clientId });
    expect(await graphql(domain, access_token, SHOP_QUERY)).toEqual({ status: 401, json: UNAUTHORIZED });
  });

  it('answers the granted scopes, implied read scopes included, in currentAppInstallation and access_scopes.json', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId);

    const { json } = await graphql(domain, access_token, '{ currentAppInstallation { accessScopes { handle description } } }');
    const rest = await fetch(`${shopUrl(domain)}/admin/oauth/access_scopes.json`, { headers: { 'x-shopify-access-token': access_token } });

    expect(json.data.currentAppInstallation.accessScopes).toEqual([
      { handle: 'read_orders', description: 'Read orders, transactions, and fulfillments' },
      { handle: 'write_products', description: 'Modify products, variants, and collections' },
      { handle: 'read_products', description: 'Read products, variants, and collections' },
    ]);
    expect(await rest.json()).toEqual({ access_scopes: [{ handle: 'read_orders' }, { handle: 'write_products' }, { handle: 'read_products' }] });
  });

  it('refuses a bulk query its scopes do not cover with ACCESS_DENIED', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId, { scope: 'read_orders' });
    const { json } = await graphql(
      domain,
      access_token,
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    expect(json.errors[0]).toMatchObject({
      message: 'Access denied for bulkOperationRunQuery field. Required access: `read_products` access scope.',
      extensions: { code: 'ACCESS_DENIED' },
    });
  });
});

describe('webhook subscriptions through the Admin API', () => {
  async function appToken(): Promise<{ domain: string; clientId: string; accessToken: string }> {
    const { domain, clientId } = await shopWithApp();
    return { domain, clientId, accessToken: (await installed(domain, clientId)).access_token };
  }

  it('creates a subscription and answers it as Shopify does, for 10 points', async () => {
    const { domain, accessToken } = await appToken();
    const { json } = await graphql(domain, accessToken, CREATE, {
      topic: 'ORDERS_CREATE',
      webhookSubscription: { uri: '  https://wharf.example.com/webhooks/shopify  ', includeFields: ['id', 'updated_at'] },
    });

    expect(json.data.webhookSubscriptionCreate).toEqual({
      webhookSubscription: {
        id: expect.stringMatching(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/),
        topic: 'ORDERS_CREATE',
        format: 'JSON',
        includeFields: ['id', 'updated_at'],
        filter: null,
        uri: 'https://wharf.example.com/webhooks/shopify',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        updatedAt: expect.any(String),
        apiVersion: { handle: '2026-04' },
        endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: 'https://wharf.example.com/webhooks/shopify' },
      },
      userErrors: [],
    });
    expect(json.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it('lists only the asking app’s subscriptions, oldest first, paged with cursors and filtered by topic', async () => {
    const { domain, accessToken } = await appToken();
    for (const topic of ['ORDERS_CREATE', 'ORDERS_PAID', 'PRODUCTS_UPDATE'])
      await subscribe(domain, accessToken, topic, { uri: `https://wharf.example.com/${topic}` });
    const other = `other-${shops}`;
    await call('/_sim/apps', { clientId: other, clientSecret: SECRET, redirectUrls: [CALLBACK], scopes: ['read_orders'], webhooksApiVersion: '2026-04' });
    const otherToken = (await installed(domain, other, { scope: 'read_orders' })).access_token;
    await subscribe(domain, otherToken, 'SHOP_UPDATE', { uri: 'https://wharf.example.com/unrelated' });

    const first = (await graphql(domain, accessToken, LIST, { first: 2 })).json.data.webhookSubscriptions;
    const second = (await graphql(domain, accessToken, LIST, { first: 2, after: first.pageInfo.endCursor })).json.data.webhookSubscriptions;
    const paid = (await graphql(domain, accessToken, LIST, { first: 5, topics: ['ORDERS_PAID'] })).json.data.webhookSubscriptions;

    expect(first.nodes.map((node: Json) => node.topic)).toEqual(['ORDERS_CREATE', 'ORDERS_PAID']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.edges.map((edge: Json) => edge.node.id)).toEqual(first.nodes.map((node: Json) => node.id));
    expect(second.nodes.map((node: Json) => node.topic)).toEqual(['PRODUCTS_UPDATE']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(paid.nodes.map((node: Json) => node.uri)).toEqual(['https://wharf.example.com/ORDERS_PAID']);
  });

  it('updates a subscription, keeping what the input leaves out', async () => {
    const { domain, accessToken } = await appToken();
    const created = await subscribe(domain, accessToken, 'ORDERS_CREATE', { uri: 'https://wharf.example.com/a', includeFields: ['id'] });
    const { json } = await graphql(domain, accessToken, UPDATE, {
      id: created.webhookSubscription.id,
      webhookSubscription: { uri: 'https://wharf.example.com/b' },
    });
    expect(json.data.webhookSubscriptionUpdate).toMatchObject({
      webhookSubscription: { id: created.webhookSubscription.id, topic: 'ORDERS_CREATE', includeFields: ['id'], uri: 'https://wharf.example.com/b' },
      userErrors: [],
    });
  });

  it('deletes a subscription, which then reads as null', async () => {
    const { domain, accessToken } = await appToken();
    const { id } = (await subscribe(domain, accessToken, 'ORDERS_CREATE', { uri: 'https://wharf.example.com/a' })).webhookSubscription;
    const deleted = await graphql(domain, accessToken, DELETE, { id });
    const read = await graphql(domain, accessToken, 'query Read($id: ID!) { webhookSubscription(id: $id) { id } }', { id });
    expect(deleted.json.data.webhookSubscriptionDelete).toEqual({ deletedWebhookSubscriptionId: id, userErrors: [] });
    expect(read.json.data.webhookSubscription).toBeNull();
  });

  it('takes callbackUrl before 2025-10, where uri is not an input field yet', async () => {
    const { domain, accessToken } = await appToken();
    const mutation = (field: string) =>
      `mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: {${field}: "https://wharf.example.com/${field}"}) { webhookSubscription { callbackUrl } userErrors { message } } }`;
    const withCallbackUrl = await graphql(domain, accessToken, mutation('callbackUrl'), {}, '2025-01');
    const withUri = await graphql(domain, accessToken, mutation('uri'), {}, '2025-01');
    expect(withCallbackUrl.json.data.webhookSubscriptionCreate.webhookSubscription).toEqual({ callbackUrl: 'https://wharf.example.com/callbackUrl' });
    expect(withUri.json.errors[0]).toMatchObject({
      message: "InputObject 'WebhookSubscriptionInput' doesn't accept argument 'uri'",
      extensions: { code: 'argumentNotAccepted' },
    });
  });

  const ADDRESS = ['webhookSubscription', 'callbackUrl'];
  it.each([
    ['a blank uri', { uri: '   ' }, ADDRESS, "Address can't be blank"],
    ['no uri', {}, ADDRESS, "Address can't be blank"],
    ['http://', { uri: 'http://wharf.example.com/hook' }, ADDRESS, 'Address protocol http:// is not supported'],
    ['a bare https://', { uri: 'https://' }, ADDRESS, 'Address is invalid'],
    ['localhost', { uri: 'https://localhost:3000/hook' }, ADDRESS, 'Address cannot be a Shopify or an internal domain'],
    ['a Shopify domain', { uri: 'https://example.myshopify.com/hook' }, ADDRESS, 'Address cannot be a Shopify or an internal domain'],
    ['an address of 65536 bytes', { uri: `https://wharf.example.com/${'a'.repeat(65536 - 26)}` }, ADDRESS, 'Address is too big (maximum is 64 KB)'],
    [
      'XML',
      { uri: 'https://wharf.example.com/x', format: 'XML' },
      ['webhookSubscription', 'format'],
      "Format 'xml' is invalid for this webhook topic. Allowed formats: json",
    ],
    [
      'a filter without field names',
      { uri: 'https://wharf.example.com/x', filter: 'totally bogus syntax' },
      ['webhookSubscription'],
      'The specified filter is invalid, please ensure you specify the field(s) you wish to filter on.',
    ],
    [
      'a filter the simulator does not model',
      { uri: 'https://wharf.example.com/x', filter: 'id:1' },
      ['webhookSubscription'],
      'The simulator does not model webhook filters: leave filter empty',
    ],
    ['an empty name', { uri: 'https://wharf.example.com/x', name: '' }, ['webhookSubscription', 'name'], 'Name is too short (minimum is 1 character)'],
    [
      'a name with spaces',
      { uri: 'https://wharf.example.com/x', name: 'has spaces' },
      ['webhookSubscription', 'name'],
      'Name name field can only contain alphanumeric characters, underscores, and hyphens',
    ],
  ])('refuses %s with a userError', async (_, input, field, message) => {
    const { domain, accessToken } = await appToken();
    const created = await subscribe(domain, accessToken, 'ORDERS_CREATE', input);
    expect(created.webhookSubscription).toBeNull();
    expect(created.userErrors).toContainEqual({ field, message });
  });

  it('accepts an address of 65535 bytes', async () => {
    const { domain, accessToken } = await appToken();
    const created = await subscribe(domain, accessToken, 'ORDERS_CREATE', { uri: `https://wharf.example.com/${'a'.repeat(65535 - 26)}` });
    expect(created.userErrors).toEqual([]);
  });

  it('refuses the same topic, address and filter twice, and a name already taken in any case', async () => {
    const { domain, accessToken } = await appToken();
    await subscribe(domain, accessToken, 'ORDERS_CREATE', { uri: 'https://wharf.example.com/a', name: 'OrderHook' });
    const sameAddress = await subscribe(domain, accessToken, 'ORDERS_CREATE', { uri: 'https://wharf.example.com/a' });
    const sameName = await subscribe(domain, accessToken, 'ORDERS_PAID', { uri: 'https://wharf.example.com/b', name: 'orderhook' });
    expect(sameAddress.userErrors).toEqual([{ field: ADDRESS, message: 'Address for this topic has already been taken' }]);
    expect(sameName.userErrors).toEqual([{ field: ['webhookSubscription', 'name'], message: 'Name already exists, no duplicate allowed' }]);
  });

  it('refuses to update or delete a subscription it does not have', async () => {
    const { domain, accessToken } = await appToken();
    const id = 'gid://shopify/WebhookSubscription/1';
    const updated = await graphql(domain, accessToken, UPDATE, { id, webhookSubscription: { uri: 'https://wharf.example.com/a' } });
    const deleted = await graphql(domain, accessToken, DELETE, { id });
    expect(updated.json.data.webhookSubscriptionUpdate).toEqual({
      webhookSubscription: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    });
    expect(deleted.json.data.webhookSubscriptionDelete).toEqual({
      deletedWebhookSubscriptionId: null,
      userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
    });
  });

  it.each([
    [
      'an unknown topic',
      'mutation { webhookSubscriptionCreate(topic: NOT_A_REAL_TOPIC, webhookSubscription: {uri: "https://wharf.example.com/a"}) { userErrors { message } } }',
      "Argument 'topic' on Field 'webhookSubscriptionCreate' has an invalid value (NOT_A_REAL_TOPIC). Expected type 'WebhookSubscriptionTopic!'.",
      'argumentLiteralsIncompatible',
    ],
    [
      'a compliance topic',
      'mutation { webhookSubscriptionCreate(topic: CUSTOMERS_REDACT, webhookSubscription: {uri: "https://wharf.example.com/a"}) { userErrors { message } } }',
      "Argument 'topic' on Field 'webhookSubscriptionCreate' has an invalid value (CUSTOMERS_REDACT). Expected type 'WebhookSubscriptionTopic!'.",
      'argumentLiteralsIncompatible',
    ],
    [
      'a missing topic',
      'mutation { webhookSubscriptionCreate(webhookSubscription: {uri: "https://wharf.example.com/a"}) { userErrors { message } } }',
      "Field 'webhookSubscriptionCreate' is missing required arguments: topic",
      'missingRequiredArguments',
    ],
    [
      'a null input',
      'mutation { webhookSubscriptionUpdate(id: "gid://shopify/WebhookSubscription/1", webhookSubscription: null) { userErrors { message } } }',
      "Argument 'webhookSubscription' on Field 'webhookSubscriptionUpdate' has an invalid value (null). Expected type 'WebhookSubscriptionInput!'.",
      'argumentLiteralsIncompatible',
    ],
    [
      'an unknown sort key',
      '{ webhookSubscriptions(first: 5, sortKey: TOPIC) { nodes { id } } }',
      "Argument 'sortKey' on Field 'webhookSubscriptions' has an invalid value (TOPIC). Expected type 'WebhookSubscriptionSortKeys'.",
      'argumentLiteralsIncompatible',
    ],
  ])('refuses %s as a GraphQL error', async (_, query, message, code) => {
    const { domain, accessToken } = await appToken();
    const { json } = await graphql(domain, accessToken, query);
    expect(json.data).toBeUndefined();
    expect(json.errors).toEqual([{ message, extensions: expect.objectContaining({ code }) }]);
  });

  it('refuses an unknown topic given in a variable, listing the topics there are', async () => {
    const { domain, accessToken } = await appToken();
    const { json } = await graphql(domain, accessToken, CREATE, { topic: 'SHOP_REDACT', webhookSubscription: { uri: 'https://wharf.example.com/a' } });
    expect(json.errors[0]).toMatchObject({
      message: 'Variable $topic of type WebhookSubscriptionTopic! was provided invalid value',
      extensions: { code: 'INVALID_VARIABLE' },
    });
    expect(json.errors[0].extensions.problems[0].explanation).toMatch(/^Expected "SHOP_REDACT" to be one of: TAX_SUMMARIES_CREATE, APP_UNINSTALLED, /);
  });

  it('refuses a topic the granted scopes do not cover with ACCESS_DENIED', async () => {
    const { domain, accessToken } = await appToken();
    const { json } = await graphql(domain, accessToken, CREATE, {
      topic: 'INVENTORY_LEVELS_UPDATE',
      webhookSubscription: { uri: 'https://wharf.example.com/a' },
    });
    expect(json.data.webhookSubscriptionCreate).toBeNull();
    expect(json.errors[0]).toMatchObject({
      message: 'Access denied for webhookSubscriptionCreate field. Required access: `read_inventory` access scope.',
      extensions: { code: 'ACCESS_DENIED' },
    });
  });

  it('refuses subscriptions for a legacy custom app whose secret the simulator was not given', async () => {
    const domain = `sim-oauth-legacy-${++shops}.myshopify.com`;
    const { json: shop } = await call('/_sim/shops', { domain, seed: 1, orders: 1 });
    const { json } = await graphql(domain, shop.accessToken, CREATE, { topic: 'ORDERS_CREATE', webhookSubscription: { uri: 'https://wharf.example.com/a' } });
    expect(json.errors[0].extensions.code).toBe('ACCESS_DENIED');
  });
});

describe('deliveries to API-created subscriptions', () => {
  it("sends an event to each subscription of its topic, signed with the app's secret, in the app's version, cut to its includeFields", async () => {
    const app = await receiver();
    const target = await receiver();
    const { domain, clientId } = await shopWithApp({ webhooksApiVersion: '2026-07' });
    const { access_token } = await installed(domain, clientId);
    await call('/_sim/tunnels', { url: 'https://deliveries-1.example.com', forwardTo: app.url });
    await call(`/_sim/shops/${domain}/webhook-target`, { url: `${target.url}/webhooks`, secret: 'target-secret' });
    await subscribe(domain, access_token, 'ORDERS_CREATE', { uri: 'https://deliveries-1.example.com/hooks/orders', includeFields: ['id', 'line_items.id'] });

    await call(`/_sim/shops/${domain}/mutations`, { kind: 'create', entity: 'orders', count: 1 });
    await Promise.all([app.close(), target.close()]);

    const toApp = app.received.filter((d) => d.headers['x-shopify-topic'] === 'orders/create');
    const toTarget = target.received.find((d) => d.headers['x-shopify-topic'] === 'orders/create')!;
    expect(toApp).toHaveLength(1);
    const delivery = toApp[0]!;
    expect(delivery.path).toBe('/hooks/orders');
    expect(app.received.every((d) => d.headers['x-shopify-topic'] === 'orders/create')).toBe(true);
    expect(await verifyShopifyHmac(new TextEncoder().encode(delivery.body), delivery.headers['x-shopify-hmac-sha256']!, [SECRET])).toBe(true);
    expect(delivery.headers['x-shopify-api-version']).toBe('2026-07');
    const body = JSON.parse(delivery.body) as Json;
    expect(Object.keys(body)).toEqual(['id', 'line_items']);
    expect(body.line_items.every((line: Json) => Object.keys(line).join() === 'id')).toBe(true);
    expect(delivery.headers['x-shopify-event-id']).toBe(toTarget.headers['x-shopify-event-id']);
    expect(delivery.headers['x-shopify-webhook-id']).not.toBe(toTarget.headers['x-shopify-webhook-id']);
  });

  it('holds deliveries to a tunnel without forwardTo for the test to read', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId);
    await call('/_sim/tunnels', { url: 'https://captured-1.example.com' });
    await subscribe(domain, access_token, 'PRODUCTS_CREATE', { uri: 'https://captured-1.example.com/webhooks' });
    const before = (await call('/_sim/deliveries')).json as Json[];

    await call(`/_sim/shops/${domain}/mutations`, { kind: 'create', entity: 'products', count: 1 });

    const captured = (await call(`/_sim/deliveries?after=${before.at(-1)?.seq ?? 0}`)).json as Json[];
    expect(captured.map((d) => [d.url, d.topic, d.shopDomain])).toEqual([['https://captured-1.example.com/webhooks', 'products/create', domain]]);
    expect(await verifyShopifyHmac(new TextEncoder().encode(captured[0]!.body), captured[0]!.headers['x-shopify-hmac-sha256'], [SECRET])).toBe(true);
  });

  it('lets a legacy custom app created with its API secret key subscribe, signing with that key', async () => {
    const domain = `sim-oauth-legacy-${++shops}.myshopify.com`;
    const { json: shop } = await call('/_sim/shops', { domain, seed: 2, orders: 1, products: 2, apiSecretKey: 'legacy-secret' });
    await call('/_sim/tunnels', { url: 'https://legacy-1.example.com' });
    await subscribe(domain, shop.accessToken, 'PRODUCTS_CREATE', { uri: 'https://legacy-1.example.com/webhooks' });
    const before = (await call('/_sim/deliveries')).json as Json[];

    await call(`/_sim/shops/${domain}/mutations`, { kind: 'create', entity: 'products', count: 1 });

    const [delivery] = (await call(`/_sim/deliveries?after=${before.at(-1)?.seq ?? 0}`)).json as Json[];
    expect(delivery!.headers['x-shopify-api-version']).toBe('2026-01');
    expect(await verifyShopifyHmac(new TextEncoder().encode(delivery!.body), delivery!.headers['x-shopify-hmac-sha256'], ['legacy-secret'])).toBe(true);
  });

  it('stops sending to a subscription Shopify removed after failed deliveries', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId, { scope: 'read_customers' });
    await call('/_sim/tunnels', { url: 'https://removed-1.example.com' });
    const { id } = (await subscribe(domain, access_token, 'CUSTOMERS_CREATE', { uri: 'https://removed-1.example.com/webhooks' })).webhookSubscription;

    const removed = await call(`/_sim/shops/${domain}/webhook-subscriptions/${encodeURIComponent(id)}`, undefined, 'DELETE');
    const report = await call(`/_sim/shops/${domain}/mutations`, { kind: 'create', entity: 'customers', count: 1 });
    const listed = await graphql(domain, access_token, LIST, { first: 5 });

    expect(removed.status).toBe(200);
    expect(report.json.delivered).toBeNull();
    expect(listed.json.data.webhookSubscriptions.nodes).toEqual([]);
  });

  it("uninstalls: deletes the app's subscriptions, revokes its tokens and sends app/uninstalled to those that have it", async () => {
    const app = await receiver();
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId);
    await call('/_sim/tunnels', { url: 'https://uninstall-1.example.com', forwardTo: app.url });
    await subscribe(domain, access_token, 'APP_UNINSTALLED', { uri: 'https://uninstall-1.example.com/uninstalled' });
    await subscribe(domain, access_token, 'ORDERS_CREATE', { uri: 'https://uninstall-1.example.com/orders' });

    const { json } = await call(`/_sim/shops/${domain}/uninstall`, { clientId });
    await app.close();

    expect(json).toMatchObject({ deletedWebhookSubscriptions: 2, delivered: { sent: 1, accepted: 1 } });
    expect(app.received.map((d) => [d.path, d.headers['x-shopify-topic']])).toEqual([['/uninstalled', 'app/uninstalled']]);
    expect(JSON.parse(app.received[0]!.body)).toMatchObject({ myshopify_domain: domain });
    expect((await call(`/_sim/shops/${domain}/webhook-subscriptions`)).json).toEqual([]);
    expect((await graphql(domain, access_token, SHOP_QUERY)).status).toBe(401);
  });
});

describe('the control API', () => {
  it('describes the installations, their tokens’ states and subscriptions, and logs OAuth requests', async () => {
    const { domain, clientId } = await shopWithApp();
    const { access_token } = await installed(domain, clientId, { expiring: true });
    await subscribe(domain, access_token, 'ORDERS_CREATE', { uri: 'https://wharf.example.com/orders' });
    await call(`/_sim/shops/${domain}/tokens`, { action: 'expire', clientId });

    const { json } = await call(`/_sim/shops/${domain}`);
    const requests = (await call(`/_sim/shops/${domain}/requests`)).json as Json[];

    const installation = json.installations.find((i: Json) => i.clientId === clientId);
    expect(installation).toMatchObject({ legacy: false, scopes: ['read_orders', 'write_products'], webhookSubscriptions: 1 });
    expect(installation.tokens).toEqual([expect.objectContaining({ kind: 'expiring', token: access_token, state: 'expired' })]);
    expect(installation.refreshTokens).toEqual([expect.objectContaining({ state: 'active' })]);
    expect(json.installations.find((i: Json) => i.legacy)).toMatchObject({ clientId: 'legacy-custom-app' });
    expect(json.webhookSubscriptions).toEqual([
      expect.objectContaining({ clientId, topic: 'ORDERS_CREATE', uri: 'https://wharf.example.com/orders', apiVersion: '2026-04' }),
    ]);
    expect(requests.filter((r) => r.operation.startsWith('oauth/')).map((r) => [r.operation, r.status, r.detail])).toEqual([
      ['oauth/authorize', 302, 'offline'],
      ['oauth/access_token', 200, 'authorization_code'],
    ]);
  });
});
