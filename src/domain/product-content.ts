/**
 * What Shopify keeps about a product beyond the REST resource its webhooks carry: the SEO title
 * and description and the category (GraphQL's Product.seo and Product.category, and the product
 * CSV's columns), the Google Shopping attributes and the per-market prices (product CSV columns
 * only). Resyncs and product CSV uploads read it; it is versioned by the product version it came with.
 */
import { type PayloadRows, rows, type Source } from './rows';

/** The product CSV's `Google Shopping / …` columns. */
export interface GoogleShopping {
  productCategory: string | null;
  gender: string | null;
  ageGroup: string | null;
  mpn: string | null;
  condition: string | null;
  customProduct: boolean | null;
  adwordsGrouping: string | null;
  adwordsLabels: string | null;
  /** Custom labels 0 to 4. */
  customLabels: readonly [string | null, string | null, string | null, string | null, string | null];
}

/** A variant's price in a market; the currency when the source names it. */
export interface MarketPrice {
  variantId: string;
  market: string;
  currency: string | null;
  price: string | null;
  compareAtPrice: string | null;
}

export interface ProductContent {
  productId: string;
  /** The version of the product this content is part of. */
  updatedAt: string;
  seoTitle: string | null;
  seoDescription: string | null;
  category: string | null;
  /** Absent from sources that cannot see it (resyncs): what is stored stays. */
  googleShopping?: GoogleShopping;
  marketPrices: readonly MarketPrice[];
}

export function productContentRows(content: ProductContent, source: Source): PayloadRows {
  const google = content.googleShopping;
  return rows({
    productContents: [
      {
        shopDomain: source.shopDomain,
        productId: content.productId,
        seoTitle: content.seoTitle,
        seoDescription: content.seoDescription,
        category: content.category,
        ...(google && {
          googleProductCategory: google.productCategory,
          googleGender: google.gender,
          googleAgeGroup: google.ageGroup,
          googleMpn: google.mpn,
          googleCondition: google.condition,
          googleCustomProduct: google.customProduct,
          googleAdwordsGrouping: google.adwordsGrouping,
          googleAdwordsLabels: google.adwordsLabels,
          googleCustomLabel0: google.customLabels[0],
          googleCustomLabel1: google.customLabels[1],
          googleCustomLabel2: google.customLabels[2],
          googleCustomLabel3: google.customLabels[3],
          googleCustomLabel4: google.customLabels[4],
        }),
        updatedAt: content.updatedAt,
        rawKey: source.rawKey,
      },
    ],
    variantMarketPrices: content.marketPrices.map((price) => ({
      shopDomain: source.shopDomain,
      variantId: price.variantId,
      market: price.market,
      productId: content.productId,
      currency: price.currency,
      price: price.price,
      compareAtPrice: price.compareAtPrice,
      productUpdatedAt: content.updatedAt,
      rawKey: source.rawKey,
    })),
  });
}
