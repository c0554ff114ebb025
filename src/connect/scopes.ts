/**
 * The access scopes Wharf asks a shop for: what its webhook topics and bulk queries need, per
 * Shopify's WebhookSubscriptionTopic and query reference pages
 * (https://shopify.dev/docs/api/admin-graphql/latest/enums/WebhookSubscriptionTopic). read_orders
 * covers orders, transactions, refunds and checkouts (there is no read_checkouts); read_all_orders
 * lets a full resync reach orders older than 60 days; fulfillment orders are filtered by scope, so
 * both the merchant-managed and the third-party ones are asked for.
 */
export const REQUIRED_SCOPES = [
  'read_orders',
  'read_all_orders',
  'read_draft_orders',
  'read_products',
  'read_customers',
  'read_inventory',
  'read_locations',
  'read_fulfillments',
  'read_returns',
  'read_discounts',
  'read_merchant_managed_fulfillment_orders',
  'read_third_party_fulfillment_orders',
] as const;
