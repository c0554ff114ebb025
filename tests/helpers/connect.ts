/**
 * Connecting shops to Wharf through the simulator's OAuth, as a merchant's browser would: the
 * test app registered in the simulator (the client id and secret vitest.config.ts gives the
 * Worker), a tunnel holding what Shopify sends to Wharf's public address, and the hops between.
 */
import { env, SELF } from 'cloudflare:test';
import type { CapturedDelivery } from '../../simulator/tunnels';
import { REQUIRED_SCOPES } from '../../src/connect/scopes';
import { simUrl } from './resync';

export const PUBLIC_URL = 'https://wharf.test';
export const ORGANIZATION = 'wharf-test-organization';

export async function sim<T>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const response = await fetch(`${simUrl()}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The app Wharf is, in the simulator's Dev Dashboard, and the tunnel that holds what Shopify sends it. */
export async function registerTestApp() {
  await sim('/_sim/apps', {
    clientId: env.SHOPIFY_CLIENT_ID,
    clientSecret: env.SHOPIFY_WEBHOOK_SECRET,
    redirectUrls: [`${PUBLIC_URL}/shopify/callback`],
    scopes: REQUIRED_SCOPES,
    webhooksApiVersion: env.SHOPIFY_API_VERSION,
    organization: ORGANIZATION,
  });
  await sim('/_sim/tunnels', { url: PUBLIC_URL });
}

/** A small generated shop in the simulator, not yet connected to Wharf. */
export const simulatedShop = (domain: string, options: Record<string, unknown> = {}) =>
  sim<{ shopUrl: string }>('/_sim/shops', { domain, seed: 11, orders: 12, products: 4, customers: 6, collections: 1, locations: 1, ...options });

/** What the browser is sent to, and the cookies it keeps, hop by hop. */
export async function openInstallLink(domain: string): Promise<{ authorizeUrl: string; cookie: string }> {
  const response = await SELF.fetch(`${PUBLIC_URL}/shopify/install?shop=${domain}`, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`install link: HTTP ${response.status} ${await response.text()}`);
  return { authorizeUrl: response.headers.get('location')!, cookie: response.headers.get('set-cookie')!.split(';')[0]! };
}

/** The merchant approves: Shopify redirects the browser to Wharf's callback. */
export async function approve(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize: HTTP ${response.status} ${await response.text()}`);
  return response.headers.get('location')!;
}

export const openCallback = (callbackUrl: string, cookie?: string) => SELF.fetch(callbackUrl, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

/** The whole install: link, approval, callback. Answers the callback's response. */
export async function install(domain: string): Promise<Response> {
  const { authorizeUrl, cookie } = await openInstallLink(domain);
  return openCallback(await approve(authorizeUrl), cookie);
}

let seen = 0;

/** Posts to the Worker what Shopify sent the shop's subscriptions since the last call; answers their topics. */
export async function forwardDeliveries(domain: string): Promise<string[]> {
  const held = await sim<CapturedDelivery[]>(`/_sim/deliveries?after=${seen}`);
  const topics: string[] = [];
  for (const delivery of held) {
    seen = Math.max(seen, delivery.seq);
    if (delivery.shopDomain !== domain) continue;
    const response = await SELF.fetch(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    if (response.status !== 200) throw new Error(`delivery of ${delivery.topic}: HTTP ${response.status} ${await response.text()}`);
    topics.push(delivery.topic);
  }
  return topics;
}

export interface SimSubscription {
  id: string;
  topic: string;
  uri: string;
}

export const simSubscriptions = (domain: string) => sim<SimSubscription[]>(`/_sim/shops/${domain}/webhook-subscriptions`);
