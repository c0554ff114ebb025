/** What a payload contributes: the warehouse's rows, plus the compliance requests to act on after they are loaded. */
import type { CustomersDataRequest, CustomersRedact, ShopRedact } from '../shopify/payloads/compliance';
import type { WarehouseRows } from '../warehouse/rows';

/** Where a delivery's rows come from: its shop, its raw R2 object, and when Shopify sent it. */
export interface Source {
  shopDomain: string;
  rawKey: string;
  /** X-Shopify-Triggered-At, or when Wharf received it: the version of payloads that carry no timestamp. */
  eventAt: string;
}

/** GDPR requests: handled after the batch's rows are loaded, since they touch R2 as well. */
export type ComplianceRequest = { rawKey: string; shopDomain: string } & (
  | { topic: 'customers/data_request'; payload: CustomersDataRequest }
  | { topic: 'customers/redact'; payload: CustomersRedact }
  | { topic: 'shop/redact'; payload: ShopRedact }
);

/** Everything one or more deliveries contribute. */
export interface PayloadRows extends WarehouseRows {
  compliance: ComplianceRequest[];
}

export function rows(partial: Partial<PayloadRows>): PayloadRows {
  return {
    shops: [],
    shopUninstalls: [],
    customers: [],
    orders: [],
    orderLines: [],
    orderDiscounts: [],
    discountAllocations: [],
    shippingLines: [],
    transactions: [],
    channels: [],
    orderEdits: [],
    products: [],
    variants: [],
    productImages: [],
    productContents: [],
    variantMarketPrices: [],
    collections: [],
    collectionMemberships: [],
    collectionProducts: [],
    locations: [],
    locationRefs: [],
    inventoryItems: [],
    inventoryLevels: [],
    inventoryDisconnects: [],
    refunds: [],
    refundLines: [],
    fulfillments: [],
    fulfillmentOrders: [],
    fulfillmentOrderLines: [],
    fulfillmentOrderEvents: [],
    draftOrders: [],
    draftOrderLines: [],
    checkouts: [],
    returns: [],
    returnLines: [],
    returnLineSets: [],
    returnEvents: [],
    discounts: [],
    discountHeaders: [],
    discountCodes: [],
    discountCodeSets: [],
    deletions: [],
    bulkOperations: [],
    compliance: [],
    ...partial,
  };
}

export function appendRows(into: PayloadRows, more: PayloadRows): PayloadRows {
  for (const key of Object.keys(more) as (keyof PayloadRows)[]) {
    (into[key] as unknown[]).push(...(more[key] as unknown[]));
  }
  return into;
}

/**
 * The shop-local calendar day of a Shopify timestamp as a `dim_date` key (yyyymmdd). Shopify
 * writes timestamps in the shop's offset, so the date part of the text is the shop's own day.
 */
export function dateKey(timestamp: string): number {
  return Number(timestamp.slice(0, 10).replaceAll('-', ''));
}
