/**
 * A shop's webhook subscriptions through the Admin GraphQL API
 * (https://shopify.dev/docs/api/admin-graphql/latest/queries/webhookSubscriptions and the
 * webhookSubscriptionCreate, -Update and -Delete mutations): the list lists only subscriptions
 * made through the API, never those of the app's configuration; `uri` replaced `callbackUrl` in
 * 2025-10. Each mutation costs 10 points; Shopify answers a refused one with `userErrors`.
 */
import { z } from 'zod';
import type { AdminClient } from './admin-graphql';

export const subscriptionNode = z.object({
  id: z.string(),
  topic: z.string(),
  uri: z.string(),
  format: z.string(),
  includeFields: z.array(z.string()),
  filter: z.string().nullable(),
});
export type Subscription = z.infer<typeof subscriptionNode>;

/** What Wharf asks of a subscription: a topic's whole JSON payloads at an address. */
export interface SubscriptionInput {
  topic: string;
  uri: string;
}

const userErrors = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string() }));

const PAGE = 250;
const LIST = `query WharfWebhookSubscriptions($after: String) {
  webhookSubscriptions(first: ${PAGE}, after: $after) {
    nodes { id topic uri format includeFields filter }
    pageInfo { hasNextPage endCursor }
  }
}`;
const listData = z.object({
  webhookSubscriptions: z.object({
    nodes: z.array(subscriptionNode),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

/** Every subscription the app has made on the shop through the API. */
export async function listSubscriptions(client: AdminClient): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let after: string | null = null;
  do {
    const page: z.infer<typeof listData> = await client.request(LIST, { after }, listData, PAGE + 2);
    all.push(...page.webhookSubscriptions.nodes);
    after = page.webhookSubscriptions.pageInfo.hasNextPage ? page.webhookSubscriptions.pageInfo.endCursor : null;
  } while (after);
  return all;
}

/** The input that makes a subscription deliver a topic's whole JSON payloads to `uri`, unfiltered. */
const wholePayloads = (uri: string) => ({ uri, format: 'JSON', includeFields: [], filter: '' });

const MUTATION_COST = 10;

export type MutationOutcome = { ok: true } | { ok: false; reason: string };
const outcomeOf = (errors: z.infer<typeof userErrors>): MutationOutcome =>
  errors.length ? { ok: false, reason: errors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ') } : { ok: true };

const CREATE = `mutation WharfWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id } userErrors { field message } }
}`;
const createData = z.object({ webhookSubscriptionCreate: z.object({ userErrors }) });

export async function createSubscription(client: AdminClient, input: SubscriptionInput): Promise<MutationOutcome> {
  const data = await client.request(CREATE, { topic: input.topic, webhookSubscription: wholePayloads(input.uri) }, createData, MUTATION_COST);
  return outcomeOf(data.webhookSubscriptionCreate.userErrors);
}

const UPDATE = `mutation WharfWebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) { webhookSubscription { id } userErrors { field message } }
}`;
const updateData = z.object({ webhookSubscriptionUpdate: z.object({ userErrors }) });

export async function updateSubscription(client: AdminClient, id: string, input: SubscriptionInput): Promise<MutationOutcome> {
  const data = await client.request(UPDATE, { id, webhookSubscription: wholePayloads(input.uri) }, updateData, MUTATION_COST);
  return outcomeOf(data.webhookSubscriptionUpdate.userErrors);
}

const DELETE = `mutation WharfWebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;
const deleteData = z.object({ webhookSubscriptionDelete: z.object({ userErrors }) });

export async function deleteSubscription(client: AdminClient, id: string): Promise<MutationOutcome> {
  const data = await client.request(DELETE, { id }, deleteData, MUTATION_COST);
  return outcomeOf(data.webhookSubscriptionDelete.userErrors);
}

/** A REST topic's name in the GraphQL enum: `orders/create` is ORDERS_CREATE. */
export const topicEnum = (topic: string) => topic.toUpperCase().replace(/[/.]/g, '_');

/** Whether a subscription delivers what Wharf asks: whole JSON payloads, no filter. */
export const deliversWholePayloads = (subscription: Subscription) =>
  subscription.format === 'JSON' && subscription.includeFields.length === 0 && !subscription.filter;
