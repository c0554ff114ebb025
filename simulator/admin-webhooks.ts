/**
 * The Admin API's webhook subscription fields and the app installation's scopes, as an API
 * version has them: `webhookSubscriptions`, `webhookSubscription`, `webhookSubscriptionsCount`,
 * `currentAppInstallation`, and the mutations `webhookSubscriptionCreate`, `…Update` and
 * `…Delete` (each costing 10 points, as observed). Subscriptions belong to the app whose token
 * asks, on this shop; listing shows only those, not the app-configuration target.
 */
import { accessDenied, grantsAny, impliedScopes, SCOPE_DESCRIPTIONS } from './access-scopes';
import { ArgumentChecker, type GraphqlError, type InputType, type Signature } from './graphql-args';
import { argumentValue, type FieldNode, type OperationNode } from './graphql-parse';
import type { GqlObject, GqlValue } from './graphql-view';
import { gid } from './ids';
import type { Installation } from './installations';
import {
  checkInput,
  gqlWebhookSubscription,
  type ListArguments,
  listPage,
  type SubscriptionInput,
  subscriptionIdOf,
  type WebhookSubscription,
} from './webhook-subscriptions';
import { webhookTopic, webhookTopicsOf } from './webhook-topics';

export const MUTATION_COST = 10;

function signatures(apiVersion: string): Readonly<Record<string, Signature>> {
  const since = (version: string, fields: Signature): Signature => (apiVersion >= version ? fields : {});
  return {
    currentAppInstallation: {},
    webhookSubscriptions: {
      first: 'Int',
      after: 'String',
      last: 'Int',
      before: 'String',
      reverse: 'Boolean',
      sortKey: 'WebhookSubscriptionSortKeys',
      query: 'String',
      callbackUrl: 'URL',
      ...since('2025-10', { uri: 'String' }),
      format: 'WebhookSubscriptionFormat',
      topics: '[WebhookSubscriptionTopic!]',
    },
    webhookSubscription: { id: 'ID!' },
    webhookSubscriptionsCount: { query: 'String', limit: 'Int' },
    webhookSubscriptionCreate: { topic: 'WebhookSubscriptionTopic!', webhookSubscription: 'WebhookSubscriptionInput!' },
    webhookSubscriptionUpdate: { id: 'ID!', webhookSubscription: 'WebhookSubscriptionInput!' },
    webhookSubscriptionDelete: { id: 'ID!' },
  };
}

function inputTypes(apiVersion: string): InputType[] {
  return [
    { kind: 'enum', name: 'WebhookSubscriptionTopic', values: webhookTopicsOf(apiVersion).map((topic) => topic.name) },
    { kind: 'enum', name: 'WebhookSubscriptionFormat', values: ['JSON', 'XML'] },
    { kind: 'enum', name: 'WebhookSubscriptionSortKeys', values: ['CREATED_AT', 'ID'] },
    {
      kind: 'input',
      name: 'WebhookSubscriptionInput',
      fields: {
        format: 'WebhookSubscriptionFormat',
        includeFields: '[String!]',
        filter: 'String',
        metafieldNamespaces: '[String!]',
        metafields: '[HasMetafieldsMetafieldIdentifierInput!]',
        ...(apiVersion >= '2026-04' ? { name: 'String' } : {}),
        callbackUrl: 'URL',
        ...(apiVersion >= '2025-10' ? { uri: 'String' } : {}),
      },
    },
    { kind: 'input', name: 'HasMetafieldsMetafieldIdentifierInput', fields: { namespace: 'String!', key: 'String!' } },
  ];
}

/** The fields served here, with the signature each has in `apiVersion`. */
export class WebhookFields {
  private readonly signatures: Readonly<Record<string, Signature>>;
  private readonly checker: ArgumentChecker;

  constructor(private readonly apiVersion: string) {
    this.signatures = signatures(apiVersion);
    this.checker = new ArgumentChecker(inputTypes(apiVersion));
  }

  serves(field: FieldNode): boolean {
    return Object.hasOwn(this.signatures, field.name);
  }

  checkArguments(field: FieldNode, operation: OperationNode, variables: Readonly<Record<string, unknown>>): GraphqlError[] {
    return this.checker.check(field, this.signatures[field.name]!, operation, variables);
  }

  /** What a page of `webhookSubscriptions` costs: 2, plus a point for each subscription it may hold. */
  listCost(field: FieldNode, variables: Readonly<Record<string, unknown>>): number {
    const size = argumentValue(field.args.first, variables) ?? argumentValue(field.args.last, variables);
    return 2 + (typeof size === 'number' ? size : 0);
  }

  resolve(field: FieldNode, variables: Readonly<Record<string, unknown>>, request: WebhookRequest): GqlValue {
    const arg = <T>(name: string) => argumentValue(field.args[name], variables) as T | undefined;
    const { installation } = request;
    const own = () => [...installation.subscriptions.values()];
    switch (field.name) {
      case 'currentAppInstallation':
        return { accessScopes: impliedScopes(installation.scopes).map((handle) => ({ handle, description: SCOPE_DESCRIPTIONS[handle]! })) };
      case 'webhookSubscriptions': {
        const page = listPage(own(), Object.fromEntries(Object.keys(field.args).map((name) => [name, arg(name)])) as ListArguments);
        if ('message' in page) return request.fail(page as GraphqlError);
        return page;
      }
      case 'webhookSubscription': {
        const subscription = installation.subscriptions.get(subscriptionIdOf(arg('id')) ?? '');
        return subscription ? gqlWebhookSubscription(subscription) : null;
      }
      case 'webhookSubscriptionsCount': {
        if (arg<string>('query'))
          return request.fail({
            message: 'The simulator does not model webhookSubscriptionsCount(query:)',
            extensions: { code: 'argumentLiteralsIncompatible' },
          });
        const limit = arg<number>('limit') ?? 10_000;
        const count = installation.subscriptions.size;
        return { count: Math.min(count, limit), precision: count > limit ? 'AT_LEAST' : 'EXACT' };
      }
      case 'webhookSubscriptionCreate':
        return this.create(field, arg<string>('topic')!, arg<SubscriptionInput>('webhookSubscription')!, request);
      case 'webhookSubscriptionUpdate':
        return this.update(installation.subscriptions.get(subscriptionIdOf(arg('id')) ?? ''), arg<SubscriptionInput>('webhookSubscription')!, request);
      case 'webhookSubscriptionDelete': {
        const id = subscriptionIdOf(arg('id'));
        if (id === null || !installation.subscriptions.delete(id)) return { deletedWebhookSubscriptionId: null, userErrors: [NO_SUCH_SUBSCRIPTION] };
        return { deletedWebhookSubscriptionId: gid('WebhookSubscription', id), userErrors: [] };
      }
      default:
        throw new Error(`not a webhook field: ${field.name}`);
    }
  }

  private create(field: FieldNode, topicName: string, input: SubscriptionInput, request: WebhookRequest): GqlValue {
    const { installation } = request;
    const topic = webhookTopic(topicName, this.apiVersion)!;
    if (installation.app.clientSecret === null) return request.fail(UNSIGNABLE);
    if (!grantsAny(installation.scopes, topic.scopes)) return request.fail(accessDenied(field.name, topic.scopes));
    const { errors, values } = checkInput(input, topic, null, [...installation.subscriptions.values()]);
    if (errors.length > 0) return { webhookSubscription: null, userErrors: errors as unknown as GqlValue[] };
    const subscription: WebhookSubscription = {
      id: request.newSubscriptionId(),
      topic,
      ...values,
      createdAt: request.now,
      updatedAt: request.now,
      installation,
      deliveries: { sent: 0, accepted: 0, failed: 0, last: null },
    };
    installation.subscriptions.set(subscription.id, subscription);
    return { webhookSubscription: gqlWebhookSubscription(subscription), userErrors: [] };
  }

  private update(subscription: WebhookSubscription | undefined, input: SubscriptionInput, request: WebhookRequest): GqlObject {
    if (!subscription) return { webhookSubscription: null, userErrors: [NO_SUCH_SUBSCRIPTION] };
    const siblings = [...request.installation.subscriptions.values()].filter((other) => other !== subscription);
    const { errors, values } = checkInput(input, subscription.topic, subscription, siblings);
    if (errors.length > 0) return { webhookSubscription: null, userErrors: errors as unknown as GqlValue[] };
    Object.assign(subscription, values, { updatedAt: request.now });
    return { webhookSubscription: gqlWebhookSubscription(subscription), userErrors: [] };
  }
}

const NO_SUCH_SUBSCRIPTION = { field: ['id'], message: 'Webhook subscription does not exist' };

const UNSIGNABLE: GraphqlError = {
  message:
    "The simulator cannot sign webhooks for this shop's legacy custom app: create the shop with an apiSecretKey, or install an app (POST /_sim/apps) and use its token",
  extensions: { code: 'ACCESS_DENIED' },
};

export interface WebhookRequest {
  installation: Installation;
  /** Whole seconds, as Shopify stamps subscriptions. */
  now: number;
  newSubscriptionId: () => string;
  /** Records a field's error; the field answers null. */
  fail: (error: GraphqlError) => null;
}
