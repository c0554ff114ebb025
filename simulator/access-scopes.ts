/**
 * Access scopes: the handles an app may be configured with, what `accessScopes` says of each, and
 * what a granted list implies. The handles and descriptions are those a live shop answered to
 * `currentAppInstallation { accessScopes { handle description } }` (Admin API 2025-01, captured in
 * airhorns/shopify-draft-proxy @ 1fba7c18,
 * fixtures/conformance/harry-test-heelo.myshopify.com/2025-01/apps/app-billing-access-read.json);
 * the simulator knows no other, so an app asking for another is refused rather than described
 * with invented text.
 */
import type { Entity } from './model';

/** The scope reading each exportable entity needs. */
export const ENTITY_SCOPES: Readonly<Record<Entity, string>> = {
  orders: 'read_orders',
  products: 'read_products',
  collections: 'read_products',
  customers: 'read_customers',
  inventoryItems: 'read_inventory',
  locations: 'read_locations',
  fulfillmentOrders: 'read_merchant_managed_fulfillment_orders',
  draftOrders: 'read_draft_orders',
  abandonedCheckouts: 'read_orders',
  discountNodes: 'read_discounts',
};

export const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  /**
   * Not in the capture, but a documented scope: "If you want to access older records [than 60
   * days], then you need to request access to all orders. If your app is granted access, then you
   * can add the read_all_orders, read_orders, and write_orders scopes"
   * (https://shopify.dev/docs/api/admin-graphql/2025-10/objects/Order); its description is that note's.
   */
  read_all_orders: 'Read orders older than 60 days',
  read_assigned_fulfillment_orders: 'Read assigned fulfillment',
  read_cart_transforms: 'Read cart transforms.',
  read_cash_tracking: 'Read cash balance tracking for retail cash registers',
  read_content: 'Read store content like articles, blogs, comments, pages, and redirects',
  read_customer_data_erasure: 'Read access for customer data erasure',
  read_customer_merge: 'Read access for customer merge',
  read_customers: 'Read customer details and customer groups',
  read_delivery_customizations: 'Read access for delivery customizations',
  read_discounts: 'Read discounts',
  read_draft_orders: 'Read draft orders',
  read_files: 'Read files',
  read_fulfillment_constraint_rules: 'Read access for fulfillment constraint rules',
  read_fulfillments: 'Read fulfillment services',
  read_gift_card_transactions: 'Read gift card transactions',
  read_gift_cards: 'Read gift cards',
  read_inventory: 'Read inventory',
  read_inventory_shipments: 'Read inventory shipments',
  read_inventory_transfers: 'Read inventory transfers',
  read_legal_policies: 'Read legal policies',
  read_locales: 'Read shop locales',
  read_locations: 'Read locations',
  read_marketing_events: 'Read marketing events and related marketing engagement data',
  read_markets: 'Read access for Shopify Markets API',
  read_merchant_managed_fulfillment_orders: 'Read fulfillment for merchant-managed locations',
  read_metaobject_definitions: 'Read metaobject definitions',
  read_metaobjects: 'Read metaobjects',
  read_online_store_navigation: 'Read data from Online Store Navigation GraphQL API',
  read_order_edits: 'Read order edits',
  read_orders: 'Read orders, transactions, and fulfillments',
  read_payment_customizations: 'Read access for payment customizations',
  read_payment_terms: 'Read payment terms',
  read_privacy_settings: 'Read privacy settings of the shop',
  read_product_listings: 'Read product information',
  read_products: 'Read products, variants, and collections',
  read_publications: 'Read publications',
  read_purchase_options: 'App can read their own purchase options',
  read_returns: 'Read access for returns',
  read_shipping: 'Read shipping rates, countries, and provinces',
  read_shopify_payments_disputes: 'Read Shopify Payments disputes',
  read_shopify_payments_payouts: 'Read Shopify Payments balance and payouts',
  read_store_credit_account_transactions: 'Read store credit account transactions.',
  read_store_credit_accounts: 'Read store credit account balance and currency.',
  read_themes: 'Read theme templates and theme assets',
  read_third_party_fulfillment_orders: 'Read fulfillment assigned to fulfillment services',
  read_translations: 'Read dynamic content translations',
  read_validations: 'Read cart and checkout validations.',
  write_assigned_fulfillment_orders: 'Modify assigned fulfillment',
  write_cart_transforms: 'Write cart transforms.',
  write_cash_tracking: 'Write cash balance tracking for retail cash registers',
  write_content: 'Modify store content like articles, blogs, comments, pages, and redirects',
  write_customer_data_erasure: 'Write access for customer data erasure',
  write_customer_merge: 'Write access for customer merge',
  write_customers: 'Modify customer details and customer groups',
  write_delivery_customizations: 'Write access for delivery customizations',
  write_discounts: 'Modify discounts',
  write_draft_orders: 'Modify draft orders',
  write_files: 'Write files',
  write_fulfillment_constraint_rules: 'Write access for fulfillment constraint rules',
  write_fulfillments: 'Modify fulfillment services',
  write_gift_card_transactions: 'Credit and debit gift cards',
  write_gift_cards: 'Modify gift cards',
  write_inventory: 'Modify inventory',
  write_inventory_shipments: 'Modify inventory shipments',
  write_inventory_transfers: 'Modify inventory transfers',
  write_legal_policies: 'Write legal policies',
  write_locales: 'Modify shop locales',
  write_locations: 'Modify locations',
  write_marketing_events: 'Modify marketing events and related marketing engagement data',
  write_markets: 'Write access for Shopify Markets API',
  write_merchant_managed_fulfillment_orders: 'Action fulfillment for merchant-managed locations',
  write_metaobject_definitions: 'Write metaobject definitions',
  write_metaobjects: 'Write metaobjects',
  write_online_store_navigation: 'Write data from Online Store Navigation GraphQL API',
  write_order_edits: 'Modify orders',
  write_orders: 'Modify orders, transactions, and fulfillments',
  write_payment_customizations: 'Write access for payment customizations',
  write_payment_terms: 'Write payment terms',
  write_privacy_settings: 'Modify privacy settings of the shop',
  write_products: 'Modify products, variants, and collections',
  write_publications: 'Modify publications',
  write_purchase_options: 'App can manage their own purchase options',
  write_returns: 'Write access for returns',
  write_shipping: 'Modify shipping rates, countries, and provinces',
  write_store_credit_account_transactions: 'Credit and debit store credit accounts.',
  write_third_party_fulfillment_orders: 'Modify fulfillment assigned to fulfillment services',
  write_translations: 'Write dynamic content translations',
  write_validations: 'Write cart and checkout validations.',
};

export const isKnownScope = (handle: string): boolean => Object.hasOwn(SCOPE_DESCRIPTIONS, handle);

/**
 * The scopes a granted list amounts to: "Any permission to write a resource includes the
 * permission to read it" (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant),
 * and Shopify lists the implied read scopes too.
 */
export function impliedScopes(granted: readonly string[]): string[] {
  const all = new Set<string>();
  for (const scope of granted) {
    all.add(scope);
    if (scope.startsWith('write_')) all.add(`read_${scope.slice('write_'.length)}`);
  }
  return [...all];
}

/** Whether the granted scopes include one of `needed` (an empty `needed` is always granted). */
export function grantsAny(granted: readonly string[], needed: readonly string[]): boolean {
  if (needed.length === 0) return true;
  const all = impliedScopes(granted);
  return needed.some((scope) => all.includes(scope));
}

/**
 * The error a field answers when the token's scopes lack what it needs, as Shopify words it for
 * one scope; for a field any of several scopes grant, the wording is the simulator's.
 */
export function accessDenied(field: string, needed: readonly string[]) {
  const requiredAccess = needed.length === 1 ? `\`${needed[0]}\` access scope.` : `one of ${needed.map((scope) => `\`${scope}\``).join(', ')} access scopes.`;
  return {
    message: `Access denied for ${field} field. Required access: ${requiredAccess}`,
    extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/api/usage/access-scopes', requiredAccess },
  };
}
