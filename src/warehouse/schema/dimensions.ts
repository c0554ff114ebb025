/**
 * Dimensions: the shop, its customers (versioned), products, variants, collections, locations,
 * inventory items, discounts, sales channels and the calendar. Every row carries `shop_id` (tenancy).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, lineage, money, shopifyId, shopifyIdArray } from './columns';

/** The owning shop: every warehouse row belongs to one. */
export const shopRef = () =>
  integer('shop_id')
    .notNull()
    .references(() => dimShop.shopId);

export const dimShop = pgTable('dim_shop', {
  shopId: integer('shop_id').primaryKey().generatedAlwaysAsIdentity(),
  domain: text('domain').notNull().unique(),
  shopifyShopId: shopifyId('shopify_shop_id'),
  name: text('name'),
  email: text('email'),
  currency: text('currency'),
  countryCode: text('country_code'),
  ianaTimezone: text('iana_timezone'),
  planName: text('plan_name'),
  updatedAt: instant('updated_at'),
  firstSeenAt: instant('first_seen_at').notNull().default(sql`now()`),
  uninstalledAt: instant('uninstalled_at'),
  redactedAt: instant('redacted_at'),
  rawKey: text('raw_key'),
});

/** Every version of every customer seen, newest or not: the source `dim_customer` is derived from. */
export const customerVersion = pgTable(
  'customer_version',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    emailHash: text('email_hash'),
    email: text('email'),
    state: text('state'),
    verifiedEmail: boolean('verified_email'),
    tags: text('tags'),
    currency: text('currency'),
    country: text('country'),
    province: text('province'),
    city: text('city'),
    createdAt: instant('created_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.customerId, t.updatedAt] })],
);

/**
 * Customers as a type 2 slowly changing dimension: a change to a tracked attribute closes the
 * current row (`valid_to`) and opens a new one. Rebuilt from `customer_version` whenever a
 * customer's versions change, so late and out-of-order deliveries land in the right place.
 */
export const dimCustomer = pgTable(
  'dim_customer',
  {
    shopId: shopRef(),
    customerId: shopifyId('customer_id').notNull(),
    validFrom: instant('valid_from').notNull(),
    validTo: instant('valid_to'),
    isCurrent: boolean('is_current').notNull(),
    emailHash: text('email_hash'),
    email: text('email'),
    state: text('state'),
    verifiedEmail: boolean('verified_email'),
    tags: text('tags'),
    currency: text('currency'),
    country: text('country'),
    province: text('province'),
    city: text('city'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    redactedAt: instant('redacted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.customerId, t.validFrom] }),
    uniqueIndex('dim_customer_current').on(t.shopId, t.customerId).where(sql`is_current`),
    index('dim_customer_email_hash').on(t.shopId, t.emailHash),
  ],
);

export const dimProduct = pgTable(
  'dim_product',
  {
    shopId: shopRef(),
    productId: shopifyId('product_id').notNull(),
    title: text('title').notNull(),
    handle: text('handle'),
    vendor: text('vendor'),
    productType: text('product_type'),
    status: text('status'),
    tags: text('tags'),
    /** The description as the merchant wrote it (HTML), and as plain text for search and feeds. */
    bodyHtml: text('body_html'),
    bodyText: text('body_text'),
    imageCount: integer('image_count').notNull().default(0),
    featuredImageUrl: text('featured_image_url'),
    publishedAt: instant('published_at'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.productId] })],
);

/** Product metafields, as resyncs export them (product webhooks do not carry them). */
export const productMetafield = pgTable(
  'product_metafield',
  {
    shopId: shopRef(),
    metafieldId: shopifyId('metafield_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    type: text('type'),
    value: text('value'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.metafieldId] }), index('product_metafield_product').on(t.shopId, t.productId)],
);

/**
 * Every image of a product, by its position (1 = the featured image), from the product version
 * in `updated_at`: a newer version replaces the set, so positions it no longer has disappear.
 * Product CSVs carry no image ids: their rows get an id derived from the product and the image URL.
 */
export const productImage = pgTable(
  'product_image',
  {
    // bigint like the other Shopify-facing keys of this table; it still references dim_shop's key.
    shopId: bigint('shop_id', { mode: 'number' })
      .notNull()
      .references(() => dimShop.shopId),
    productId: shopifyId('product_id').notNull(),
    position: integer('position').notNull(),
    /** Shopify's image (media) id, or the id derived for an image a product CSV names by URL only. */
    imageId: shopifyId('image_id'),
    url: text('url').notNull(),
    alt: text('alt'),
    width: integer('width'),
    height: integer('height'),
    /** The variants that show this image. */
    variantIds: shopifyIdArray('variant_ids').notNull().default(sql`'{}'`),
    /** The version of the product the image came from. */
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.productId, t.position] })],
);

/**
 * What a product's webhooks do not carry: its SEO title and description and its category (from
 * resyncs and product CSVs), and its Google Shopping attributes (product CSVs only; a resync leaves
 * them as they are). Last-write-wins on the product version it came from.
 */
export const productContent = pgTable(
  'product_content',
  {
    shopId: shopRef(),
    productId: shopifyId('product_id').notNull(),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    /** The product's category in Shopify's taxonomy, by its full name (e.g. "Apparel & Accessories > Clothing"). */
    category: text('category'),
    googleProductCategory: text('google_product_category'),
    googleGender: text('google_gender'),
    googleAgeGroup: text('google_age_group'),
    googleMpn: text('google_mpn'),
    googleCondition: text('google_condition'),
    googleCustomProduct: boolean('google_custom_product'),
    googleAdwordsGrouping: text('google_adwords_grouping'),
    googleAdwordsLabels: text('google_adwords_labels'),
    googleCustomLabel0: text('google_custom_label_0'),
    googleCustomLabel1: text('google_custom_label_1'),
    googleCustomLabel2: text('google_custom_label_2'),
    googleCustomLabel3: text('google_custom_label_3'),
    googleCustomLabel4: text('google_custom_label_4'),
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.productId] })],
);

/**
 * A variant's price and compare-at price in a market (a product CSV's `Price / <market>` columns),
 * replaced as a set with the product's content: a market a newer version no longer prices goes.
 */
export const variantMarketPrice = pgTable(
  'variant_market_price',
  {
    shopId: shopRef(),
    variantId: shopifyId('variant_id').notNull(),
    /** The market (or price list's catalog) by name, as Shopify names it. */
    market: text('market').notNull(),
    productId: shopifyId('product_id').notNull(),
    /** The price's currency when the source states it (a product CSV does not: the market's own currency). */
    currency: text('currency'),
    price: money('price'),
    compareAtPrice: money('compare_at_price'),
    productUpdatedAt: instant('product_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.variantId, t.market] }), index('variant_market_price_product').on(t.shopId, t.productId)],
);

export const dimVariant = pgTable(
  'dim_variant',
  {
    shopId: shopRef(),
    variantId: shopifyId('variant_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    title: text('title'),
    sku: text('sku'),
    barcode: text('barcode'),
    price: money('price'),
    compareAtPrice: money('compare_at_price'),
    position: integer('position'),
    option1: text('option1'),
    option2: text('option2'),
    option3: text('option3'),
    inventoryItemId: shopifyId('inventory_item_id'),
    productUpdatedAt: instant('product_updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.variantId] }),
    index('dim_variant_product').on(t.shopId, t.productId),
    index('dim_variant_inventory_item').on(t.shopId, t.inventoryItemId),
  ],
);

export const dimCollection = pgTable(
  'dim_collection',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    title: text('title').notNull(),
    handle: text('handle'),
    collectionType: text('collection_type').notNull(),
    sortOrder: text('sort_order'),
    publishedAt: instant('published_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId] })],
);

/** The version of each collection's membership that `collection_product` holds. */
export const collectionMembership = pgTable(
  'collection_membership',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId] })],
);

/** Which products are in which collection (a bridge between dim_collection and dim_product), from resyncs. */
export const collectionProduct = pgTable(
  'collection_product',
  {
    shopId: shopRef(),
    collectionId: shopifyId('collection_id').notNull(),
    productId: shopifyId('product_id').notNull(),
    collectionUpdatedAt: instant('collection_updated_at').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.collectionId, t.productId] }), index('collection_product_product').on(t.shopId, t.productId)],
);

/**
 * The merchant's locations. A location named by an inventory level, a fulfillment or a
 * fulfillment order before its own delivery arrives has only its id until then.
 */
export const dimLocation = pgTable(
  'dim_location',
  {
    shopId: shopRef(),
    locationId: shopifyId('location_id').notNull(),
    name: text('name'),
    address1: text('address1'),
    address2: text('address2'),
    city: text('city'),
    zip: text('zip'),
    province: text('province'),
    provinceCode: text('province_code'),
    countryCode: text('country_code'),
    active: boolean('active'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at'),
    deletedAt: instant('deleted_at'),
    firstSeenAt: instant('first_seen_at').notNull().default(sql`now()`),
    rawKey: text('raw_key'),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.locationId] })],
);

export const dimInventoryItem = pgTable(
  'dim_inventory_item',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    sku: text('sku'),
    cost: money('cost'),
    tracked: boolean('tracked'),
    requiresShipping: boolean('requires_shipping'),
    countryCodeOfOrigin: text('country_code_of_origin'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId] })],
);

/** Every unit cost an inventory item has had, by the version that carried it: what goods cost at the time they sold. */
export const dimInventoryItemCostHistory = pgTable(
  'dim_inventory_item_cost_history',
  {
    shopId: shopRef(),
    inventoryItemId: shopifyId('inventory_item_id').notNull(),
    updatedAt: instant('updated_at').notNull(),
    cost: money('cost').notNull(),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.inventoryItemId, t.updatedAt] })],
);

/**
 * The shop's discounts (code and automatic; price rules left the GraphQL Admin API in 2024-10).
 * Webhooks carry the title, status and timestamps; the terms (type, summary, start and end,
 * usage) come from resyncs and are kept as they are when a webhook updates the rest.
 */
export const dimDiscount = pgTable(
  'dim_discount',
  {
    shopId: shopRef(),
    discountId: shopifyId('discount_id').notNull(),
    /** `code` or `automatic`, from the node type of the discount's gid. */
    method: text('method').notNull(),
    title: text('title'),
    status: text('status'),
    discountType: text('discount_type'),
    summary: text('summary'),
    startsAt: instant('starts_at'),
    endsAt: instant('ends_at'),
    usageCount: integer('usage_count'),
    codesCount: integer('codes_count'),
    createdAt: instant('created_at'),
    updatedAt: instant('updated_at').notNull(),
    deletedAt: instant('deleted_at'),
    ...lineage,
  },
  (t) => [primaryKey({ columns: [t.shopId, t.discountId] })],
);

/**
 * The redeem codes of code discounts, from resyncs: what an order's discount application names
 * as its `code`. A resync restates a discount's codes, versioned by when it was observed.
 */
export const dimDiscountCode = pgTable(
  'dim_discount_code',
  {
    shopId: shopRef(),
    discountCodeId: shopifyId('discount_code_id').notNull(),
    discountId: shopifyId('discount_id').notNull(),
    code: text('code').notNull(),
    usageCount: integer('usage_count'),
    observedAt: instant('observed_at').notNull(),
    ...lineage,
  },
  (t) => [
    primaryKey({ columns: [t.shopId, t.discountCodeId] }),
    index('dim_discount_code_discount').on(t.shopId, t.discountId),
    index('dim_discount_code_code').on(t.shopId, t.code),
  ],
);

/** Sales channels, from orders' `source_name`, grouped for reporting (see domain/channels.ts). */
export const dimChannel = pgTable(
  'dim_channel',
  {
    shopId: shopRef(),
    sourceName: text('source_name').notNull(),
    channelGroup: text('channel_group').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.sourceName] })],
);

/** A calendar, 2000 to 2050, filled by a migration: join facts on `date_key` (yyyymmdd). */
export const dimDate = pgTable('dim_date', {
  dateKey: integer('date_key').primaryKey(),
  date: date('date').notNull().unique(),
  year: smallint('year').notNull(),
  quarter: smallint('quarter').notNull(),
  month: smallint('month').notNull(),
  monthName: text('month_name').notNull(),
  day: smallint('day').notNull(),
  dayOfWeek: smallint('day_of_week').notNull(),
  dayName: text('day_name').notNull(),
  isoWeek: smallint('iso_week').notNull(),
  isWeekend: boolean('is_weekend').notNull(),
});
