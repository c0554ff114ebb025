import { z } from 'zod';

const id = z.string().describe('Shopify id as a decimal string');
const instant = z.string().describe('ISO 8601 timestamp');

export const product = z.object({
  id,
  title: z.string(),
  handle: z.string().nullable(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  status: z.string().nullable(),
  tags: z.string().nullable(),
  createdAt: instant.nullable(),
  updatedAt: instant,
  deletedAt: instant.nullable(),
});

export const productWithVariants = product.extend({
  variants: z.array(
    z.object({
      id,
      productId: id,
      title: z.string().nullable(),
      sku: z.string().nullable(),
      barcode: z.string().nullable(),
      price: z.string().nullable(),
      compareAtPrice: z.string().nullable(),
      position: z.number().nullable(),
      inventoryItemId: id.nullable(),
      deletedAt: instant.nullable(),
    }),
  ),
});

export const customer = z.object({
  id,
  emailHash: z.string().nullable().describe('Keyed hash of the email (the PII policy)'),
  email: z.string().nullable().describe('Only where the merchant keeps plaintext emails'),
  state: z.string().nullable(),
  verifiedEmail: z.boolean().nullable(),
  tags: z.string().nullable(),
  currency: z.string().nullable(),
  country: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: instant.nullable(),
  updatedAt: instant,
  validFrom: instant,
  validTo: instant.nullable(),
  deletedAt: instant.nullable(),
  redactedAt: instant.nullable(),
});

export const customerWithHistory = customer.extend({ history: z.array(customer).describe('Every version, oldest first (SCD type 2)') });

export const inventoryLevel = z.object({
  inventoryItemId: id,
  locationId: id,
  available: z.number().nullable(),
  updatedAt: instant,
  disconnectedAt: instant.nullable(),
});
