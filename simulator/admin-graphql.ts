/**
 * `POST /shops/{domain}/admin/api/{version}/graphql.json`: the operations a resync uses
 * (bulkOperationRunQuery, node / currentBulkOperation polling, shop) and those connecting a
 * store uses (webhook subscriptions, the installation's scopes: admin-webhooks.ts), behind
 * Shopify's access token check, the token's scopes, cost-based throttling and whatever faults
 * the test armed.
 */
import { z } from 'zod';
import { accessDenied, ENTITY_SCOPES, grantsAny } from './access-scopes';
import { MUTATION_COST, WebhookFields } from './admin-webhooks';
import { type BulkOperations, gqlBulkOperation, MAX_RUNNING_PER_SHOP } from './bulk-operations';
import { type BulkQuery, BulkQueryError, compileBulkQuery } from './bulk-query';
import type { GraphqlError } from './graphql-args';
import { argumentValue, type FieldNode, GraphqlSyntaxError, type OperationNode, parseOperation } from './graphql-parse';
import { type GqlObject, type GqlValue, gqlDiscountCodeNode, gqlRefundDetail, gqlShop } from './graphql-view';
import type { Installation } from './installations';
import { type ModelView, viewOf } from './model';
import { UNAUTHORIZED } from './oauth';
import { schemaFor } from './schema';
import { compileSelection, type Plan, project, projectPaged, SelectionError } from './selection';
import type { SimulatedShop } from './shop-state';
import { wholeSeconds } from './time';

export interface GraphqlResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

const requestBody = z.object({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

const COSTS: Readonly<Record<string, number>> = {
  bulkOperationRunQuery: 10,
  node: 1,
  currentBulkOperation: 1,
  shop: 1,
  webhookSubscriptionCreate: MUTATION_COST,
  webhookSubscriptionUpdate: MUTATION_COST,
  webhookSubscriptionDelete: MUTATION_COST,
};

const RATE_LIMIT_DOCS = 'https://shopify.dev/api/usage/rate-limits';

interface Context {
  operations: BulkOperations;
  baseUrl: string;
  /** The version in the request's path, recorded with it. */
  apiVersion: string;
  newSubscriptionId: () => string;
}

function costOf(shop: SimulatedShop, requested: number, actual: number | null) {
  return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: shop.bucket.status() };
}

/** The bulk query a bulkOperationRunQuery field names, or the reason it cannot run. */
function bulkQueryOf(field: FieldNode, variables: Readonly<Record<string, unknown>>): BulkQuery | BulkQueryError {
  const text = argumentValue(field.args.query, variables);
  if (typeof text !== 'string') return new BulkQueryError('Invalid bulk query: the query argument is required');
  try {
    return compileBulkQuery(text);
  } catch (error) {
    if (error instanceof BulkQueryError) return error;
    throw error;
  }
}

function runBulkQuery(shop: SimulatedShop, query: BulkQuery | BulkQueryError, context: Context): GqlObject {
  if (query instanceof BulkQueryError) {
    return { bulkOperation: null, userErrors: query.messages.map((message) => ({ field: ['query'], message, code: 'INVALID' })) };
  }
  const running = context.operations.running(shop);
  if (running.length >= MAX_RUNNING_PER_SHOP) {
    return {
      bulkOperation: null,
      userErrors: [
        {
          field: null,
          message: `A bulk query operation for this app and shop is already in progress: ${running.map((op) => op.id).join(', ')}.`,
          code: 'OPERATION_IN_PROGRESS',
        },
      ],
    };
  }
  const operation = context.operations.start(shop, query, shop.faults.forOperation(query.entity));
  return { bulkOperation: gqlBulkOperation(operation, context.baseUrl), userErrors: [] };
}

/** The object a gid names, as `node(id:)` finds it: a bulk operation of this shop, a refund, or a code discount. */
function nodeById(shop: SimulatedShop, id: unknown, context: Context, view: () => ModelView): GqlObject | null {
  const match = typeof id === 'string' ? /^gid:\/\/shopify\/(BulkOperation|Refund|DiscountCodeNode)\/(\d+)$/.exec(id) : null;
  if (!match) return null;
  if (match[1] === 'BulkOperation') {
    const operation = context.operations.byNumber(Number(match[2]));
    return operation && operation.shop === shop ? gqlBulkOperation(operation, context.baseUrl) : null;
  }
  if (match[1] === 'DiscountCodeNode') {
    const discount = shop.model.discounts.get(match[2]!);
    return discount?.method === 'code' ? gqlDiscountCodeNode(discount, view()) : null;
  }
  const order = shop.model.orders.get(shop.model.refundOrders.get(match[2]!) ?? '');
  const refund = order?.refunds.find((r) => r.id === match[2]);
  return order && refund ? gqlRefundDetail(refund, order, shop.model.info.currency) : null;
}

/** Points a synchronous query asks for: an object costs 1, a connection 2 plus `first` times its node (Shopify's estimate). */
function requestedCost(plan: Plan): number {
  let cost = 1;
  for (const field of plan.fields) {
    if (!field.plan) continue;
    cost += field.kind === 'connection' ? 2 + (field.page?.first ?? 0) * requestedCost(field.plan) : requestedCost(field.plan);
  }
  return cost;
}

/**
 * Points an answer actually cost: as `requestedCost`, counting what came back instead of what was
 * asked for. "The actual cost is based on the results returned, since the query can end early due
 * to an object type field returning null, or connection fields can return fewer edges than
 * requested" (<https://help.shopify.com/en/api/graphql-admin-api/call-limit>, "Requested and
 * actual cost"). A list of objects costs what it was estimated at.
 */
function returnedCost(value: GqlValue, plan: Plan): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value === null ? 0 : requestedCost(plan);
  let cost = 1;
  for (const field of plan.fields) {
    if (!field.plan) continue;
    const returned = (value as GqlObject)[field.key] ?? null;
    if (field.kind !== 'connection') {
      cost += Array.isArray(returned) ? requestedCost(field.plan) : returnedCost(returned, field.plan);
      continue;
    }
    const page = field.page!;
    const edges = ((returned as GqlObject | null)?.[page.edgesKey] ?? []) as readonly GqlObject[];
    cost += 2 + edges.reduce((sum, edge) => sum + returnedCost(edge[page.nodeKey] ?? null, field.plan!), 0);
  }
  return cost;
}

/** What a root field's answer cost: `node` and `nodes` by what they returned, any other field what it was estimated at. */
function answeredCost(field: FieldNode, plan: Plan | null, value: GqlValue, requested: number): number {
  if (!plan || (field.name !== 'node' && field.name !== 'nodes')) return requested;
  return Array.isArray(value) ? value.reduce((sum: number, item) => sum + returnedCost(item, plan), 0) : returnedCost(value, plan);
}

function fieldCost(field: FieldNode, plan: Plan | null, variables: Readonly<Record<string, unknown>>, webhooks: WebhookFields): number {
  if (field.name === 'webhookSubscriptions') return webhooks.listCost(field, variables);
  if (field.name === 'nodes') {
    const ids = argumentValue(field.args.ids, variables);
    return (Array.isArray(ids) ? ids.length : 1) * (plan ? requestedCost(plan) : 1);
  }
  if (field.name === 'node' && plan) return requestedCost(plan);
  return COSTS[field.name] ?? 1;
}

/** Synchronous queries must page every connection, as Shopify requires, at most 250 nodes a page. */
function unpagedConnection(plan: Plan): string | null {
  for (const field of plan.fields) {
    if (field.kind === 'connection' && (field.page?.first === null || field.page!.first! > 250 || field.page!.first! < 0)) return field.name;
    const nested = field.plan ? unpagedConnection(field.plan) : null;
    if (nested) return nested;
  }
  return null;
}

function resolveField(
  shop: SimulatedShop,
  field: FieldNode,
  variables: Readonly<Record<string, unknown>>,
  bulk: BulkQuery | BulkQueryError | null,
  context: Context,
  request: { installation: Installation; webhooks: WebhookFields; now: number; fail: (error: GraphqlError) => null },
): GqlValue {
  if (request.webhooks.serves(field)) return request.webhooks.resolve(field, variables, { ...request, newSubscriptionId: context.newSubscriptionId });
  // A snapshot of the shop, taken once per field and only when a node needs one (a discount's usage is counted over the orders).
  let snapshot: ModelView | undefined;
  const view = () => (snapshot ??= viewOf(shop.model));
  switch (field.name) {
    case 'bulkOperationRunQuery':
      return runBulkQuery(shop, bulk!, context);
    case 'node':
      return nodeById(shop, argumentValue(field.args.id, variables), context, view);
    case 'nodes': {
      const ids = argumentValue(field.args.ids, variables);
      return Array.isArray(ids) ? ids.map((id) => nodeById(shop, id, context, view)) : [];
    }
    case 'currentBulkOperation': {
      const operation = context.operations.latest(shop);
      return operation ? gqlBulkOperation(operation, context.baseUrl) : null;
    }
    case 'shop':
      return gqlShop(shop.model.info, shop.domain);
    default:
      return null;
  }
}

function graphqlError(error: SelectionError) {
  return { message: error.message, extensions: { code: error.code, typeName: error.typeName, fieldName: error.fieldName } };
}

/** The variables a request gave, and the declared defaults of those it did not. */
function withDefaults(operation: OperationNode, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...given };
  for (const [name, definition] of Object.entries(operation.variables)) {
    if (!(name in variables) && definition.defaultValue) variables[name] = argumentValue(definition.defaultValue, {});
  }
  return variables;
}

export function handleAdminGraphql(shop: SimulatedShop, token: string | null, rawBody: string, context: Context): GraphqlResponse {
  const log = (
    operation: string,
    cost: number,
    availableBefore: number,
    status: number,
    extra: { throttled?: boolean; fault?: string; actualCost?: number } = {},
  ) =>
    shop.log({
      operation,
      apiVersion: context.apiVersion,
      cost,
      ...(extra.actualCost === undefined ? {} : { actualCost: extra.actualCost }),
      availableBefore,
      throttled: extra.throttled ?? false,
      status,
      ...(extra.fault ? { fault: extra.fault } : {}),
    });

  const now = Date.now();
  const access = shop.auth.authenticate(token, now);
  if (!access) {
    log('unauthorized', 0, shop.bucket.currentlyAvailable(), 401);
    return { status: 401, body: UNAUTHORIZED };
  }
  const { installation } = access;

  let body: z.infer<typeof requestBody>;
  try {
    body = requestBody.parse(JSON.parse(rawBody));
  } catch {
    log('invalid', 0, shop.bucket.currentlyAvailable(), 400);
    return { status: 400, body: { errors: 'Bad Request: expected a JSON body with a "query" string' } };
  }
  let variables: Record<string, unknown> = body.variables ?? {};

  let operation: OperationNode;
  let plans: Plan;
  try {
    operation = parseOperation(body.query);
    variables = withDefaults(operation, variables);
    plans = compileSelection(operation.type === 'mutation' ? 'Mutation' : 'QueryRoot', operation.selections, variables, schemaFor(context.apiVersion));
  } catch (error) {
    if (error instanceof GraphqlSyntaxError) {
      log('invalid', 0, shop.bucket.currentlyAvailable(), 200);
      return { status: 200, body: { errors: [{ message: `syntax error: ${error.message}`, extensions: { code: 'PARSE_ERROR' } }] } };
    }
    if (error instanceof SelectionError) {
      log(error.fieldName, 0, shop.bucket.currentlyAvailable(), 200);
      return { status: 200, body: { errors: [graphqlError(error)], extensions: { cost: costOf(shop, 0, 0) } } };
    }
    throw error;
  }

  const webhooks = new WebhookFields(context.apiVersion);
  const argumentErrors = operation.selections
    .filter((field) => webhooks.serves(field))
    .flatMap((field) => webhooks.checkArguments(field, operation, variables));
  if (argumentErrors.length > 0) {
    log('invalid', 0, shop.bucket.currentlyAvailable(), 200);
    return { status: 200, body: { errors: argumentErrors } };
  }

  const unpaged =
    operation.type === 'query'
      ? operation.selections.map((field) => plans.fields.find((p) => p.key === field.key)?.plan).find((plan) => plan && unpagedConnection(plan))
      : undefined;
  if (unpaged) {
    log('invalid', 0, shop.bucket.currentlyAvailable(), 200);
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `you must provide one of first or last (at most 250) for the ${unpagedConnection(unpaged)} connection`,
            extensions: { code: 'argumentLiteralsIncompatible' },
          },
        ],
      },
    };
  }
  const name = operation.selections.map((field) => field.name).join(',');
  const cost = operation.selections.reduce(
    (sum, field) => sum + fieldCost(field, plans.fields.find((p) => p.key === field.key)?.plan ?? null, variables, webhooks),
    0,
  );
  const bulkField = operation.selections.find((field) => field.name === 'bulkOperationRunQuery');
  const bulk = bulkField ? bulkQueryOf(bulkField, variables) : null;
  const entity = bulk && !(bulk instanceof BulkQueryError) ? bulk.entity : bulkField ? 'orders' : null;
  const availableBefore = shop.bucket.currentlyAvailable();

  const fault = shop.faults.forRequest(entity);
  if (fault === 'http429') {
    log('fault', 0, availableBefore, 429, { fault });
    return {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
    };
  }
  if (fault === 'http503') {
    log('fault', 0, availableBefore, 503, { fault });
    return { status: 503, body: { errors: 'Service Unavailable' } };
  }
  const throttled = {
    status: 200,
    body: {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCS } }],
      extensions: { cost: costOf(shop, cost, null) },
    },
  };
  if (fault === 'throttled') {
    log(name, cost, availableBefore, 200, { throttled: true, fault });
    return throttled;
  }
  const missingScope = bulk && !(bulk instanceof BulkQueryError) && !grantsAny(installation.scopes, [ENTITY_SCOPES[bulk.entity]]);
  if (fault === 'access-denied' || missingScope) {
    log(name, cost, availableBefore, 200, fault ? { fault } : {});
    return {
      status: 200,
      body: {
        data: Object.fromEntries(operation.selections.map((field) => [field.key, null])),
        errors: [accessDenied('bulkOperationRunQuery', [ENTITY_SCOPES[entity ?? 'orders']])],
        extensions: { cost: costOf(shop, cost, null) },
      },
    };
  }
  if (!shop.bucket.trySpend(cost)) {
    log(name, cost, availableBefore, 200, { throttled: true });
    return throttled;
  }

  const data: Record<string, GqlValue> = {};
  let actual = 0;
  const errors: GraphqlError[] = [];
  const fail = (error: GraphqlError) => {
    errors.push(error);
    return null;
  };
  const request = { installation, webhooks, now: wholeSeconds(now), fail };
  for (const field of operation.selections) {
    if (field.name === '__typename') {
      data[field.key] = operation.type === 'mutation' ? 'Mutation' : 'QueryRoot';
      continue;
    }
    const value = resolveField(shop, field, variables, bulk, context, request);
    const plan = plans.fields.find((planned) => planned.key === field.key)!.plan!;
    const render = (item: GqlValue) =>
      item === null ? null : operation.type === 'query' ? projectPaged(item as GqlObject, plan) : project(item as GqlObject, plan);
    data[field.key] = Array.isArray(value) ? value.map(render) : render(value);
    actual += answeredCost(field, plan, data[field.key]!, fieldCost(field, plan, variables, webhooks));
  }
  shop.bucket.refund(cost - actual);
  log(name, cost, availableBefore, 200, { actualCost: actual });
  return { status: 200, body: { data, ...(errors.length > 0 ? { errors } : {}), extensions: { cost: costOf(shop, cost, actual) } } };
}
