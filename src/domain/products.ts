/** Products (variants within) and collections → dimension rows. */
import type { Collection } from '../shopify/payloads/collection';
import type { CollectionProducts } from '../shopify/payloads/collection-products';
import type { Product } from '../shopify/payloads/product';
import { type PayloadRows, rows, type Source } from './rows';

export function productRows(product: Product, source: Source): PayloadRows {
  return rows({
    products: [
      {
        shopDomain: source.shopDomain,
        productId: product.id,
        title: product.title,
        handle: product.handle ?? null,
        vendor: product.vendor ?? null,
        productType: product.product_type ?? null,
        status: product.status ?? null,
        tags: product.tags ?? null,
        imageCount: product.images.length,
        featuredImageUrl: product.image?.src ?? product.images[0]?.src ?? null,
        publishedAt: product.published_at ?? null,
        createdAt: product.created_at ?? null,
        updatedAt: product.updated_at,
        rawKey: source.rawKey,
      },
    ],
    variants: product.variants.map((variant) => ({
      shopDomain: source.shopDomain,
      variantId: variant.id,
      productId: product.id,
      title: variant.title ?? null,
      sku: variant.sku || null,
      barcode: variant.barcode || null,
      price: variant.price ?? null,
      compareAtPrice: variant.compare_at_price ?? null,
      position: variant.position ?? null,
      option1: variant.option1 ?? null,
      option2: variant.option2 ?? null,
      option3: variant.option3 ?? null,
      inventoryItemId: variant.inventory_item_id ?? null,
      productUpdatedAt: product.updated_at,
      rawKey: source.rawKey,
    })),
  });
}

/** A collection's members: the products in it at its version, which replace those of older versions. */
export function collectionProductRows(membership: CollectionProducts, source: Source): PayloadRows {
  const version = { shopDomain: source.shopDomain, collectionId: membership.collection_id, rawKey: source.rawKey };
  return rows({
    collectionMemberships: [{ ...version, updatedAt: membership.updated_at }],
    collectionProducts: [...new Set(membership.product_ids)].map((productId) => ({ ...version, productId, collectionUpdatedAt: membership.updated_at })),
  });
}

export function collectionRows(collection: Collection, source: Source): PayloadRows {
  return rows({
    collections: [
      {
        shopDomain: source.shopDomain,
        collectionId: collection.id,
        title: collection.title,
        handle: collection.handle ?? null,
        collectionType: collection.rules ? 'smart' : 'custom',
        sortOrder: collection.sort_order ?? null,
        publishedAt: collection.published_at ?? null,
        updatedAt: collection.updated_at,
        rawKey: source.rawKey,
      },
    ],
  });
}
