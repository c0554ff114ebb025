/** A product record: the product (products/update) with its variants and images, and its metafields, loaded on their own into product_metafield. */
import type { JsonValue } from '../../../lib/exact-json';
import { legacyId, mediaNode, metafieldNode, productNode, variantNode } from '../nodes';
import { childrenOf, parse } from './record';
import { idOf, lower, type RestResource, type ShopTime, tags } from './rest-fields';

export function productResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime) {
  const product = parse(productNode, parent, '');
  const productId = legacyId(product.id);
  const variants = childrenOf(children, 'ProductVariant', product.id)
    .map((child, i) => parse(variantNode, child, `variants.${i}`))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const images = childrenOf(children, 'MediaImage', product.id)
    .map((child, i) => parse(mediaNode, child, `media.${i}`))
    .filter((media) => media.preview?.image?.url);
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
      images: images.map((image) => ({ id: legacyId(image.id), src: image.preview?.image?.url ?? null })),
      image: featured ? { src: featured } : null,
    },
  };
  return { resources: [resource], metafields };
}
