/**
 * The topics Wharf subscribes a shop to in an Admin API version: every modelled topic but the
 * compliance ones, less those the version's WebhookSubscriptionTopic enum does not have yet (the
 * mutation refuses an enum value its version lacks). Two fulfillment-order events came in 2026-04
 * (https://shopify.dev/docs/api/admin-graphql/2026-04/enums/WebhookSubscriptionTopic, absent from
 * the 2026-01 enum); a shop on an older version gets those events through its resyncs.
 */
import { subscribedTopics } from '../domain/topics';

const TOPIC_SINCE: Readonly<Record<string, string>> = {
  'fulfillment_orders/progress_reported': '2026-04',
  'fulfillment_orders/manually_reported_progress_stopped': '2026-04',
};

export const topicsToSubscribe = (apiVersion: string): string[] => subscribedTopics.filter((topic) => (TOPIC_SINCE[topic] ?? '') <= apiVersion);
