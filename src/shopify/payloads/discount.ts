import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

const DISCOUNT_GID = /^gid:\/\/shopify\/Discount(Code|Automatic)Node\/(\d{1,19})$/;

/** A discount's gid (`gid://shopify/DiscountCodeNode/1`): how it is applied, and its id. */
const discountGid = z
  .string()
  .regex(DISCOUNT_GID, 'expected a DiscountCodeNode or DiscountAutomaticNode gid')
  .transform((gid) => {
    const [, method, id] = DISCOUNT_GID.exec(gid)!;
    return { method: method === 'Code' ? ('code' as const) : ('automatic' as const), id: id! };
  });

/** discounts/create, discounts/update: the discount named by its gid, with its title, status and timestamps. */
export const discount = z.object({
  admin_graphql_api_id: discountGid,
  title: z.string().nullish(),
  status: z.string().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp,
});

/** discounts/delete: the gid and when it was deleted. */
export const discountDeletion = z.object({ admin_graphql_api_id: discountGid, deleted_at: timestamp.nullish() });

/**
 * The discount resyncs export (no webhook carries it whole): the webhook's fields, the terms
 * only the Admin API has, and a code discount's redeem codes, every one of them.
 */
export const discountResource = discount.extend({
  type: z.string(),
  summary: z.string().nullish(),
  starts_at: timestamp.nullish(),
  ends_at: timestamp.nullish(),
  usage_count: z.number().int().nullish(),
  codes_count: z.number().int().nullish(),
  codes: z.array(z.object({ id: shopifyId, code: z.string(), usage_count: z.number().int().nullish() })).default([]),
});

export type Discount = z.infer<typeof discount>;
export type DiscountDeletion = z.infer<typeof discountDeletion>;
export type DiscountResource = z.infer<typeof discountResource>;
