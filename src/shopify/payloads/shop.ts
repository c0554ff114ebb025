import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/** The Shop resource: shop/update and app/uninstalled. Shopify's samples leave timestamps null. */
export const shop = z.object({
  id: shopifyId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  currency: z.string().nullish(),
  country_code: z.string().nullish(),
  iana_timezone: z.string().nullish(),
  plan_name: z.string().nullish(),
  plan_display_name: z.string().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
});

export type Shop = z.infer<typeof shop>;
