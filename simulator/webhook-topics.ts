/**
 * Admin GraphQL's WebhookSubscriptionTopic enum, per API version: each topic's REST name (the
 * enum value is it upper-cased, `/` and `.` as `_`), the first captured version whose schema has
 * it, and the scopes its description requires (any one of them; none listed means none needed).
 *
 * Source: the schema Shopify answers to introspection, captured for 2025-01, 2025-10, 2026-01,
 * 2026-04 and 2026-07 in airhorns/shopify-draft-proxy @ 1fba7c18
 * (config/admin-graphql/{version}/schema.graphql), in the 2026-07 schema's order (the order
 * Shopify lists the values in its errors). No value was removed between those versions. The
 * mandatory compliance topics (customers/data_request, customers/redact, shop/redact) are in no
 * version: they cannot be subscribed to through the API.
 */

type TopicRow = readonly [rest: string, since: string, scopes: string];

const TOPICS: readonly TopicRow[] = [
  ['tax_summaries/create', '2026-01', 'read_fulfillments read_marketplace_orders read_orders'],
  ['app/uninstalled', '2025-01', ''],
  ['app/scopes_update', '2025-01', ''],
  ['carts/create', '2025-01', 'read_orders'],
  ['carts/update', '2025-01', 'read_orders'],
  ['channels/delete', '2025-01', 'read_publications'],
  ['checkouts/create', '2025-01', 'read_orders'],
  ['checkouts/delete', '2025-01', 'read_orders'],
  ['checkouts/update', '2025-01', 'read_orders'],
  ['customer_payment_methods/create', '2025-01', 'read_customer_payment_methods'],
  ['customer_payment_methods/update', '2025-01', 'read_customer_payment_methods'],
  ['customer_payment_methods/revoke', '2025-01', 'read_customer_payment_methods'],
  ['collection_listings/add', '2025-01', 'read_product_listings'],
  ['collection_listings/remove', '2025-01', 'read_product_listings'],
  ['collection_listings/update', '2025-01', 'read_product_listings'],
  ['collection_publications/create', '2025-01', 'read_publications'],
  ['collection_publications/delete', '2025-01', 'read_publications'],
  ['collection_publications/update', '2025-01', 'read_publications'],
  ['collections/create', '2025-01', 'read_products'],
  ['collections/delete', '2025-01', 'read_products'],
  ['collections/update', '2025-01', 'read_products'],
  ['customer_groups/create', '2025-01', 'read_customers'],
  ['customer_groups/delete', '2025-01', 'read_customers'],
  ['customer_groups/update', '2025-01', 'read_customers'],
  ['customers/create', '2025-01', 'read_customers'],
  ['customers/delete', '2025-01', 'read_customers'],
  ['customers/disable', '2025-01', 'read_customers'],
  ['customers/enable', '2025-01', 'read_customers'],
  ['customers/update', '2025-01', 'read_customers'],
  ['customers/purchasing_summary', '2025-01', 'read_customers'],
  ['customers_marketing_consent/update', '2025-01', 'read_customers'],
  ['customers_whats_app_marketing_consent/update', '2026-07', 'read_customers'],
  ['customer.tags_added', '2025-01', 'read_customers'],
  ['customer.tags_removed', '2025-01', 'read_customers'],
  ['customers_email_marketing_consent/update', '2025-01', 'read_customers'],
  ['disputes/create', '2025-01', 'read_shopify_payments_disputes'],
  ['disputes/update', '2025-01', 'read_shopify_payments_disputes'],
  ['draft_orders/create', '2025-01', 'read_draft_orders'],
  ['draft_orders/delete', '2025-01', 'read_draft_orders'],
  ['draft_orders/update', '2025-01', 'read_draft_orders'],
  ['fulfillment_events/create', '2025-01', 'read_fulfillments'],
  ['fulfillment_events/delete', '2025-01', 'read_fulfillments'],
  ['fulfillments/create', '2025-01', 'read_fulfillments read_marketplace_orders'],
  ['fulfillments/update', '2025-01', 'read_fulfillments read_marketplace_orders'],
  ['attributed_sessions/first', '2025-01', 'read_marketing_events'],
  ['attributed_sessions/last', '2025-01', 'read_marketing_events'],
  ['order_transactions/create', '2025-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  ['orders/cancelled', '2025-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  ['orders/create', '2025-01', 'read_orders read_marketplace_orders'],
  ['orders/delete', '2025-01', 'read_orders'],
  ['orders/edited', '2025-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  ['orders/fulfilled', '2025-01', 'read_orders read_marketplace_orders'],
  ['orders/paid', '2025-01', 'read_orders read_marketplace_orders'],
  ['orders/partially_fulfilled', '2025-01', 'read_orders read_marketplace_orders'],
  ['orders/updated', '2025-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  ['orders/link_requested', '2026-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  [
    'fulfillment_orders/moved',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/hold_released',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/scheduled_fulfillment_order_ready',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_holds/released',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/order_routing_complete',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_buyer_membership_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/cancelled',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/fulfillment_service_failed_to_complete',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/fulfillment_request_rejected',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/cancellation_request_submitted',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/cancellation_request_accepted',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/cancellation_request_rejected',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/fulfillment_request_submitted',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/fulfillment_request_accepted',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_holds/added',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/line_items_prepared_for_local_delivery',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  [
    'fulfillment_orders/placed_on_hold',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  ['fulfillment_orders/merged', '2025-01', 'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders'],
  ['fulfillment_orders/split', '2025-01', 'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders'],
  [
    'fulfillment_orders/progress_reported',
    '2026-04',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders',
  ],
  [
    'fulfillment_orders/manually_reported_progress_stopped',
    '2026-04',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders',
  ],
  ['product_listings/add', '2025-01', 'read_product_listings'],
  ['product_listings/remove', '2025-01', 'read_product_listings'],
  ['product_listings/update', '2025-01', 'read_product_listings'],
  ['scheduled_product_listings/add', '2025-01', 'read_product_listings'],
  ['scheduled_product_listings/update', '2025-01', 'read_product_listings'],
  ['scheduled_product_listings/remove', '2025-01', 'read_product_listings'],
  ['product_publications/create', '2025-01', 'read_publications'],
  ['product_publications/delete', '2025-01', 'read_publications'],
  ['product_publications/update', '2025-01', 'read_publications'],
  ['products/create', '2025-01', 'read_products'],
  ['products/delete', '2025-01', 'read_products'],
  ['products/update', '2025-01', 'read_products'],
  ['refunds/create', '2025-01', 'read_orders read_marketplace_orders read_buyer_membership_orders'],
  ['segments/create', '2025-01', 'read_customers'],
  ['segments/delete', '2025-01', 'read_customers'],
  ['segments/update', '2025-01', 'read_customers'],
  ['shipping_addresses/create', '2025-01', 'read_shipping'],
  ['shipping_addresses/update', '2025-01', 'read_shipping'],
  ['shop/update', '2025-01', ''],
  ['tax_partners/update', '2025-01', 'read_taxes'],
  ['tax_services/create', '2025-01', 'read_taxes'],
  ['tax_services/update', '2025-01', 'read_taxes'],
  ['themes/create', '2025-01', 'read_themes'],
  ['themes/delete', '2025-01', 'read_themes'],
  ['themes/publish', '2025-01', 'read_themes'],
  ['themes/update', '2025-01', 'read_themes'],
  ['variants/in_stock', '2025-01', 'read_products'],
  ['variants/out_of_stock', '2025-01', 'read_products'],
  ['inventory_levels/connect', '2025-01', 'read_inventory'],
  ['inventory_levels/update', '2025-01', 'read_inventory'],
  ['inventory_levels/disconnect', '2025-01', 'read_inventory'],
  ['inventory_items/create', '2025-01', 'read_inventory read_products'],
  ['inventory_items/update', '2025-01', 'read_inventory read_products'],
  ['inventory_items/delete', '2025-01', 'read_inventory read_products'],
  ['locations/activate', '2025-01', 'read_locations'],
  ['locations/deactivate', '2025-01', 'read_locations'],
  ['locations/create', '2025-01', 'read_locations'],
  ['locations/update', '2025-01', 'read_locations'],
  ['locations/delete', '2025-01', 'read_locations'],
  ['tender_transactions/create', '2025-01', 'read_orders'],
  ['app_purchases_one_time/update', '2025-01', ''],
  ['app_subscriptions/approaching_capped_amount', '2025-01', ''],
  ['app_subscriptions/update', '2025-01', ''],
  ['locales/create', '2025-01', 'read_locales'],
  ['locales/update', '2025-01', 'read_locales'],
  ['locales/destroy', '2025-10', 'read_locales'],
  ['machine_translation_batch/completed', '2025-01', ''],
  ['domains/create', '2025-01', ''],
  ['domains/update', '2025-01', ''],
  ['domains/destroy', '2025-01', ''],
  ['subscription_contracts/create', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_contracts/update', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_cycle_edits/create', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_cycle_edits/update', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_cycle_edits/delete', '2025-01', 'read_own_subscription_contracts'],
  ['profiles/create', '2025-01', 'read_shipping read_assigned_shipping'],
  ['profiles/update', '2025-01', 'read_shipping read_assigned_shipping'],
  ['profiles/delete', '2025-01', 'read_shipping read_assigned_shipping'],
  ['subscription_billing_attempts/success', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_attempts/failure', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_attempts/challenged', '2025-01', 'read_own_subscription_contracts'],
  ['returns/cancel', '2025-01', 'read_orders read_marketplace_orders read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/close', '2025-01', 'read_orders read_marketplace_orders read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/reopen', '2025-01', 'read_orders read_marketplace_orders read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/request', '2025-01', 'read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/approve', '2025-01', 'read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/update', '2025-01', 'read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/process', '2025-01', 'read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['returns/decline', '2025-01', 'read_returns read_marketplace_returns read_buyer_membership_orders'],
  ['reverse_deliveries/attach_deliverable', '2025-01', 'read_returns read_marketplace_returns'],
  ['reverse_fulfillment_orders/dispose', '2025-01', 'read_returns read_marketplace_returns'],
  ['payment_terms/create', '2025-01', 'read_payment_terms'],
  ['payment_terms/delete', '2025-01', 'read_payment_terms'],
  ['payment_terms/update', '2025-01', 'read_payment_terms'],
  ['payment_schedules/due', '2025-01', 'read_payment_terms'],
  ['selling_plan_groups/create', '2025-01', 'read_products'],
  ['selling_plan_groups/update', '2025-01', 'read_products'],
  ['selling_plan_groups/delete', '2025-01', 'read_products'],
  ['bulk_operations/finish', '2025-01', ''],
  ['product_feeds/create', '2025-01', 'read_product_listings'],
  ['product_feeds/update', '2025-01', 'read_product_listings'],
  ['product_feeds/incremental_sync', '2025-01', 'read_product_listings'],
  ['product_feeds/full_sync', '2025-01', 'read_product_listings'],
  ['product_feeds/full_sync_finish', '2025-01', 'read_product_listings'],
  ['markets/create', '2025-01', 'read_markets'],
  ['markets/update', '2025-01', 'read_markets'],
  ['markets/delete', '2025-01', 'read_markets'],
  ['orders/risk_assessment_changed', '2025-01', 'read_orders'],
  ['orders/shopify_protect_eligibility_changed', '2025-01', 'read_orders'],
  ['finance_kyc_information/update', '2025-01', 'read_financial_kyc_information'],
  [
    'fulfillment_orders/rescheduled',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  ['publications/delete', '2025-01', 'read_publications'],
  ['audit_events/admin_api_activity', '2025-01', 'read_audit_events'],
  [
    'fulfillment_orders/line_items_prepared_for_pickup',
    '2025-01',
    'read_merchant_managed_fulfillment_orders read_assigned_fulfillment_orders read_third_party_fulfillment_orders read_marketplace_fulfillment_orders',
  ],
  ['companies/create', '2025-01', 'read_customers read_companies'],
  ['companies/update', '2025-01', 'read_customers read_companies'],
  ['companies/delete', '2025-01', 'read_customers read_companies'],
  ['company_locations/create', '2025-01', 'read_customers read_companies'],
  ['company_locations/update', '2025-01', 'read_customers read_companies'],
  ['company_locations/delete', '2025-01', 'read_customers read_companies'],
  ['company_contacts/create', '2025-01', 'read_customers read_companies'],
  ['company_contacts/update', '2025-01', 'read_customers read_companies'],
  ['company_contacts/delete', '2025-01', 'read_customers read_companies'],
  ['customers/merge', '2025-01', 'read_customer_merge'],
  ['inventory_transfers/add_items', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/update_item_quantities', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/remove_items', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/ready_to_ship', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/cancel', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/complete', '2025-01', 'read_inventory_transfers'],
  ['inventory_transfers/updated', '2026-07', 'read_inventory_transfers'],
  ['inventory_shipments/delete', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/create', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/mark_in_transit', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/update_tracking', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/add_items', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/update_item_quantities', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/remove_items', '2025-01', 'read_inventory_shipments'],
  ['inventory_shipments/receive_items', '2025-01', 'read_inventory_shipments_received_items'],
  ['customer_account_settings/update', '2025-01', ''],
  ['customer.joined_segment', '2025-01', 'read_customers'],
  ['customer.left_segment', '2025-01', 'read_customers'],
  ['company_contact_roles/assign', '2025-01', 'read_customers read_companies'],
  ['company_contact_roles/revoke', '2025-01', 'read_customers read_companies'],
  ['subscription_contracts/activate', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_contracts/pause', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_contracts/cancel', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_contracts/fail', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_contracts/expire', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_cycles/skip', '2025-01', 'read_own_subscription_contracts'],
  ['subscription_billing_cycles/unskip', '2025-01', 'read_own_subscription_contracts'],
  ['metaobjects/create', '2025-01', 'read_metaobjects'],
  ['metaobjects/update', '2025-01', 'read_metaobjects'],
  ['metaobjects/delete', '2025-01', 'read_metaobjects'],
  ['finance_app_staff_member/grant', '2025-01', 'read_financial_kyc_information'],
  ['finance_app_staff_member/revoke', '2025-01', 'read_financial_kyc_information'],
  ['finance_app_staff_member/delete', '2025-01', 'read_financial_kyc_information'],
  ['finance_app_staff_member/update', '2025-01', 'read_financial_kyc_information'],
  ['discounts/create', '2025-01', 'read_discounts'],
  ['discounts/update', '2025-01', 'read_discounts'],
  ['discounts/delete', '2025-01', 'read_discounts'],
  ['discounts/redeemcode_added', '2025-01', 'read_discounts'],
  ['discounts/redeemcode_removed', '2025-01', 'read_discounts'],
  ['metafield_definitions/create', '2025-01', 'read_content'],
  ['metafield_definitions/update', '2025-01', 'read_content'],
  ['metafield_definitions/delete', '2025-01', 'read_content'],
  ['delivery_promise_settings/update', '2025-01', 'read_shipping'],
  ['markets_backup_region/update', '2025-01', 'read_markets'],
  ['checkout_and_accounts_configurations/update', '2025-01', ''],
];

export interface WebhookTopic {
  /** The enum value, e.g. ORDERS_CREATE. */
  name: string;
  /** The topic deliveries carry in X-Shopify-Topic, e.g. orders/create. */
  rest: string;
  since: string;
  /** Any one of these grants the topic; empty when it needs none. */
  scopes: readonly string[];
}

export const topicEnumName = (rest: string): string => rest.toUpperCase().replace(/[/.]/g, '_');

const BY_NAME: ReadonlyMap<string, WebhookTopic> = new Map(
  TOPICS.map(([rest, since, scopes]) => [topicEnumName(rest), { name: topicEnumName(rest), rest, since, scopes: scopes === '' ? [] : scopes.split(' ') }]),
);

const OLDEST_CAPTURED = '2025-01';

/**
 * Whether an API version has the topic. A version older than the oldest captured one has that
 * one's topics; `unstable` and versions newer than the newest captured one have the newest's (a
 * topic added since is refused, never guessed).
 */
const inVersion = (topic: WebhookTopic, apiVersion: string) => topic.since === OLDEST_CAPTURED || topic.since <= apiVersion;

/** The enum values an API version has, in Shopify's order. */
export function webhookTopicsOf(apiVersion: string): WebhookTopic[] {
  return [...BY_NAME.values()].filter((topic) => inVersion(topic, apiVersion));
}

/** The topic an enum value names in this API version, or undefined when the version has no such value. */
export function webhookTopic(name: string, apiVersion: string): WebhookTopic | undefined {
  const topic = BY_NAME.get(name);
  return topic && inVersion(topic, apiVersion) ? topic : undefined;
}
