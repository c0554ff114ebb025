import { z } from 'zod';
import { money, shopifyId, timestamp } from './scalars';

export const variant = z.object({
  id: shopifyId,
  product_id: shopifyId.nullish(),
  title: z.string().nullish(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  price: money.nullish(),
  compare_at_price: money.nullish(),
  position: z.number().int().nullish(),
  option1: z.string().nullish(),
  option2: z.string().nullish(),
  option3: z.string().nullish(),
  inventory_item_id: shopifyId.nullish(),
  inventory_quantity: z.number().int().nullish(),
  taxable: z.boolean().nullish(),
  requires_shipping: z.boolean().nullish(),
  grams: z.number().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
});

/**
 * An image of a product. Since 2025 its `admin_graphql_api_id` names the MediaImage it is (the
 * GraphQL id resyncs see), while `id` stays the legacy ProductImage id.
 */
export const productImage = z.object({
  id: shopifyId,
  admin_graphql_api_id: z.string().nullish(),
  src: z.string().nullish(),
  position: z.number().int().nullish(),
  alt: z.string().nullish(),
  width: z.number().int().nullish(),
  height: z.number().int().nullish(),
  variant_ids: z.array(shopifyId).nullish(),
});

/** The REST Product resource (products/create, products/update), variants and images within. */
export const product = z.object({
  id: shopifyId,
  admin_graphql_api_id: z.string().nullish(),
  title: z.string(),
  body_html: z.string().nullish(),
  handle: z.string().nullish(),
  vendor: z.string().nullish(),
  product_type: z.string().nullish(),
  status: z.string().nullish(),
  tags: z.string().nullish(),
  published_at: timestamp.nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp,
  variants: z.array(variant).default([]),
  images: z.array(productImage).default([]),
  image: z.object({ src: z.string().nullish() }).nullish(),
});

export type Product = z.infer<typeof product>;
