/**
 * The lines of a bulk operation's JSONL result, as the queries in `queries.ts` select them.
 * GraphQL ids are gids (`gid://shopify/Order/450789469`); timestamps are UTC; enums are upper case.
 */
import { z } from 'zod';
import { decimalText } from '../payloads/scalars';

export const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+(\?.*)?$/, 'expected a Shopify gid');

const ref = z.object({ id: gid });
// An amount that is not a decimal rejects its record, naming the field, before any arithmetic on it.
const moneyV2 = z.object({ amount: decimalText, currencyCode: z.string() });
const moneyBag = z.object({ shopMoney: moneyV2 });
const presentmentBag = z.object({ presentmentMoney: moneyV2 });
const allocations = z.array(z.object({ allocatedAmountSet: moneyBag, discountApplication: z.object({ index: z.number().int().nonnegative() }) })).default([]);
const instant = z.iso.datetime({ offset: true });

/** The type and numeric id of a gid: `gid://shopify/LineItem/12?x=1` → ['LineItem', '12']. */
export function parseGid(id: string): { type: string; id: string } {
  const match = /^gid:\/\/shopify\/(\w+)\/(\d+)/.exec(id);
  if (!match) throw new Error(`not a Shopify gid: ${id}`);
  return { type: match[1]!, id: match[2]! };
}

export const legacyId = (id: string) => parseGid(id).id;

export const customerNode = z.object({
  id: gid,
  email: z.string().nullish(),
  state: z.string().nullish(),
  verifiedEmail: z.boolean().nullish(),
  tags: z.array(z.string()).default([]),
  createdAt: instant.nullish(),
  updatedAt: instant,
  defaultAddress: z
    .object({ city: z.string().nullish(), province: z.string().nullish(), country: z.string().nullish(), countryCodeV2: z.string().nullish() })
    .nullish(),
});

export const orderNode = z.object({
  id: gid,
  name: z.string().nullish(),
  number: z.number().int().nullish(),
  email: z.string().nullish(),
  createdAt: instant,
  updatedAt: instant,
  processedAt: instant.nullish(),
  cancelledAt: instant.nullish(),
  cancelReason: z.string().nullish(),
  closedAt: instant.nullish(),
  currencyCode: z.string(),
  presentmentCurrencyCode: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string().nullish(),
  sourceName: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  test: z.boolean().nullish(),
  discountCodes: z.array(z.string()).default([]),
  subtotalPriceSet: moneyBag.nullish(),
  totalPriceSet: moneyBag,
  totalTaxSet: moneyBag.nullish(),
  totalDiscountsSet: moneyBag.nullish(),
  totalShippingPriceSet: moneyBag.nullish(),
  originalTotalDutiesSet: moneyBag.nullish(),
  originalTotalAdditionalFeesSet: moneyBag.nullish(),
  customer: customerNode.nullish(),
  transactions: z
    .array(
      z.object({
        id: gid,
        kind: z.string(),
        status: z.string().nullish(),
        gateway: z.string().nullish(),
        amountSet: presentmentBag,
        createdAt: instant,
        processedAt: instant.nullish(),
        parentTransaction: ref.nullish(),
        test: z.boolean().nullish(),
        errorCode: z.string().nullish(),
      }),
    )
    .default([]),
  refunds: z
    .array(
      z.object({
        id: gid,
        createdAt: instant,
        processedAt: instant.nullish(),
        note: z.string().nullish(),
        totalRefundedSet: presentmentBag.nullish(),
      }),
    )
    .default([]),
});

export const lineItemNode = z.object({
  id: gid,
  sku: z.string().nullish(),
  title: z.string(),
  variantTitle: z.string().nullish(),
  vendor: z.string().nullish(),
  quantity: z.number().int(),
  isGiftCard: z.boolean().nullish(),
  originalUnitPriceSet: moneyBag,
  totalDiscountSet: moneyBag.nullish(),
  discountAllocations: allocations,
  product: ref.nullish(),
  variant: ref.nullish(),
});

export const shippingLineNode = z.object({
  id: gid,
  title: z.string().nullish(),
  code: z.string().nullish(),
  source: z.string().nullish(),
  originalPriceSet: moneyBag,
  discountAllocations: allocations,
});

/** A DiscountApplication line: no id (the interface has none); its `index` is what allocations name. */
export const discountApplicationNode = z.object({
  __typename: z.string(),
  index: z.number().int().nonnegative(),
  allocationMethod: z.string().nullish(),
  targetSelection: z.string().nullish(),
  targetType: z.string().nullish(),
  value: z.object({ amount: decimalText.nullish(), currencyCode: z.string().nullish(), percentage: z.number().nullish() }).nullish(),
  code: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});

export const fulfillmentLineItemNode = z.object({ id: gid, quantity: z.number().int(), lineItem: ref.nullish() });

export const fulfillmentOrderNode = z.object({
  id: gid,
  orderId: gid,
  status: z.string(),
  createdAt: instant,
  updatedAt: instant,
  assignedLocation: z.object({ location: ref.nullish() }).nullish(),
});

export const fulfillmentOrderLineItemNode = z.object({
  id: gid,
  totalQuantity: z.number().int(),
  remainingQuantity: z.number().int(),
  lineItem: ref,
});

export const fulfillmentNode = z.object({
  id: gid,
  name: z.string().nullish(),
  status: z.string().nullish(),
  displayStatus: z.string().nullish(),
  createdAt: instant,
  updatedAt: instant,
  location: ref.nullish(),
  service: z.object({ handle: z.string().nullish() }).nullish(),
  trackingInfo: z.array(z.object({ company: z.string().nullish(), number: z.string().nullish() })).default([]),
});

export const refundLineItemNode = z.object({
  id: gid,
  quantity: z.number().int(),
  restockType: z.string().nullish(),
  location: ref.nullish(),
  lineItem: ref,
  subtotalSet: moneyBag.nullish(),
  totalTaxSet: moneyBag.nullish(),
});

/** Shipping a refund gave back (read page by page, as its line items are). */
export const refundShippingLineNode = z.object({
  id: gid,
  subtotalAmountSet: moneyBag,
  taxAmountSet: moneyBag.nullish(),
});

const draftDiscount = z.object({ title: z.string().nullish(), valueType: z.string().nullish(), amountSet: moneyBag.nullish() });

export const draftOrderNode = z.object({
  id: gid,
  name: z.string().nullish(),
  status: z.string().nullish(),
  email: z.string().nullish(),
  createdAt: instant,
  updatedAt: instant,
  completedAt: instant.nullish(),
  invoiceSentAt: instant.nullish(),
  currencyCode: z.string().nullish(),
  subtotalPriceSet: moneyBag.nullish(),
  totalTaxSet: moneyBag.nullish(),
  totalPriceSet: moneyBag.nullish(),
  appliedDiscount: draftDiscount.nullish(),
  customer: z.object({ id: gid, email: z.string().nullish() }).nullish(),
  order: ref.nullish(),
});

export const draftOrderLineItemNode = z.object({
  id: gid,
  sku: z.string().nullish(),
  title: z.string().nullish(),
  variantTitle: z.string().nullish(),
  vendor: z.string().nullish(),
  quantity: z.number().int(),
  custom: z.boolean().nullish(),
  originalUnitPriceSet: moneyBag,
  appliedDiscount: draftDiscount.nullish(),
  product: ref.nullish(),
  variant: ref.nullish(),
});

export const abandonedCheckoutNode = z.object({
  id: gid,
  name: z.string().nullish(),
  createdAt: instant,
  updatedAt: instant,
  completedAt: instant.nullish(),
  discountCodes: z.array(z.string()).default([]),
  customer: z.object({ id: gid, email: z.string().nullish() }).nullish(),
  subtotalPriceSet: presentmentBag.nullish(),
  totalLineItemsPriceSet: presentmentBag.nullish(),
  totalDiscountSet: presentmentBag.nullish(),
  totalTaxSet: presentmentBag.nullish(),
  totalPriceSet: moneyBag.extend(presentmentBag.shape).nullish(),
});

export const abandonedCheckoutLineItemNode = z.object({ id: gid, quantity: z.number().int() });

const image = z.object({ image: z.object({ url: z.string() }).nullish() }).nullish();

export const productNode = z.object({
  id: gid,
  title: z.string(),
  descriptionHtml: z.string().nullish(),
  seo: z.object({ title: z.string().nullish(), description: z.string().nullish() }).nullish(),
  category: z.object({ fullName: z.string().nullish() }).nullish(),
  handle: z.string().nullish(),
  vendor: z.string().nullish(),
  productType: z.string().nullish(),
  status: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  publishedAt: instant.nullish(),
  createdAt: instant.nullish(),
  updatedAt: instant,
  featuredMedia: z.object({ id: gid.nullish(), preview: image }).nullish(),
});

export const variantNode = z.object({
  id: gid,
  title: z.string().nullish(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  price: z.string().nullish(),
  compareAtPrice: z.string().nullish(),
  position: z.number().int().nullish(),
  selectedOptions: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  inventoryItem: ref.nullish(),
  inventoryQuantity: z.number().int().nullish(),
  taxable: z.boolean().nullish(),
  createdAt: instant.nullish(),
  updatedAt: instant.nullish(),
});

/** A product's media; a MediaImage's `image` says its URL, alt text and size. */
export const mediaNode = z.object({
  id: gid,
  mediaContentType: z.string().nullish(),
  alt: z.string().nullish(),
  image: z.object({ url: z.string(), altText: z.string().nullish(), width: z.number().int().nullish(), height: z.number().int().nullish() }).nullish(),
  preview: image,
});

/** An image a variant shows: only its id, selected as `ref`. */
export const mediaRefNode = z.object({ ref: gid });

export const metafieldNode = z.object({ id: gid, namespace: z.string(), key: z.string(), type: z.string().nullish(), value: z.string().nullish() });

export const collectionNode = z.object({
  id: gid,
  handle: z.string().nullish(),
  title: z.string(),
  sortOrder: z.string().nullish(),
  updatedAt: instant,
  ruleSet: z.object({ appliedDisjunctively: z.boolean().nullish() }).nullish(),
});

/** A product of a collection: only its id, selected as `ref`. */
export const collectionProductNode = z.object({ ref: gid });

export const inventoryItemNode = z.object({
  id: gid,
  sku: z.string().nullish(),
  tracked: z.boolean().nullish(),
  requiresShipping: z.boolean().nullish(),
  countryCodeOfOrigin: z.string().nullish(),
  unitCost: z.object({ amount: decimalText }).nullish(),
  createdAt: instant.nullish(),
  updatedAt: instant,
});

export const locationNode = z.object({
  id: gid,
  name: z.string().nullish(),
  isActive: z.boolean().nullish(),
  createdAt: instant.nullish(),
  updatedAt: instant,
  address: z
    .object({
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      zip: z.string().nullish(),
      province: z.string().nullish(),
      provinceCode: z.string().nullish(),
      countryCode: z.string().nullish(),
    })
    .nullish(),
});

export const inventoryLevelNode = z.object({
  id: gid,
  updatedAt: instant,
  item: ref,
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })).default([]),
});

/** The root of the returns export: an order, by its id alone. */
export const orderRefNode = ref;

export const returnNode = z.object({
  id: gid,
  name: z.string().nullish(),
  status: z.string(),
  createdAt: instant,
  requestApprovedAt: instant.nullish(),
  closedAt: instant.nullish(),
  totalQuantity: z.number().int(),
  decline: z.object({ reason: z.string().nullish() }).nullish(),
});

/** A ReturnLineItem, or an UnverifiedReturnLineItem (no fulfilled order line behind it). */
export const returnLineItemNode = z.object({
  id: gid,
  quantity: z.number().int(),
  returnReason: z.string().nullish(),
  fulfillmentLineItem: z.object({ lineItem: ref.nullish() }).nullish(),
});

/** A DiscountNode: its gid's type says code or automatic; the discount's fields are those its type has. */
export const discountNode = z.object({
  id: gid,
  discount: z.object({
    __typename: z.string(),
    title: z.string().nullish(),
    status: z.string().nullish(),
    summary: z.string().nullish(),
    startsAt: instant.nullish(),
    endsAt: instant.nullish(),
    createdAt: instant.nullish(),
    updatedAt: instant,
    asyncUsageCount: z.number().int().nullish(),
    codesCount: z.object({ count: z.number().int(), precision: z.string().nullish() }).nullish(),
  }),
});

export const discountRedeemCodeNode = z.object({ id: gid, code: z.string(), asyncUsageCount: z.number().int().nullish() });

export const shopInfo = z.object({
  id: gid,
  name: z.string().nullish(),
  email: z.string().nullish(),
  currencyCode: z.string().nullish(),
  ianaTimezone: z.string(),
  plan: z.object({ displayName: z.string().nullish() }).nullish(),
  billingAddress: z.object({ countryCodeV2: z.string().nullish() }).nullish(),
  updatedAt: instant.nullish(),
});

export type OrderNode = z.infer<typeof orderNode>;
export type LineItemNode = z.infer<typeof lineItemNode>;
export type ShippingLineNode = z.infer<typeof shippingLineNode>;
export type DiscountApplicationNode = z.infer<typeof discountApplicationNode>;
export type FulfillmentLineItemNode = z.infer<typeof fulfillmentLineItemNode>;
export type FulfillmentOrderNode = z.infer<typeof fulfillmentOrderNode>;
export type RefundLineItemNode = z.infer<typeof refundLineItemNode>;
export type ProductNode = z.infer<typeof productNode>;
export type VariantNode = z.infer<typeof variantNode>;
export type MediaNode = z.infer<typeof mediaNode>;
export type MetafieldNode = z.infer<typeof metafieldNode>;
export type CollectionNode = z.infer<typeof collectionNode>;
export type CustomerNode = z.infer<typeof customerNode>;
export type InventoryItemNode = z.infer<typeof inventoryItemNode>;
export type LocationNode = z.infer<typeof locationNode>;
export type InventoryLevelNode = z.infer<typeof inventoryLevelNode>;
export type ReturnLineItemNode = z.infer<typeof returnLineItemNode>;
export type ShopInfo = z.infer<typeof shopInfo>;
export type DraftOrderNode = z.infer<typeof draftOrderNode>;
export type DraftOrderLineItemNode = z.infer<typeof draftOrderLineItemNode>;
export type AbandonedCheckoutNode = z.infer<typeof abandonedCheckoutNode>;
