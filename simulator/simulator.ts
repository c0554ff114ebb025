/**
 * The simulator's state and operations, independent of HTTP: shops, bulk operations, and the
 * control actions tests use (faults, mutations, webhook targets, scenarios).
 */
import { z } from 'zod';
import { type GraphqlResponse, handleAdminGraphql } from './admin-graphql';
import { type BulkOperation, BulkOperations } from './bulk-operations';
import { faultRequest } from './faults';
import { HttpError } from './http';
import { gid } from './ids';
import { applyMutation, mutationRequest } from './mutations';
import { Random, seedFrom } from './random';
import { restJson } from './rest-json';
import { planDeliveries, scenarioRequest } from './scenarios';
import { type ShopCounts, SimulatedShop, type SimulatorDefaults, shopRequest } from './shop-state';
import { localIso, SECOND, wholeSeconds } from './time';
import { type Delivery, type DeliveryReport, deliverAll, encoder, signedHeaders } from './webhooks';

export const webhookTargetRequest = z.object({ url: z.url(), secret: z.string().min(1) });

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
  readonly operations: BulkOperations;
  private readonly closing = new AbortController();
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
      counts: shop.counts(),
      webhookTarget: shop.target?.url ?? null,
      faults: shop.faults.pending(),
    };
  }

  graphql(domain: string, apiVersion: string, token: string | null, body: string): GraphqlResponse {
    const shop = this.shops.get(domain);
    if (!shop) return { status: 404, body: { errors: 'Not Found' } };
    return handleAdminGraphql(shop, token, body, { operations: this.operations, baseUrl: this.baseUrl, apiVersion });
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

  private deliver(shop: SimulatedShop, deliveries: Iterable<Delivery>, concurrency = 8): Promise<DeliveryReport> {
    return deliverAll(shop.target!, shop.domain, deliveries, { concurrency, signal: this.closing.signal });
  }

  async mutate(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const request = parse(mutationRequest, body);
    const { ids, changes } = applyMutation(shop.model, request, shop.mutations++, this.changeTime(shop));
    const rng = new Random(seedFrom('mutation-webhooks', shop.model.seed, shop.mutations));
    const deliveries = changes.events.map((event) => ({ ...event, webhookId: rng.uuid(), eventId: rng.uuid(), triggeredAt: event.at }));
    const delivered = shop.target ? await this.deliver(shop, deliveries) : null;
    await this.settle(changes.latest);
    return { kind: request.kind, entity: request.entity, ids, webhooks: deliveries.length, delivered };
  }

  async runScenario(domain: string, body: unknown) {
    const shop = this.shop(domain);
    const request = parse(scenarioRequest.extend({ deliver: z.boolean().default(true), secret: z.string().min(1).optional() }), body);
    if (request.deliver && !shop.target) {
      throw new HttpError(409, `shop ${domain} has no webhook target: POST /_sim/shops/${domain}/webhook-target first, or pass "deliver": false`);
    }
    const planned = planDeliveries(shop.model, request, shop.scenarios++, shop.horizon, Date.now());
    const summary = { scenario: request.name, events: planned.events, duplicates: planned.duplicates };

    if (!request.deliver) {
      const secret = request.secret ?? shop.target?.secret;
      if (!secret) throw new HttpError(400, 'pass "secret" to sign deliveries that are returned instead of sent');
      const deliveries = [];
      for (const delivery of planned.deliveries) {
        const text = delivery.body();
        deliveries.push({ topic: delivery.topic, headers: await signedHeaders(domain, delivery, encoder.encode(text), secret), body: text });
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
    if (!shop.target || this.closing.signal.aborted) return;
    const timeZone = shop.model.info.ianaTimezone;
    const rng = new Random(seedFrom('bulk-finish', operation.number));
    const delivery: Delivery = {
      topic: 'bulk_operations/finish',
      webhookId: rng.uuid(),
      eventId: rng.uuid(),
      triggeredAt: operation.completedAt ?? Date.now(),
      body: () =>
        restJson({
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
