/**
 * The simulator's state and operations, independent of HTTP: shops, apps, bulk operations, and
 * the control actions tests use (faults, mutations, webhook targets, scenarios, installs,
 * tokens, tunnels).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type GraphqlResponse, handleAdminGraphql } from './admin-graphql';
import { AppRegistry, appRequest } from './apps';
import { type BulkOperation, BulkOperations } from './bulk-operations';
import { restContext } from './events';
import { faultRequest } from './faults';
import { HttpError } from './http';
import { gid } from './ids';
import { applyMutation, mutationRequest } from './mutations';
import { accessScopes, accessToken, authorize, type OAuthAnswer } from './oauth';
import { Random, seedFrom } from './random';
import { restJson } from './rest-json';
import { restShop } from './rest-view';
import { planDeliveries, scenarioRequest } from './scenarios';
import { type ShopCounts, SimulatedShop, type SimulatorDefaults, shopRequest } from './shop-state';
import { localIso, SECOND, wholeSeconds } from './time';
import { Tunnels, tunnelRequest } from './tunnels';
import { describeSubscription, subscriptionDestination, subscriptionIdOf, type WebhookSubscription } from './webhook-subscriptions';
import { topicEnumName } from './webhook-topics';
import { type Delivery, type DeliveryReport, type Destination, deliverAll, encoder, fetchSend, signedHeaders, targetDestination } from './webhooks';

export const webhookTargetRequest = z.object({ url: z.url(), secret: z.string().min(1) });
const installRequest = z.object({ clientId: z.string().min(1) });
const tokensRequest = z.object({ action: z.enum(['expire', 'expire-refresh', 'revoke']), clientId: z.string().min(1).optional() });

export interface CreatedShop {
  domain: string;
  seed: number;
  shopUrl: string;
  adminApiUrl: string;
  accessToken: string;
  counts: ShopCounts;
  generatedInMs: number;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(
      400,
      'invalid request body',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Simulator {
  private readonly shops = new Map<string, SimulatedShop>();
  readonly apps = new AppRegistry();
  readonly tunnels = new Tunnels();
  readonly operations: BulkOperations;
  private readonly closing = new AbortController();
  private readonly send = this.tunnels.sender(fetchSend);
  private subscriptionIds = 0;
  baseUrl = '';

  constructor(private readonly defaults: SimulatorDefaults) {
    this.operations = new BulkOperations((operation) => this.announceFinish(operation));
  }

  shop(domain: string): SimulatedShop {
    const shop = this.shops.get(domain);
    if (!shop) throw new HttpError(404, `no simulated shop ${domain}: POST /_sim/shops first`);
    return shop;
  }

  /** Where a shop's Admin API is served: `{shopUrl}/admin/api/{version}/graphql.json`, any version. */
  shopUrl(domain: string): string {
    return `${this.baseUrl}/shops/${domain}`;
  }

  adminApiUrl(domain: string): string {
    return `${this.shopUrl(domain)}/admin/api/2026-01/graphql.json`;
  }

  createShop(body: unknown): CreatedShop {
    const request = parse(shopRequest, body);
    const started = performance.now();
    const shop = new SimulatedShop(request, this.defaults);
    const previous = this.shops.get(shop.domain);
    if (previous) this.operations.forget(previous);
    this.shops.set(shop.domain, shop);
    return {
      domain: shop.domain,
      seed: request.seed,
      shopUrl: this.shopUrl(shop.domain),
      adminApiUrl: this.adminApiUrl(shop.domain),
      accessToken: shop.accessToken,
      counts: shop.counts(),
      generatedInMs: Math.round(performance.now() - started),
    };
  }

  removeShop(domain: string): void {
    this.operations.forget(this.shop(domain));
    this.shops.delete(domain);
  }

  describeShop(domain: string) {
    const shop = this.shop(domain);
    return {
      domain,
      seed: shop.model.seed,
      shopUrl: this.shopUrl(domain),
      adminApiUrl: this.adminApiUrl(domain),
      accessToken: shop.accessToken,
      organization: shop.organization,
      counts: shop.counts(),
      webhookTarget: shop.target?.url ?? null,
      installations: shop.auth.describe(Date.now()),
      webhookSubscriptions: this.subscriptionsOf(shop).map(describeSubscription),
      faults: shop.faults.pending(),
    };
  }

  graphql(domain: string, apiVersion: string, token: string | null, body: string): GraphqlResponse {
    const shop = this.shops.get(domain);
    if (!shop) return { status: 404, body: { errors: 'Not Found' } };
    return handleAdminGraphql(shop, token, body, {
      operations: this.operations,
      baseUrl: this.baseUrl,
      apiVersion,
      newSubscriptionId: () => String(1_000_000_000_000 + ++this.subscriptionIds),
    });
  }

  /** The OAuth endpoints on a shop's URL; an unknown shop is a 404, as for the Admin API. */
  oauth(domain: string, handle: (shop: SimulatedShop, now: number) => OAuthAnswer): OAuthAnswer {
    const shop = this.shops.get(domain);
    return shop ? handle(shop, Date.now()) : { status: 404, json: { errors: 'Not Found' } };
  }

  authorize(domain: string, query: URLSearchParams): OAuthAnswer {
    return this.oauth(domain, (shop, now) => authorize(shop, this.apps, query, now));
  }

  accessToken(domain: string, contentType: string, body: string): OAuthAnswer {
    return this.oauth(domain, (shop, now) => accessToken(shop, this.apps, contentType, body, now));
  }

  accessScopes(domain: string, token: string | null): OAuthAnswer {
    return this.oauth(domain, (shop, now) => accessScopes(shop, token, now));
  }

  registerApp(body: unknown) {
    return this.apps.register(parse(appRequest, body));
  }

  /** "Install app" from the Dev Dashboard: the app gets its configured scopes, and no token (the client credentials grant gives one). */
  install(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const { clientId } = parse(installRequest, body);
    const app = this.apps.get(clientId);
    if (!app) throw new HttpError(404, `no app ${clientId}: POST /_sim/apps first`);
    const installation = shop.auth.install(app, app.scopes, Date.now());
    return { domain, clientId, scopes: installation.scopes };
  }

  tokens(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const request = parse(tokensRequest, body);
    return { domain, ...request, affected: shop.auth.apply(request.action, request.clientId, Date.now()) };
  }

  /** Uninstalls an app as the merchant would: tokens die at once, API-created subscriptions are deleted, app/uninstalled is sent. */
  async uninstall(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const { clientId } = parse(installRequest, body);
    const now = Date.now();
    const removed = shop.auth.uninstall(clientId, now);
    if (!removed) throw new HttpError(404, `app ${clientId} is not installed on ${domain}`);
    const context = restContext(shop.model);
    const delivery: Delivery = {
      topic: 'app/uninstalled',
      webhookId: randomUUID(),
      eventId: randomUUID(),
      triggeredAt: wholeSeconds(now),
      payload: () => restShop(context, shop.model.info),
    };
    const destinations = this.destinations(shop, delivery.topic, removed.subscriptions);
    const delivered = await deliverAll(() => destinations, domain, [delivery], { signal: this.closing.signal, send: this.send });
    return { domain, clientId, deletedWebhookSubscriptions: removed.subscriptions.length, delivered };
  }

  private subscriptionsOf(shop: SimulatedShop): WebhookSubscription[] {
    return shop.auth.installed().flatMap((installation) => [...installation.subscriptions.values()]);
  }

  webhookSubscriptions(domain: string) {
    return this.subscriptionsOf(this.shop(domain)).map(describeSubscription);
  }

  /** Deletes a subscription as Shopify does after its deliveries keep failing: silently, for good. */
  removeWebhookSubscription(domain: string, given: string) {
    const id = subscriptionIdOf(given) ?? given;
    const installation = this.shop(domain)
      .auth.installed()
      .find((candidate) => candidate.subscriptions.has(id));
    if (!installation) throw new HttpError(404, `no webhook subscription ${given} on ${domain}`);
    installation.subscriptions.delete(id);
    return { deleted: gid('WebhookSubscription', id) };
  }

  openTunnel(body: unknown) {
    return this.tunnels.open(parse(tunnelRequest, body));
  }

  bulkFile(number: number, partial: boolean): BulkOperation | null {
    const operation = this.operations.byNumber(number);
    if (!operation?.view || operation.partial !== partial) return null;
    return operation;
  }

  armFault(domain: string, body: unknown) {
    const shop = this.shop(domain);
    shop.faults.arm(parse(faultRequest, body));
    return { faults: shop.faults.pending() };
  }

  setWebhookTarget(domain: string, body: unknown) {
    const shop = this.shop(domain);
    shop.target = parse(webhookTargetRequest, body);
    return { domain, url: shop.target.url };
  }

  /** When the next change may be stamped: now, but after every bulk query already started. */
  private changeTime(shop: SimulatedShop): number {
    return Math.max(wholeSeconds(Date.now()), wholeSeconds(shop.horizon) + SECOND);
  }

  /** Answers only once the clock has passed every stamp handed out, so no change lies in the future. */
  private async settle(latest: number): Promise<void> {
    const wait = latest - Date.now() + 1;
    if (wait > 0) await sleep(wait);
  }

  /** Where an event of `topic` goes: the shop's target, and every subscription of the topic (by default the API-created ones there are now). */
  private destinations(shop: SimulatedShop, topic: string, subscriptions = this.subscriptionsOf(shop)): Destination[] {
    const name = topicEnumName(topic);
    return [
      ...(shop.target ? [targetDestination(shop.target)] : []),
      ...subscriptions.filter((subscription) => subscription.topic.name === name).map(subscriptionDestination),
    ];
  }

  private receivesWebhooks(shop: SimulatedShop): boolean {
    return shop.target !== null || this.subscriptionsOf(shop).length > 0;
  }

  private deliver(shop: SimulatedShop, deliveries: Iterable<Delivery>, concurrency = 8): Promise<DeliveryReport> {
    return deliverAll((delivery) => this.destinations(shop, delivery.topic), shop.domain, deliveries, {
      concurrency,
      signal: this.closing.signal,
      send: this.send,
    });
  }

  async mutate(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const request = parse(mutationRequest, body);
    const { ids, changes } = applyMutation(shop.model, request, shop.mutations++, this.changeTime(shop));
    const rng = new Random(seedFrom('mutation-webhooks', shop.model.seed, shop.mutations));
    const deliveries = changes.events.map((event) => ({ ...event, webhookId: rng.uuid(), eventId: rng.uuid(), triggeredAt: event.at }));
    const delivered = this.receivesWebhooks(shop) ? await this.deliver(shop, deliveries) : null;
    await this.settle(changes.latest);
    return { kind: request.kind, entity: request.entity, ids, webhooks: deliveries.length, delivered };
  }

  async runScenario(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const request = parse(scenarioRequest.extend({ deliver: z.boolean().default(true), secret: z.string().min(1).optional() }), body);
    if (request.deliver && !this.receivesWebhooks(shop)) {
      throw new HttpError(
        409,
        `shop ${domain} has no webhook target and no webhook subscription: POST /_sim/shops/${domain}/webhook-target first, or pass "deliver": false`,
      );
    }
    const planned = planDeliveries(shop.model, request, shop.scenarios++, shop.horizon, Date.now());
    const summary = { scenario: request.name, events: planned.events, duplicates: planned.duplicates };

    if (!request.deliver) {
      const secret = request.secret ?? shop.target?.secret;
      if (!secret) throw new HttpError(400, 'pass "secret" to sign deliveries that are returned instead of sent');
      const deliveries = [];
      const destination = targetDestination({ url: '', secret });
      for (const delivery of planned.deliveries) {
        const text = restJson(delivery.payload());
        deliveries.push({ topic: delivery.topic, headers: await signedHeaders(domain, delivery, encoder.encode(text), destination), body: text });
      }
      await this.settle(planned.settlesAt);
      return { ...summary, events: planned.events < 0 ? deliveries.length : planned.events, sent: 0, accepted: 0, failed: 0, byTopic: {}, deliveries };
    }
    const report = await this.deliver(shop, planned.deliveries, request.concurrency);
    await this.settle(planned.settlesAt);
    return { ...summary, events: planned.events < 0 ? report.sent : planned.events, ...report };
  }

  /** bulk_operations/finish, as Shopify sends it when an operation ends. */
  private announceFinish(operation: BulkOperation): void {
    const shop = operation.shop;
    if (this.closing.signal.aborted) return;
    const timeZone = shop.model.info.ianaTimezone;
    const rng = new Random(seedFrom('bulk-finish', operation.number));
    const delivery: Delivery = {
      topic: 'bulk_operations/finish',
      webhookId: rng.uuid(),
      eventId: rng.uuid(),
      triggeredAt: operation.completedAt ?? Date.now(),
      payload: () => ({
        admin_graphql_api_id: gid('BulkOperation', String(operation.number)),
        completed_at: operation.completedAt === null ? null : localIso(operation.completedAt, timeZone),
        created_at: localIso(operation.createdAt, timeZone),
        error_code: operation.errorCode?.toLowerCase() ?? null,
        status: operation.status.toLowerCase(),
        type: 'query',
      }),
    };
    this.deliver(shop, [delivery]).catch(() => undefined);
  }

  close(): void {
    this.closing.abort();
    this.operations.close();
  }
}
