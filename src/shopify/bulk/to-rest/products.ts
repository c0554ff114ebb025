/**
 * A product record: the product (products/update) with its variants and images, its metafields,
 * loaded on their own into product_metafield, and its content beyond the REST resource (SEO, category).
 */
import type { ProductContent } from '../../../domain/product-content';
import type { JsonValue } from '../../../lib/exact-json';
import { legacyId, mediaNode, mediaRefNode, metafieldNode, productNode, variantNode } from '../nodes';
import { childrenOf, parse } from './record';
import { idOf, lower, type RestResource, type ShopTime, tags } from './rest-fields';

/** Decimal ids compared as numbers, without rounding: a shorter one is smaller. */
const compareIds = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export function productResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime) {
  const product = parse(productNode, parent, '');
  const productId = legacyId(product.id);
  const variants = childrenOf(children, 'ProductVariant', product.id)
    .map((child, i) => parse(variantNode, child, `variants.${i}`))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  // A bulk export states no media position and keeps no line order: the featured image comes
  // first, then the others by id, the order they were added in (a later reordering in the admin
  // reaches the warehouse through products/update webhooks, which carry positions).
  const featuredId = product.featuredMedia?.id;
  const images = childrenOf(children, 'MediaImage', product.id)
    .map((child, i) => parse(mediaNode, child, `media.${i}`))
    .filter((media) => media.image?.url ?? media.preview?.image?.url)
    .sort((a, b) => Number(b.id === featuredId) - Number(a.id === featuredId) || compareIds(legacyId(a.id), legacyId(b.id)));
  // Which variants show each image: a variant's media are lines of their own under the variant.
  const shownBy = new Map<string, string[]>();
  for (const variant of variants) {
    const shown = children.filter((child) => (child as { __parentId?: string }).__parentId === variant.id);
    for (const [i, line] of shown.entries()) {
      const mediaId = parse(mediaRefNode, line, `variants.${variant.id}.media.${i}`).ref;
      shownBy.set(mediaId, [...(shownBy.get(mediaId) ?? []), legacyId(variant.id)]);
    }
  }
  const metafields = childrenOf(children, 'Metafield', product.id).map((child, i) => ({
    ...parse(metafieldNode, child, `metafields.${i}`),
    productId,
  }));
  const featured = product.featuredMedia?.preview?.image?.url ?? null;
  const resource: RestResource = {
    topic: 'products/update',
    payload: {
      id: productId,
      admin_graphql_api_id: product.id,
      title: product.title,
      body_html: product.descriptionHtml ?? null,
      handle: product.handle ?? null,
      vendor: product.vendor ?? null,
      product_type: product.productType ?? null,
      status: lower(product.status),
      tags: tags(product.tags),
      published_at: product.publishedAt ? time(product.publishedAt) : null,
      created_at: product.createdAt ? time(product.createdAt) : null,
      updated_at: time(product.updatedAt),
      variants: variants.map((variant) => ({
        id: legacyId(variant.id),
        product_id: productId,
        title: variant.title ?? null,
        sku: variant.sku ?? null,
        barcode: variant.barcode ?? null,
        price: variant.price ?? null,
        compare_at_price: variant.compareAtPrice ?? null,
        position: variant.position ?? null,
        option1: variant.selectedOptions[0]?.value ?? null,
        option2: variant.selectedOptions[1]?.value ?? null,
        option3: variant.selectedOptions[2]?.value ?? null,
        inventory_item_id: idOf(variant.inventoryItem),
        inventory_quantity: variant.inventoryQuantity ?? null,
        taxable: variant.taxable ?? null,
        created_at: variant.createdAt ? time(variant.createdAt) : null,
        updated_at: variant.updatedAt ? time(variant.updatedAt) : null,
      })),
      images: images.map((image, i) => ({
        id: legacyId(image.id),
        admin_graphql_api_id: image.id,
        src: image.image?.url ?? image.preview?.image?.url ?? null,
        position: i + 1,
        alt: image.image?.altText ?? image.alt ?? null,
        width: image.image?.width ?? null,
        height: image.image?.height ?? null,
        variant_ids: shownBy.get(image.id) ?? [],
      })),
      image: featured ? { src: featured } : null,
    },
  };
  const content: ProductContent = {
    productId,
    updatedAt: time(product.updatedAt),
    seoTitle: product.seo?.title || null,
    seoDescription: product.seo?.description || null,
    category: product.category?.fullName ?? null,
    marketPrices: [],
  };
  return { resources: [resource], metafields, contents: [content] };
}
