/**
 * The cells of one row of a Shopify product CSV export, by field, as they are validated: a blank
 * cell is no value; any other is trimmed and must parse. Both header generations map onto these
 * fields (see columns.ts). Columns not named here carry nothing the warehouse keeps and are ignored.
 */
import { z } from 'zod';

const cell = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined), schema.optional());

const text = cell(z.string());
const decimal = cell(z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal amount, e.g. 19.99'));
const flag = cell(
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'expected TRUE or FALSE' }))
    .transform((value) => value === 'true'),
);
const wholeNumber = cell(
  z
    .string()
    .regex(/^-?\d{1,10}$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => Math.abs(n) <= 2_147_483_647, 'outside the range of a whole number'),
);
const grams = cell(
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'expected a weight in grams, e.g. 250')
    .transform(Number),
);
const position = cell(
  z
    .string()
    .regex(/^[1-9]\d{0,5}$/, 'expected a position from 1')
    .transform(Number),
);
const status = cell(
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(['active', 'draft', 'archived', 'unlisted'], { error: 'expected active, draft, archived or unlisted' })),
);

export const productCsvCells = z.object({
  handle: text,
  // Product fields: read from a product's first row only.
  title: text,
  vendor: text,
  productType: text,
  tags: text,
  published: flag,
  status,
  option1Name: text,
  option2Name: text,
  option3Name: text,
  // Variant fields: any of them makes a row a variant.
  option1Value: text,
  option2Value: text,
  option3Value: text,
  sku: text,
  barcode: text,
  grams,
  inventoryQuantity: wholeNumber,
  price: decimal,
  compareAtPrice: decimal,
  requiresShipping: flag,
  taxable: flag,
  // Image fields: a row may add an image whether or not it is a variant.
  imageSrc: text,
  imagePosition: position,
  imageAlt: text,
  // The image a variant row's variant shows (it is one of the product's images too).
  variantImage: text,
  // Content only product CSVs carry beside the REST fields: read from a product's first row only.
  bodyHtml: text,
  category: text,
  seoTitle: text,
  seoDescription: text,
  googleProductCategory: text,
  googleGender: text,
  googleAgeGroup: text,
  googleMpn: text,
  googleAdwordsGrouping: text,
  googleAdwordsLabels: text,
  googleCondition: text,
  googleCustomProduct: flag,
  googleCustomLabel0: text,
  googleCustomLabel1: text,
  googleCustomLabel2: text,
  googleCustomLabel3: text,
  googleCustomLabel4: text,
  /** Market price columns (`Price / <market>`, `Compare-at price / <market>`), by header. */
  markets: z.record(z.string(), decimal),
  /** Product metafield columns (`Name (product.metafields.ns.key)`), by header. */
  metafields: z.record(z.string(), text),
});

export type ProductCsvCells = z.infer<typeof productCsvCells>;
export type ProductCsvField = Exclude<keyof ProductCsvCells, 'markets' | 'metafields'>;

export const VARIANT_FIELDS = [
  'option1Value',
  'option2Value',
  'option3Value',
  'sku',
  'barcode',
  'grams',
  'inventoryQuantity',
  'price',
  'compareAtPrice',
  'requiresShipping',
  'taxable',
] as const satisfies readonly ProductCsvField[];
