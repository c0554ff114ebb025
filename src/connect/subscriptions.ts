/**
 * Keeps a shop's API-made webhook subscriptions exactly Wharf's (subscription-plan.ts): creates the
 * missing, updates the reshaped, removes the stray. A topic that was in place at the last check and
 * is missing now was dropped by Shopify (it deletes subscriptions whose deliveries keep failing):
 * it is recreated and reported as dropped, and the caller resyncs the gap.
 */
import type { AdminClient } from '../shopify/admin-graphql';
import { createSubscription, deleteSubscription, listSubscriptions, type MutationOutcome, updateSubscription } from '../shopify/webhook-subscriptions';
import { planSubscriptions } from './subscription-plan';
import { topicsToSubscribe } from './topics';

export interface SubscriptionCheck {
  checkedAt: string;
  endpoint: string;
  created: string[];
  updated: string[];
  removed: string[];
  /** Topics subscribed as asked after this check. */
  inPlace: string[];
  /** Topics in place at the last check that Shopify had dropped since: subscribed again (unless a failure says otherwise), their gap to resync. */
  dropped: string[];
  /** Subscriptions to other addresses, left alone. */
  others: number;
  failures: { topic: string; action: 'create' | 'update' | 'remove'; reason: string }[];
}

/** Where Shopify delivers a shop's webhooks to Wharf. */
export const webhookEndpoint = (publicUrl: string) => `${publicUrl}/webhooks/shopify`;

export async function reconcileSubscriptions(
  client: AdminClient,
  apiVersion: string,
  endpoint: string,
  previous: Pick<SubscriptionCheck, 'inPlace'> | null,
  nowIso: string,
): Promise<SubscriptionCheck> {
  const plan = planSubscriptions(topicsToSubscribe(apiVersion), endpoint, await listSubscriptions(client));
  const check: SubscriptionCheck = {
    checkedAt: nowIso,
    endpoint,
    created: [],
    updated: [],
    removed: [],
    inPlace: [...plan.kept],
    dropped: [],
    others: plan.others,
    failures: [],
  };
  const record = (topic: string, action: 'create' | 'update' | 'remove', outcome: MutationOutcome, done: string[]) => {
    if (!outcome.ok) return check.failures.push({ topic, action, reason: outcome.reason });
    done.push(topic);
    if (action !== 'remove') check.inPlace.push(topic);
  };
  for (const topic of plan.create) record(topic, 'create', await createSubscription(client, { topic, uri: endpoint }), check.created);
  for (const { id, topic } of plan.update) record(topic, 'update', await updateSubscription(client, id, { topic, uri: endpoint }), check.updated);
  for (const { id, topic } of plan.remove) record(topic, 'remove', await deleteSubscription(client, id), check.removed);
  const before = new Set(previous?.inPlace ?? []);
  check.dropped = plan.create.filter((topic) => before.has(topic));
  check.inPlace.sort();
  return check;
}
