/**
 * What it takes for a shop's API-made webhook subscriptions to be exactly Wharf's: one per
 * subscribed topic at Wharf's address, delivering whole JSON payloads. Subscriptions to other
 * addresses are someone else's and are left alone.
 */
import { deliversWholePayloads, type Subscription, topicEnum } from '../shopify/webhook-subscriptions';

export interface SubscriptionPlan {
  /** Topics (GraphQL enum names) with no subscription at Wharf's address. */
  create: string[];
  /** Wharf's subscriptions that filter or reshape what they deliver. */
  update: { id: string; topic: string }[];
  /** Wharf's subscriptions of topics it no longer takes, and second subscriptions of one topic. */
  remove: { id: string; topic: string }[];
  /** Topics already subscribed as asked. */
  kept: string[];
  /** Subscriptions to other addresses, left alone. */
  others: number;
}

export function planSubscriptions(restTopics: readonly string[], endpoint: string, existing: readonly Subscription[]): SubscriptionPlan {
  const wanted = new Set(restTopics.map(topicEnum));
  const ours = existing.filter((s) => s.uri === endpoint);
  const plan: SubscriptionPlan = { create: [], update: [], remove: [], kept: [], others: existing.length - ours.length };
  for (const topic of [...wanted].sort()) {
    const ofTopic = ours.filter((s) => s.topic === topic);
    // The one to keep: one that already delivers as asked, else the first, updated.
    const chosen = ofTopic.find(deliversWholePayloads) ?? ofTopic[0];
    if (!chosen) plan.create.push(topic);
    else if (deliversWholePayloads(chosen)) plan.kept.push(topic);
    else plan.update.push({ id: chosen.id, topic });
    for (const extra of ofTopic) if (extra !== chosen) plan.remove.push({ id: extra.id, topic });
  }
  for (const subscription of ours) if (!wanted.has(subscription.topic)) plan.remove.push({ id: subscription.id, topic: subscription.topic });
  return plan;
}
