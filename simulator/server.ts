/** The simulator over HTTP: Shopify's endpoints, plus `/_sim/...` to control it. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resultLines } from './bulk-result';
import { HttpError, readBody, readJson, sendJson, streamLines } from './http';
import type { OAuthAnswer } from './oauth';
import type { SimulatorDefaults } from './shop-state';
import { Simulator } from './simulator';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The token every new shop accepts, unless the shop is created with its own. */
  accessToken?: string;
  /** How long a bulk operation runs before it completes. */
  bulkDelayMs?: number;
  restoreRate?: number;
  maximumAvailable?: number;
}

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
}

const ROUTES = {
  shops: /^\/_sim\/shops\/?$/,
  shop: /^\/_sim\/shops\/([^/]+)$/,
  shopAction:
    /^\/_sim\/shops\/([^/]+)\/(requests|faults|mutations|webhook-target|scenarios|bulk-operations|installations|tokens|uninstall|webhook-subscriptions)$/,
  webhookSubscription: /^\/_sim\/shops\/([^/]+)\/webhook-subscriptions\/([^/]+)$/,
  graphql: /^\/shops\/([^/]+)\/admin\/api\/([\w-]+)\/graphql\.json$/,
  oauth: /^\/shops\/([^/]+)\/admin\/oauth\/(authorize|access_token|access_scopes\.json)$/,
  bulkFile: /^\/bulk\/(\d+)(\.partial)?\.jsonl$/,
};

const INDEX = {
  simulator: 'Shopify Admin API simulator',
  endpoints: [
    'POST /_sim/shops {domain, seed, orders?, products?, customers?, collections?, locations?, ianaTimezone?, currency?, until?, accessToken?, apiSecretKey?, organization?, bulkDelayMs?, restoreRate?, maximumAvailable?}',
    'GET|DELETE /_sim/shops/{domain}',
    'POST /_sim/apps {clientId, clientSecret, redirectUrls?, scopes, webhooksApiVersion, organization?}',
    'GET /_sim/apps',
    'POST /_sim/shops/{domain}/installations {clientId}',
    'POST /_sim/shops/{domain}/tokens {action: expire|expire-refresh|revoke, clientId?}',
    'POST /_sim/shops/{domain}/uninstall {clientId}',
    'GET /_sim/shops/{domain}/webhook-subscriptions',
    'DELETE /_sim/shops/{domain}/webhook-subscriptions/{id}',
    'POST /_sim/tunnels {url, forwardTo?}',
    'GET /_sim/tunnels',
    'GET /_sim/deliveries?after={seq}',
    'GET /_sim/shops/{domain}/requests',
    'GET /_sim/shops/{domain}/bulk-operations',
    'POST /_sim/shops/{domain}/faults {kind, count?, entity?}',
    'POST /_sim/shops/{domain}/mutations {kind, entity, count}',
    'POST /_sim/shops/{domain}/webhook-target {url, secret}',
    'POST /_sim/shops/{domain}/scenarios {name, seed?, orders?, duplicates?, reorder?, late?, concurrency?, deliver?, secret?}',
    'POST /shops/{domain}/admin/api/{version}/graphql.json',
    'GET /shops/{domain}/admin/oauth/authorize?client_id&scope&redirect_uri&state[&grant_options[]=per-user]',
    'POST /shops/{domain}/admin/oauth/access_token',
    'GET /shops/{domain}/admin/oauth/access_scopes.json',
    'GET /bulk/{operation}.jsonl',
  ],
};

function sendOAuth(response: ServerResponse, answer: OAuthAnswer): void {
  if (answer.html === undefined) {
    sendJson(response, answer.status, answer.json ?? {}, answer.headers);
    return;
  }
  response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(answer.html), ...answer.headers });
  response.end(answer.html);
}

/** The Admin API's token header; only `X-Shopify-Access-Token` is read, as Shopify reads only it. */
function accessTokenOf(request: IncomingMessage): string | null {
  const token = request.headers['x-shopify-access-token'];
  return typeof token === 'string' ? token : null;
}

async function route(simulator: Simulator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const graphqlMatch = ROUTES.graphql.exec(path);
  if (graphqlMatch) {
    if (method !== 'POST') throw new HttpError(405, 'GraphQL takes POST');
    const answer = simulator.graphql(decodeURIComponent(graphqlMatch[1]!), graphqlMatch[2]!, accessTokenOf(request), await readBody(request));
    return sendJson(response, answer.status, answer.body, answer.headers);
  }

  const oauthMatch = ROUTES.oauth.exec(path);
  if (oauthMatch) {
    const domain = decodeURIComponent(oauthMatch[1]!);
    const endpoint = oauthMatch[2]!;
    if (endpoint === 'access_token') {
      if (method !== 'POST') throw new HttpError(405, 'access_token takes POST');
      return sendOAuth(response, simulator.accessToken(domain, request.headers['content-type'] ?? '', await readBody(request)));
    }
    if (method !== 'GET') throw new HttpError(405, `${endpoint} takes GET`);
    return sendOAuth(
      response,
      endpoint === 'authorize' ? simulator.authorize(domain, url.searchParams) : simulator.accessScopes(domain, accessTokenOf(request)),
    );
  }

  const bulkFileMatch = ROUTES.bulkFile.exec(path);
  if (bulkFileMatch) {
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'bulk files take GET');
    const operation = simulator.bulkFile(Number(bulkFileMatch[1]), bulkFileMatch[2] !== undefined);
    if (!operation?.view) throw new HttpError(404, 'no such result file');
    response.writeHead(200, { 'content-type': 'application/jsonl', 'content-length': operation.fileSize ?? 0 });
    if (method === 'HEAD') return void response.end();
    return streamLines(response, resultLines(operation.view, operation.query, operation.fault === 'missing-parent'), operation.servedLines);
  }

  if (ROUTES.shops.test(path)) {
    if (method !== 'POST') throw new HttpError(405, 'POST a shop to create it');
    return sendJson(response, 201, simulator.createShop(await readJson(request)));
  }

  if (path === '/_sim/apps') {
    if (method === 'GET') return sendJson(response, 200, simulator.apps.list());
    if (method !== 'POST') throw new HttpError(405, 'POST an app to register it');
    return sendJson(response, 201, simulator.registerApp(await readJson(request)));
  }

  if (path === '/_sim/tunnels') {
    if (method === 'GET') return sendJson(response, 200, simulator.tunnels.list());
    if (method !== 'POST') throw new HttpError(405, 'POST a tunnel to open it');
    return sendJson(response, 201, simulator.openTunnel(await readJson(request)));
  }

  if (path === '/_sim/deliveries') {
    if (method !== 'GET') throw new HttpError(405, 'captured deliveries take GET');
    return sendJson(response, 200, simulator.tunnels.capturedAfter(Number(url.searchParams.get('after')) || 0));
  }

  const subscriptionMatch = ROUTES.webhookSubscription.exec(path);
  if (subscriptionMatch) {
    if (method !== 'DELETE') throw new HttpError(405, 'a webhook subscription takes DELETE');
    return sendJson(response, 200, simulator.removeWebhookSubscription(decodeURIComponent(subscriptionMatch[1]!), decodeURIComponent(subscriptionMatch[2]!)));
  }

  const shopMatch = ROUTES.shop.exec(path);
  if (shopMatch) {
    const domain = decodeURIComponent(shopMatch[1]!);
    if (method === 'DELETE') {
      simulator.removeShop(domain);
      return sendJson(response, 200, { deleted: domain });
    }
    return sendJson(response, 200, simulator.describeShop(domain));
  }

  const shopActionMatch = ROUTES.shopAction.exec(path);
  if (shopActionMatch) {
    const domain = decodeURIComponent(shopActionMatch[1]!);
    const action = shopActionMatch[2]!;
    if (method === 'GET' && action === 'requests') return sendJson(response, 200, simulator.shop(domain).requests);
    if (method === 'GET' && action === 'webhook-subscriptions') return sendJson(response, 200, simulator.webhookSubscriptions(domain));
    if (method === 'GET' && action === 'bulk-operations') {
      return sendJson(
        response,
        200,
        simulator.operations.ofShop(simulator.shop(domain)).map((op) => ({
          id: op.id,
          entity: op.query.entity,
          status: op.status,
          errorCode: op.errorCode,
          objectCount: op.objectCount,
          fileSize: op.fileSize,
        })),
      );
    }
    if (method !== 'POST') throw new HttpError(405, `${action} takes POST`);
    const body = await readJson(request);
    if (action === 'faults') return sendJson(response, 200, simulator.armFault(domain, body));
    if (action === 'mutations') return sendJson(response, 200, await simulator.mutate(domain, body));
    if (action === 'webhook-target') return sendJson(response, 200, simulator.setWebhookTarget(domain, body));
    if (action === 'scenarios') return sendJson(response, 200, await simulator.runScenario(domain, body));
    if (action === 'installations') return sendJson(response, 200, simulator.install(domain, body));
    if (action === 'tokens') return sendJson(response, 200, simulator.tokens(domain, body));
    if (action === 'uninstall') return sendJson(response, 200, await simulator.uninstall(domain, body));
  }

  if (path === '/' || path === '/_sim' || path === '/_sim/health') return sendJson(response, 200, { ok: true, ...INDEX });
  throw new HttpError(404, `no route for ${method} ${path}`);
}

export async function startShopifySimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const defaults: SimulatorDefaults = {
    accessToken: options.accessToken ?? 'shpat_sim_token',
    bulkDelayMs: options.bulkDelayMs ?? 30,
    restoreRate: options.restoreRate ?? 100,
    maximumAvailable: options.maximumAvailable ?? 2000,
  };
  const simulator = new Simulator(defaults);
  const server = createServer((request, response) => {
    route(simulator, request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      if (error instanceof HttpError) return sendJson(response, error.status, { error: error.message, details: error.details });
      console.error('shopify simulator:', error);
      sendJson(response, 500, { error: (error as Error).message });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  simulator.baseUrl = url;
  return {
    url,
    close: async () => {
      simulator.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
