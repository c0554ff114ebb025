import { z } from 'zod';
import { shopifyId, timestamp, withheld } from './scalars';

export const address = z.object({
  city: withheld(z.string()),
  province: withheld(z.string()),
  country: withheld(z.string()),
  country_code: withheld(z.string()),
});

/** The Customer resource: customers/* topics, and embedded in orders. */
export const customer = z.object({
  id: shopifyId,
  email: withheld(z.string()),
  state: z.string().nullish(),
  verified_email: z.boolean().nullish(),
  tags: z.string().nullish(),
  currency: z.string().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp,
  default_address: address.nullish(),
});

export type Customer = z.infer<typeof customer>;
