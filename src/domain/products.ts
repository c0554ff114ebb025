/** Products (variants within) and collections → dimension rows. */
import type { Collection } from '../shopify/payloads/collection';
import type { CollectionProducts } from '../shopify/payloads/collection-products';
import type { Product } from '../shopify/payloads/product';
import { htmlToText } from './html-text';
import { type PayloadRows, rows, type Source } from './rows';

type Image = Product['images'][number];

const MEDIA_IMAGE = /^gid:\/\/shopify\/MediaImage\/(\d+)$/;

/**
 * An image's id: the MediaImage id its `admin_graphql_api_id` names, which is the id a resync
 * reads from GraphQL, so both paths give an image the same id; the payload's `id` otherwise.
 */
const imageIdOf = (image: Image) => MEDIA_IMAGE.exec(image.admin_graphql_api_id ?? '')?.[1] ?? image.id;

/** Images with a URL in their stated order (an image without a position after those with one), numbered from 1. */
function orderedImages(images: readonly Image[]) {
  return images
    .map((image, order) => ({ image, order }))
    .filter(({ image }) => image.src)
    .sort((a, b) => (a.image.position ?? Infinity) - (b.image.position ?? Infinity) || a.order - b.order)
    .map(({ image }, i) => ({ image, position: i + 1 }));
}

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
        bodyHtml: product.body_html ?? null,
        bodyText: htmlToText(product.body_html),
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
    productImages: orderedImages(product.images).map(({ image, position }) => ({
      shopDomain: source.shopDomain,
      productId: product.id,
      position,
      imageId: imageIdOf(image),
      url: image.src!,
      alt: image.alt || null,
      width: image.width ?? null,
      height: image.height ?? null,
      variantIds: image.variant_ids ?? [],
      updatedAt: product.updated_at,
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
