/** Shopify checkout → its funnel row: started, completed or not, what it held and who it was. */
import type { Checkout } from '../shopify/payloads/checkout';
import type { PiiPolicy } from './pii';
import { dateKey, type PayloadRows, rows, type Source } from './rows';

export function checkoutRows(checkout: Checkout, source: Source, pii: PiiPolicy): PayloadRows {
  return rows({
    checkouts: [
      {
        shopDomain: source.shopDomain,
        checkoutId: checkout.id,
        name: checkout.name ?? null,
        customerId: checkout.customer?.id ?? null,
        // The customer's address, not the checkout's own `email`: GraphQL's AbandonedCheckout carries
        // only its customer's, so a resync and a webhook of one checkout hash the same address.
        emailHash: pii.emailHash(checkout.customer?.email),
        currency: checkout.currency ?? null,
        presentmentCurrency: checkout.presentment_currency ?? null,
        subtotalPrice: checkout.subtotal_price ?? null,
        totalLineItemsPrice: checkout.total_line_items_price ?? null,
        totalDiscounts: checkout.total_discounts ?? null,
        totalTax: checkout.total_tax ?? null,
        totalPrice: checkout.total_price ?? null,
        discountCodes: checkout.discount_codes.map((d) => d.code).join(', ') || null,
        lineCount: checkout.line_items.length,
        quantity: checkout.line_items.reduce((units, line) => units + line.quantity, 0),
        createdAt: checkout.created_at,
        createdDateKey: dateKey(checkout.created_at),
        updatedAt: checkout.updated_at,
        completedAt: checkout.completed_at ?? null,
        rawKey: source.rawKey,
      },
    ],
  });
}
