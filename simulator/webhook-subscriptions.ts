/**
 * Webhook subscriptions an app creates through the Admin API for one shop: the input Shopify
 * validates and the userErrors it answers, as recorded from live Shopify on 2026-04
 * (airhorns/shopify-draft-proxy @ 1fba7c18, fixtures/conformance/harry-test-heelo.myshopify.com/2026-04/webhooks;
 * none of these messages is documented). Note that Shopify names the field `callbackUrl` in
 * address errors even when the input was `uri`.
 *
 * What the simulator does not model it refuses with a message saying so, rather than guess:
 * non-empty filters (Shopify accepts filters on field names its payloads lack, so their meaning
 * cannot be inferred), metafield namespaces and metafields, the XML format, and Pub/Sub and
 * EventBridge addresses. It delivers over HTTPS only.
 */
import { isIP } from 'node:net';
import type { GraphqlError } from './graphql-args';
import type { GqlObject } from './graphql-view';
import { gid } from './ids';
import type { Installation } from './installations';
import { utcIso } from './time';
import type { WebhookTopic } from './webhook-topics';
import type { Destination } from './webhooks';

export interface WebhookSubscription {
  /** The numeric id (legacyResourceId). */
  id: string;
  topic: WebhookTopic;
  uri: string;
  includeFields: string[];
  filter: string | null;
  name: string | null;
  createdAt: number;
  updatedAt: number;
  installation: Installation;
  deliveries: { sent: number; accepted: number; failed: number; last: string | null };
}

/** `WebhookSubscriptionInput`, as the argument checker let it through. */
export interface SubscriptionInput {
  format?: string | null;
  includeFields?: string[] | null;
  filter?: string | null;
  metafieldNamespaces?: string[] | null;
  metafields?: unknown[] | null;
  name?: string | null;
  callbackUrl?: string | null;
  uri?: string | null;
}

export interface UserError {
  field: string[] | null;
  message: string;
}

type Stored = Pick<WebhookSubscription, 'uri' | 'includeFields' | 'filter' | 'name'>;

/** Both the address and the filter may be up to 65535 bytes; 65536 is refused. */
const MAX_BYTES = 65_535;
const ADDRESS: string[] = ['webhookSubscription', 'callbackUrl'];
const SUBSCRIPTION: string[] = ['webhookSubscription'];

/** Hosts a subscription may not deliver to. Which hosts Shopify counts as its own or internal is undocumented; these are refused. */
const SHOPIFY_HOST =
  /(^|\.)(shopify\.com|myshopify\.com|shopify\.dev|shopify\.io|myshopify\.io|shopifycloud\.com|shopifycdn\.com|shopifysvc\.com|shopifykloud\.com)$/i;
const INTERNAL_HOST = /(^localhost$|\.localhost$|\.local$|\.internal$|^[^.]*$)/i;

/** What is wrong with a subscription's address, in Shopify's words, or null when it can be delivered to. */
export function addressProblem(address: string): string | null {
  if (address === '') return "Address can't be blank";
  if (Buffer.byteLength(address) > MAX_BYTES) return 'Address is too big (maximum is 64 KB)';
  if (/^arn:/i.test(address)) return 'The simulator delivers over HTTPS only: EventBridge addresses are not modelled';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  if (scheme === 'pubsub') return 'The simulator delivers over HTTPS only: Pub/Sub addresses are not modelled';
  if (scheme === undefined) return 'Address is invalid';
  if (scheme !== 'https') return `Address protocol ${scheme}:// is not supported`;
  let host: string;
  try {
    host = new URL(address).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'Address is invalid';
  }
  if (host === '') return 'Address is invalid';
  if (SHOPIFY_HOST.test(host) || INTERNAL_HOST.test(host) || isIP(host) !== 0) return 'Address cannot be a Shopify or an internal domain';
  return null;
}

function filterProblem(filter: string): string | null {
  if (filter === '') return null;
  if (Buffer.byteLength(filter) > MAX_BYTES) return 'The specified filter exceeds the maximum allowed size.';
  const terms = filter.split(/\s+/).filter((term) => term !== '' && !/^(AND|OR|NOT)$/.test(term));
  if (terms.some((term) => !term.includes(':'))) return 'The specified filter is invalid, please ensure you specify the field(s) you wish to filter on.';
  return 'The simulator does not model webhook filters: leave filter empty';
}

function nameProblems(name: string, siblings: readonly WebhookSubscription[]): string[] {
  const problems: string[] = [];
  if (name === '') problems.push('Name is too short (minimum is 1 character)');
  if (!/^[A-Za-z0-9_-]+$/.test(name)) problems.push('Name name field can only contain alphanumeric characters, underscores, and hyphens');
  if (problems.length === 0 && siblings.some((other) => other.name?.toLowerCase() === name.toLowerCase()))
    problems.push('Name already exists, no duplicate allowed');
  return problems;
}

/**
 * The values a create (`current` null) or an update stores, or the userErrors refusing them. An
 * update leaves what its input omits as it was. `siblings` are the installation's other subscriptions.
 */
export function checkInput(
  input: SubscriptionInput,
  topic: WebhookTopic,
  current: WebhookSubscription | null,
  siblings: readonly WebhookSubscription[],
): { errors: UserError[]; values: Stored } {
  const errors: UserError[] = [];
  const given = (value: unknown) => value !== undefined && value !== null;
  if (given(input.uri) && given(input.callbackUrl)) {
    errors.push({ field: ['webhookSubscription', 'uri'], message: 'The simulator refuses uri and callbackUrl together: give uri (callbackUrl is deprecated)' });
  }
  const address = input.uri ?? input.callbackUrl;
  const uri = given(address) ? address!.trim() : (current?.uri ?? '');
  const addressError = addressProblem(uri);
  if (addressError) errors.push({ field: ADDRESS, message: addressError });
  if (input.format === 'XML')
    errors.push({ field: ['webhookSubscription', 'format'], message: "Format 'xml' is invalid for this webhook topic. Allowed formats: json" });
  const filter = input.filter === undefined || input.filter === null ? (current?.filter ?? null) : input.filter;
  const filterError = filter === null ? null : filterProblem(filter);
  if (filterError) errors.push({ field: SUBSCRIPTION, message: filterError });
  const name = input.name === undefined || input.name === null ? (current?.name ?? null) : input.name;
  if (given(input.name)) for (const message of nameProblems(name!, siblings)) errors.push({ field: ['webhookSubscription', 'name'], message });
  for (const field of ['metafieldNamespaces', 'metafields'] as const) {
    if ((input[field]?.length ?? 0) > 0)
      errors.push({ field: ['webhookSubscription', field], message: 'The simulator does not model metafields in webhook payloads' });
  }
  const duplicate = siblings.some((other) => other.topic === topic && other.uri === uri && (other.filter ?? '') === (filter ?? ''));
  if (!addressError && duplicate) errors.push({ field: ADDRESS, message: 'Address for this topic has already been taken' });
  const includeFields = input.includeFields ?? current?.includeFields ?? [];
  return { errors, values: { uri, includeFields: [...includeFields], filter, name } };
}

export function gqlWebhookSubscription(subscription: WebhookSubscription): GqlObject {
  return {
    __typename: 'WebhookSubscription',
    id: gid('WebhookSubscription', subscription.id),
    legacyResourceId: subscription.id,
    topic: subscription.topic.name,
    format: 'JSON',
    includeFields: subscription.includeFields,
    metafieldNamespaces: [],
    metafields: [],
    filter: subscription.filter,
    name: subscription.name,
    uri: subscription.uri,
    callbackUrl: subscription.uri,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: subscription.uri },
    apiVersion: { handle: subscription.installation.app.webhooksApiVersion },
    createdAt: utcIso(subscription.createdAt),
    updatedAt: utcIso(subscription.updatedAt),
  };
}

/** The numeric id in a WebhookSubscription gid, or null. */
export function subscriptionIdOf(value: unknown): string | null {
  const match = typeof value === 'string' ? /^gid:\/\/shopify\/WebhookSubscription\/(\d+)$/.exec(value) : null;
  return match ? match[1]! : null;
}

export interface ListArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
  sortKey?: 'CREATED_AT' | 'ID' | null;
  query?: string | null;
  callbackUrl?: string | null;
  uri?: string | null;
  format?: string | null;
  topics?: string[] | null;
}

const listError = (message: string): GraphqlError => ({
  message,
  extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', fieldName: 'webhookSubscriptions' },
});

/** `YYYY-MM-DD HH:MM:SS.000000`, as Shopify's cursors carry a creation time. */
const cursorTime = (ms: number) => `${utcIso(ms).slice(0, 19).replace('T', ' ')}.000000`;

/**
 * A page of `webhookSubscriptions`, with Shopify's cursors (base64 JSON of the last id and sort
 * value) and pageInfo: whether any subscription lies before or after the page.
 */
export function listPage(subscriptions: readonly WebhookSubscription[], args: ListArguments): GqlObject | GraphqlError {
  const size = args.first ?? args.last;
  if (size === null || size === undefined || size < 0 || size > 250 || (args.first != null && args.last != null)) {
    return listError('you must provide one of first or last (at most 250) for the webhookSubscriptions connection');
  }
  if (args.query) return listError('The simulator does not model webhookSubscriptions(query:): filter with topics, uri or format');
  const byId = args.sortKey === 'ID';
  const keyOf = (subscription: WebhookSubscription): [number | bigint, bigint] => [
    byId ? BigInt(subscription.id) : subscription.createdAt,
    BigInt(subscription.id),
  ];
  const compare = (a: [number | bigint, bigint], b: [number | bigint, bigint]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  const address = args.uri ?? args.callbackUrl;
  const ordered = subscriptions
    .filter((s) => !args.topics || args.topics.includes(s.topic.name))
    .filter((s) => address == null || s.uri === address.trim())
    .filter(() => args.format !== 'XML')
    .sort((a, b) => compare(keyOf(a), keyOf(b)) * (args.reverse ? -1 : 1));
  const cursorOf = (s: WebhookSubscription) =>
    Buffer.from(JSON.stringify({ last_id: Number(s.id), last_value: byId ? s.id : cursorTime(s.createdAt) })).toString('base64');
  const positionOf = (cursor: string): number | GraphqlError => {
    try {
      const { last_id: id } = JSON.parse(Buffer.from(cursor, 'base64').toString()) as { last_id: unknown };
      const found = ordered.findIndex((s) => Number(s.id) === id);
      if (found >= 0) return found;
    } catch {
      // An unreadable cursor is refused below, like one naming nothing.
    }
    return listError('Invalid cursor for current pagination sort.');
  };
  let start = 0;
  let end = ordered.length;
  for (const [cursor, isAfter] of [
    [args.after, true],
    [args.before, false],
  ] as const) {
    if (cursor == null) continue;
    const at = positionOf(cursor);
    if (typeof at !== 'number') return at;
    if (isAfter) start = Math.max(start, at + 1);
    else end = Math.min(end, at);
  }
  if (args.first != null) end = Math.min(end, start + size);
  else start = Math.max(start, end - size);
  const page = ordered.slice(start, end);
  return {
    nodes: page.map(gqlWebhookSubscription),
    edges: page.map((s) => ({ cursor: cursorOf(s), node: gqlWebhookSubscription(s) })),
    pageInfo: {
      hasNextPage: end < ordered.length,
      hasPreviousPage: start > 0,
      startCursor: page.length > 0 ? cursorOf(page[0]!) : null,
      endCursor: page.length > 0 ? cursorOf(page[page.length - 1]!) : null,
    },
  };
}

/** Where the subscription's deliveries go: signed with its app's client secret, in the app's Webhooks API version, counted on it. */
export function subscriptionDestination(subscription: WebhookSubscription): Destination {
  const { app } = subscription.installation;
  return {
    url: subscription.uri,
    secret: app.clientSecret!,
    apiVersion: app.webhooksApiVersion,
    includeFields: subscription.includeFields,
    subscriptionId: subscription.id,
    record: (accepted, outcome) => {
      const counts = subscription.deliveries;
      counts.sent++;
      if (accepted) counts.accepted++;
      else counts.failed++;
      counts.last = outcome;
    },
  };
}

/** What the control API tells of a subscription. */
export function describeSubscription(subscription: WebhookSubscription) {
  return {
    id: gid('WebhookSubscription', subscription.id),
    clientId: subscription.installation.app.clientId,
    topic: subscription.topic.name,
    uri: subscription.uri,
    includeFields: subscription.includeFields,
    filter: subscription.filter,
    name: subscription.name,
    apiVersion: subscription.installation.app.webhooksApiVersion,
    createdAt: utcIso(subscription.createdAt),
    updatedAt: utcIso(subscription.updatedAt),
    deliveries: subscription.deliveries,
  };
}
