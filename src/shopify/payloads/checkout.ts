import { z } from 'zod';
import { money, shopifyId, timestamp, withheld } from './scalars';

const NAMED_ID = /^#(\d{1,20})$/;

/**
 * A checkout's id. REST checkouts are named `#` and their id: the 2026-01 samples carry
 * `"id": 981820079255243537` and `"name": "#981820079255243537"`, the 2026-07 samples only the
 * name, and checkouts/delete only the id. GraphQL's AbandonedCheckout has the same number in its
 * gid (`gid://shopify/AbandonedCheckout/981820079255243537`). `token` and `cart_token`, which
 * GraphQL lacks and Shopify deprecated in REST (2024-10), cannot tie the two paths together.
 */
function checkoutIdOf(checkout: { id?: string | null; name?: string | null }): string | null {
  return checkout.id ?? NAMED_ID.exec(checkout.name ?? '')?.[1] ?? null;
}

/**
 * The REST checkout, as checkouts/create and checkouts/update deliver it (and the Abandoned
 * checkouts resource describes it): totals in the presentment currency, and of its lines only
 * what the funnel counts. Lines have no id in REST, only a `key` (the samples repeat one).
 */
export const checkout = z
  .object({
    id: shopifyId.nullish(),
    name: z.string().nullish(),
    customer: z.object({ id: shopifyId.nullish(), email: withheld(z.string()) }).nullish(),
    currency: z.string().nullish(),
    presentment_currency: z.string().nullish(),
    subtotal_price: money.nullish(),
    total_line_items_price: money.nullish(),
    total_discounts: money.nullish(),
    total_tax: money.nullish(),
    total_price: money.nullish(),
    discount_codes: z.array(z.object({ code: z.string() })).default([]),
    created_at: timestamp,
    updated_at: timestamp,
    completed_at: timestamp.nullish(),
    line_items: z.array(z.object({ quantity: z.number().int() })).default([]),
  })
  .refine((c) => checkoutIdOf(c) !== null, { path: ['id'], message: 'a checkout needs its id, or a name of the form #<id>' })
  .transform((c) => ({ ...c, id: checkoutIdOf(c)! }));

export type Checkout = z.infer<typeof checkout>;
