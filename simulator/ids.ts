/**
 * Numeric Shopify ids. Order-side ids live in the 5–9×10^17 range, as on real shops, so they
 * exceed 2^53: they are kept as decimal strings and computed with bigints, never as numbers.
 */
import type { Random } from './random';

export type IdKind =
  | 'order'
  | 'lineItem'
  | 'refund'
  | 'refundLineItem'
  | 'refundShippingLine'
  | 'transaction'
  | 'shippingLine'
  | 'fulfillment'
  | 'fulfillmentLineItem'
  | 'customer'
  | 'address'
  | 'product'
  | 'variant'
  | 'media'
  | 'metafield'
  | 'collection'
  | 'inventoryItem'
  | 'inventoryLevel'
  | 'location';

/** Where each kind starts and the largest gap between consecutive ids. */
const RANGES: Readonly<Record<IdKind, readonly [start: bigint, maxGap: number]>> = {
  order: [512_000_000_000_000_000n, 1_000_000_000_000],
  lineItem: [604_000_000_000_000_000n, 100_000_000_000],
  refund: [890_000_000_000_000_000n, 100_000_000_000],
  refundLineItem: [487_000_000_000_000_000n, 100_000_000_000],
  refundShippingLine: [623_000_000_000_000_000n, 100_000_000_000],
  transaction: [245_000_000_000_000_000n, 100_000_000_000],
  shippingLine: [271_000_000_000_000_000n, 100_000_000_000],
  fulfillment: [723_000_000_000_000_000n, 100_000_000_000],
  fulfillmentLineItem: [781_000_000_000_000_000n, 100_000_000_000],
  customer: [7_100_000_000_000n, 1_000_000],
  address: [9_200_000_000_000n, 1_000_000],
  product: [8_012_000_000_000n, 1_000_000],
  variant: [44_100_000_000_000n, 1_000_000],
  media: [31_200_000_000_000n, 1_000_000],
  metafield: [25_300_000_000_000n, 1_000_000],
  collection: [482_000_000_000n, 100_000],
  inventoryItem: [46_500_000_000_000n, 1_000_000],
  inventoryLevel: [118_000_000_000n, 100_000],
  location: [71_000_000_000n, 10_000],
};

/** Increasing ids per kind, like Shopify's: later records get larger ids. */
export class IdSequences {
  private readonly last = new Map<IdKind, bigint>();

  constructor(private readonly rng: Random) {}

  next(kind: IdKind): string {
    const [start, maxGap] = RANGES[kind];
    const id = (this.last.get(kind) ?? start) + BigInt(1 + this.rng.int(maxGap));
    this.last.set(kind, id);
    return id.toString();
  }
}

export type GidType =
  | 'Order'
  | 'LineItem'
  | 'Refund'
  | 'RefundLineItem'
  | 'RefundShippingLine'
  | 'Fulfillment'
  | 'FulfillmentLineItem'
  | 'Customer'
  | 'MailingAddress'
  | 'Product'
  | 'ProductVariant'
  | 'MediaImage'
  | 'Metafield'
  | 'Collection'
  | 'InventoryItem'
  | 'InventoryLevel'
  | 'Location'
  | 'Shop'
  | 'BulkOperation'
  | 'OrderTransaction'
  | 'ShippingLine'
  | 'FulfillmentOrder'
  | 'FulfillmentOrderLineItem'
  | 'DraftOrder'
  | 'DraftOrderLineItem'
  | 'AbandonedCheckout'
  | 'AbandonedCheckoutLineItem'
  | 'Return'
  | 'ReturnLineItem'
  | 'DiscountCodeNode'
  | 'DiscountAutomaticNode'
  | 'DiscountRedeemCode'
  | 'WebhookSubscription';

export function gid(type: GidType, id: string): string {
  return `gid://shopify/${type}/${id}`;
}
