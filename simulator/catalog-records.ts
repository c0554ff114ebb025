/** New locations, products (with variants, media, metafields and inventory) and collections. */
import type {
  Collection,
  CollectionSortOrder,
  InventoryItem,
  InventoryLevel,
  Location,
  MediaImage,
  Metafield,
  Product,
  ProductStatus,
  SelectedOption,
  ShopModel,
  Variant,
} from './model';
import type { Random } from './random';
import { kebab, uniqueHandle } from './text';
import { DAY, wholeSeconds } from './time';
import {
  ADJECTIVES,
  CATEGORY_OF_TYPE,
  CITIES,
  COLORS,
  LOCATION_NAMES,
  MATERIALS,
  NOUNS,
  ORIGINS,
  PRODUCT_TAGS,
  PRODUCT_TYPES,
  SIZES,
  VENDORS,
} from './vocabulary';

export function makeLocation(model: ShopModel, rng: Random, index: number): Location {
  const base = LOCATION_NAMES[index % LOCATION_NAMES.length]!;
  return {
    id: model.ids.next('location'),
    name: index < LOCATION_NAMES.length ? base : `${base} ${Math.floor(index / LOCATION_NAMES.length) + 1}`,
    // A deactivated location keeps its inventory levels.
    isActive: index === 0 || rng.chance(0.9),
    address: rng.pick(CITIES),
    street: `${100 + index * 7} Harbour Street`,
    zip: String(10_000 + ((index * 7919) % 89_999)),
    createdAt: model.info.createdAt + index * 86_400_000,
    updatedAt: model.info.createdAt + index * 86_400_000,
  };
}

function optionSets(rng: Random): SelectedOption[][] {
  const shape = rng.weighted([
    ['single', 35],
    ['size', 30],
    ['color', 20],
    ['both', 15],
  ] as const);
  if (shape === 'single') return [[{ name: 'Title', value: 'Default Title' }]];
  const count = rng.between(2, 4);
  if (shape === 'size') return rng.sample(SIZES, count).map((value) => [{ name: 'Size', value }]);
  if (shape === 'color') return rng.sample(COLORS, count).map((value) => [{ name: 'Color', value }]);
  const color = rng.pick(COLORS);
  return rng.sample(SIZES, count).map((size) => [
    { name: 'Size', value: size },
    { name: 'Color', value: color },
  ]);
}

function priceCents(rng: Random): number {
  const dollars = rng.weighted([
    [rng.between(5, 25), 45],
    [rng.between(26, 80), 40],
    [rng.between(81, 250), 15],
  ] as const);
  return dollars * 100 + rng.pick([0, 0, 50, 99]);
}

function makeLevels(model: ShopModel, rng: Random, at: number, until: number): InventoryLevel[] {
  return [...model.locations.values()].map((location) => ({
    id: model.ids.next('inventoryLevel'),
    locationId: location.id,
    // Oversold items go negative, as Shopify allows.
    available: rng.chance(0.04) ? -rng.between(1, 3) : rng.between(0, 150),
    updatedAt: wholeSeconds(at + rng.next() * Math.max(0, until - at)),
  }));
}

function makeInventoryItem(model: ShopModel, rng: Random, variant: { sku: string; price: number }, at: number, until: number): InventoryItem {
  return {
    id: model.ids.next('inventoryItem'),
    sku: variant.sku,
    cost: rng.chance(0.9) ? Math.round(variant.price * (0.35 + rng.next() * 0.25)) : null,
    tracked: rng.chance(0.92),
    requiresShipping: rng.chance(0.95),
    countryCodeOfOrigin: rng.chance(0.8) ? rng.pick(ORIGINS) : null,
    createdAt: at,
    updatedAt: wholeSeconds(at + rng.next() * Math.max(0, until - at) * 0.5),
    levels: makeLevels(model, rng, at, until),
  };
}

export function makeVariant(
  model: ShopModel,
  rng: Random,
  options: readonly SelectedOption[],
  position: number,
  skuBase: string,
  at: number,
  until: number,
): { variant: Variant; item: InventoryItem } {
  const price = priceCents(rng);
  const sku = `${skuBase}-${position}`;
  const item = makeInventoryItem(model, rng, { sku, price }, at, until);
  const variant: Variant = {
    id: model.ids.next('variant'),
    title: options.map((option) => option.value).join(' / '),
    sku,
    barcode: rng.chance(0.7) ? String(100_000_000_000 + rng.int(899_999_999_999)) : null,
    price,
    compareAtPrice: rng.chance(0.2) ? Math.round(price * 1.25) : null,
    position,
    options,
    inventoryItemId: item.id,
    taxable: rng.chance(0.95),
    createdAt: at,
    updatedAt: wholeSeconds(at + rng.next() * Math.max(0, until - at) * 0.5),
  };
  return { variant, item };
}

/**
 * Images of a product, their alt text, size and variants derived from what the product already is
 * (no draw of its own, so that shops generated before images had them come out the same): the
 * first image is the product's, each later one shows the variant at its place.
 */
function makeMedia(model: ShopModel, rng: Random, handle: string, title: string, variants: readonly Variant[]): MediaImage[] {
  return Array.from(
    {
      length: rng.weighted([
        [0, 15],
        [1, 45],
        [2, 25],
        [3, 15],
      ] as const),
    },
    (_, index) => {
      const id = model.ids.next('media');
      const shown = index === 0 ? undefined : variants[index - 1];
      return {
        id,
        url: `https://cdn.shopify.com/s/files/1/0734/2201/files/${handle}-${index + 1}.jpg?v=${id.slice(-6)}`,
        alt: shown ? `${title} - ${shown.title}` : title,
        width: 2048,
        height: index === 0 ? 2048 : 1536,
        variantIds: shown ? [shown.id] : [],
      };
    },
  );
}

function makeMetafields(model: ShopModel, rng: Random, material: string): Metafield[] {
  const fields: Metafield[] = [
    { id: '', namespace: 'custom', key: 'material', type: 'single_line_text_field', value: material },
    { id: '', namespace: 'custom', key: 'care_guide', type: 'multi_line_text_field', value: 'Machine wash cold.\nLay flat to dry.' },
  ];
  return rng.sample(fields, rng.between(0, 2)).map((field) => ({ ...field, id: model.ids.next('metafield') }));
}

export function takenProductHandles(model: ShopModel): Set<string> {
  return new Set([...model.products.values()].map((product) => product.handle));
}

/** A product, its variants and their inventory items (one per variant, stocked at every location). */
export function makeProduct(model: ShopModel, rng: Random, handles: Set<string>, at: number, until: number): { product: Product; items: InventoryItem[] } {
  const material = rng.pick(MATERIALS);
  const title = `${rng.pick(ADJECTIVES)} ${material} ${rng.pick(NOUNS)}`;
  const handle = uniqueHandle(handles, kebab(title));
  const status: ProductStatus = rng.weighted([
    ['ACTIVE', 85],
    ['DRAFT', 10],
    ['ARCHIVED', 5],
  ] as const);
  const updatedAt = wholeSeconds(at + rng.next() * Math.max(0, until - at));
  const skuBase = handle
    .split('-')
    .map((word) => word.slice(0, 3).toUpperCase())
    .join('');
  const items: InventoryItem[] = [];
  const variants = optionSets(rng).map((options, index) => {
    const made = makeVariant(model, rng, options, index + 1, skuBase, at, updatedAt);
    items.push(made.item);
    return made.variant;
  });
  const vendor = rng.pick(VENDORS);
  const productType = rng.pick(PRODUCT_TYPES);
  const product: Product = {
    id: model.ids.next('product'),
    title,
    handle,
    vendor,
    productType,
    status,
    tags: rng.sample(PRODUCT_TAGS, rng.between(0, 3)),
    publishedAt: status === 'ACTIVE' ? wholeSeconds(at + rng.next() * DAY) : null,
    createdAt: at,
    updatedAt,
    variants,
    descriptionHtml: `<p>${title}, made of ${material.toLowerCase()}.</p><ul><li>Made by ${vendor}</li><li>Machine wash cold</li></ul>`,
    seo: { title: status === 'ACTIVE' ? `${title} | ${vendor}` : null, description: status === 'ACTIVE' ? `${title} in ${material.toLowerCase()}.` : null },
    category: CATEGORY_OF_TYPE[productType] ?? null,
    media: makeMedia(model, rng, handle, title, variants),
    metafields: makeMetafields(model, rng, material),
  };
  return { product, items };
}

const SORT_ORDERS: readonly CollectionSortOrder[] = ['BEST_SELLING', 'ALPHA_ASC', 'ALPHA_DESC', 'MANUAL', 'CREATED_DESC', 'PRICE_ASC'];

export function makeCollection(model: ShopModel, rng: Random, handles: Set<string>, at: number): Collection {
  const smart = rng.chance(0.5);
  const tag = rng.pick(PRODUCT_TAGS);
  const title = smart ? `${tag[0]!.toUpperCase()}${tag.slice(1).replace('-', ' ')} Picks` : `${rng.pick(ADJECTIVES)} ${rng.pick(PRODUCT_TYPES)}`;
  return {
    id: model.ids.next('collection'),
    handle: uniqueHandle(handles, kebab(title)),
    title,
    sortOrder: smart ? 'BEST_SELLING' : rng.pick(SORT_ORDERS),
    updatedAt: at,
    rules: smart
      ? rng.chance(0.7)
        ? [{ column: 'tag', relation: 'equals', condition: tag }]
        : [
            { column: 'vendor', relation: 'equals', condition: rng.pick(VENDORS) },
            { column: 'variant_price', relation: 'less_than', condition: '50' },
          ]
      : null,
    disjunctive: smart && rng.chance(0.3),
  };
}

export function takenCollectionHandles(model: ShopModel): Set<string> {
  return new Set([...model.collections.values()].map((collection) => collection.handle));
}
