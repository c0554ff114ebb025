/**
 * npm run shopify:sim -- [--port 8788] [--seed 42] [--shop DOMAIN] [--orders N] ...
 *
 * A local Shopify for demos and benchmarks: generates a shop, serves its Admin GraphQL API (bulk
 * operations, throttling, faults) and, given --wharf, delivers a scenario of signed webhooks.
 * Everything else is driven over HTTP (`/_sim/...`, see --help).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startShopifySimulator } from '../simulator';
import { devVarsPath, parseDevVars } from './lib/dev-vars';

const HELP = `npm run shopify:sim -- [options]

A local Shopify: a generated shop behind the Admin GraphQL API (bulk operations, cost-based
throttling, armed faults) that can deliver signed webhooks to Wharf.

Options
  --port N              port to listen on (8788; 0 picks a free one)
  --host HOST           address to listen on (127.0.0.1)
  --shop DOMAIN         the shop to generate (wharf-demo.myshopify.com)
  --seed N              generation seed: the same seed gives the same shop (42)
  --orders N            orders to generate (50); 200000 orders make about a million JSONL lines
  --products N          products (20), each with 1-4 variants
  --customers N         customers (30)
  --locations N         locations (2)
  --timezone ZONE       the shop's IANA time zone (America/New_York)
  --token TOKEN         the Admin API access token the shop accepts (shpat_sim_token)
  --bulk-delay-ms N     how long a bulk operation runs before it completes (30)
  --wharf URL           deliver webhooks to URL/webhooks/shopify (e.g. http://127.0.0.1:8787)
  --secret SECRET       webhook signing secret (SHOPIFY_WEBHOOK_SECRET, else the one in .dev.vars)
  --scenario NAME       with --wharf: normal-day, flash-sale, fraud-attack, promotion-blast, replay-all
  --scenario-orders N   new orders the scenario places (its own default otherwise)
  --duplicates F        fraction of deliveries sent twice with the same webhook id (0)
  --late F              fraction of deliveries held back and sent last (0)
  --reorder             deliver some older versions of an order after newer ones
  --exit                exit once the scenario is delivered instead of serving on
  --help                this text

Control API (JSON over HTTP, also what the tests use)
  POST /_sim/shops                              {domain, seed, orders?, products?, customers?, locations?,
                                                 ianaTimezone?, accessToken?, bulkDelayMs?, restoreRate?,
                                                 maximumAvailable?}  → shopUrl, adminApiUrl, accessToken, counts
  GET  /_sim/shops/{domain}                     counts, webhook target, armed faults
  GET  /_sim/shops/{domain}/requests            every GraphQL request: operation, cost, budget, throttled
  POST /_sim/shops/{domain}/faults              {kind: throttled|http429|http503|access-denied|
                                                 failed-partial|expired|canceled|missing-parent,
                                                 count?, entity?}
  POST /_sim/shops/{domain}/mutations           {kind: create|update|delete, entity, count}
  POST /_sim/shops/{domain}/webhook-target      {url, secret}
  POST /_sim/shops/{domain}/scenarios           {name, seed?, orders?, duplicates?, reorder?, late?,
                                                 concurrency?, deliver?: false to get signed deliveries back}
  POST /_sim/apps                               {clientId, clientSecret, redirectUrls?, scopes,
                                                 webhooksApiVersion, organization?}  an app, for OAuth
  POST /_sim/shops/{domain}/installations       {clientId}  install an app (for client credentials)
  POST /_sim/shops/{domain}/tokens              {action: expire|expire-refresh|revoke, clientId?}
  POST /_sim/shops/{domain}/uninstall           {clientId}
  POST /_sim/tunnels                            {url: https://..., forwardTo?}  where subscriptions deliver
  GET  /_sim/deliveries?after=N                 deliveries held by tunnels without forwardTo
  POST /shops/{domain}/admin/api/2026-01/graphql.json   X-Shopify-Access-Token: the shop's token
  GET  /shops/{domain}/admin/oauth/authorize    and POST .../access_token, GET .../access_scopes.json
  GET  /bulk/{operation}.jsonl                  a completed bulk operation's result
`;

const OPTIONS = {
  port: { type: 'string', default: '8788' },
  host: { type: 'string', default: '127.0.0.1' },
  shop: { type: 'string', default: 'wharf-demo.myshopify.com' },
  seed: { type: 'string', default: '42' },
  orders: { type: 'string', default: '50' },
  products: { type: 'string', default: '20' },
  customers: { type: 'string', default: '30' },
  locations: { type: 'string', default: '2' },
  timezone: { type: 'string', default: 'America/New_York' },
  token: { type: 'string', default: 'shpat_sim_token' },
  'bulk-delay-ms': { type: 'string', default: '30' },
  wharf: { type: 'string' },
  secret: { type: 'string' },
  scenario: { type: 'string' },
  'scenario-orders': { type: 'string' },
  duplicates: { type: 'string', default: '0' },
  late: { type: 'string', default: '0' },
  reorder: { type: 'boolean', default: false },
  exit: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseOptions() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
}

const values = parseOptions();

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function integer(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} expects a whole number, got ${text}`);
    process.exit(2);
  }
  return value;
}

function fraction(name: string, text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) {
    console.error(`--${name} expects a fraction between 0 and 1, got ${text}`);
    process.exit(2);
  }
  return value;
}

function webhookSecret(): string | undefined {
  if (values.secret) return values.secret;
  if (process.env.SHOPIFY_WEBHOOK_SECRET) return process.env.SHOPIFY_WEBHOOK_SECRET;
  return existsSync(devVarsPath) ? parseDevVars(readFileSync(devVarsPath, 'utf8')).SHOPIFY_WEBHOOK_SECRET : undefined;
}

if (values.scenario && !values.wharf) {
  console.error('--scenario needs --wharf URL to deliver to');
  process.exit(2);
}

const simulator = await startShopifySimulator({
  port: integer('port', values.port),
  host: values.host,
  accessToken: values.token,
  bulkDelayMs: integer('bulk-delay-ms', values['bulk-delay-ms']),
});

async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${simulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function stop(code: number): Promise<never> {
  await simulator.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

try {
  const started = Date.now();
  const shop = await call('/_sim/shops', {
    domain: values.shop,
    seed: integer('seed', values.seed),
    orders: integer('orders', values.orders),
    products: integer('products', values.products),
    customers: integer('customers', values.customers),
    locations: integer('locations', values.locations),
    ianaTimezone: values.timezone,
  });
  console.log(`
  Shopify simulator at ${simulator.url}  (${values.shop}, seed ${values.seed}, generated in ${Date.now() - started} ms)
    Admin API     POST ${shop.adminApiUrl as string}
    access token  ${shop.accessToken as string}
    counts        ${JSON.stringify(shop.counts)}

  Register it with Wharf:  npx wharf shops register --shop ${values.shop} --token ${shop.accessToken as string} --shop-url ${shop.shopUrl as string}
  Arm a fault:             curl -X POST ${simulator.url}/_sim/shops/${values.shop}/faults -d '{"kind":"failed-partial","entity":"orders"}'
  Change some orders:      curl -X POST ${simulator.url}/_sim/shops/${values.shop}/mutations -d '{"kind":"update","entity":"orders","count":5}'
  See the GraphQL calls:   curl ${simulator.url}/_sim/shops/${values.shop}/requests
`);

  if (values.wharf) {
    const secret = webhookSecret();
    if (!secret) throw new Error('no webhook secret: pass --secret, set SHOPIFY_WEBHOOK_SECRET, or run `npm start` once to create .dev.vars');
    const base = new URL(values.wharf);
    const target = base.pathname === '/' ? new URL('/webhooks/shopify', base).href : base.href;
    await call(`/_sim/shops/${values.shop}/webhook-target`, { url: target, secret });
    console.log(`  Webhooks (mutations, scenarios, bulk_operations/finish) go to ${target}`);
    if (values.scenario) {
      console.log(`  Running scenario ${values.scenario}...`);
      const report = await call(`/_sim/shops/${values.shop}/scenarios`, {
        name: values.scenario,
        ...(values['scenario-orders'] ? { orders: integer('scenario-orders', values['scenario-orders']) } : {}),
        duplicates: fraction('duplicates', values.duplicates),
        late: fraction('late', values.late),
        reorder: values.reorder,
      });
      console.log(`  ${JSON.stringify(report, null, 2).replaceAll('\n', '\n  ')}`);
      if (values.exit) await stop(Number(report.failed) > 0 ? 1 : 0);
    }
  }
  console.log('  Serving; Ctrl-C to stop.');
} catch (error) {
  console.error((error as Error).message);
  await stop(1);
}
