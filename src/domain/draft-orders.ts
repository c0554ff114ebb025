/** Shopify DraftOrder resource → the draft order's row and its lines (a family, versioned by the draft's `updated_at`). */
import type { DraftOrder } from '../shopify/payloads/draft-order';
import type { DraftOrderLineRow } from '../warehouse/rows';
import { sumDecimals } from './money';
import type { PiiPolicy } from './pii';
import { dateKey, type PayloadRows, rows, type Source } from './rows';

export function draftOrderRows(draft: DraftOrder, source: Source, pii: PiiPolicy): PayloadRows {
  const version = { shopDomain: source.shopDomain, draftOrderId: draft.id, rawKey: source.rawKey };
  const draftOrderLines: DraftOrderLineRow[] = draft.line_items.map((line) => ({
    ...version,
    lineItemId: line.id,
    productId: line.product_id ?? null,
    variantId: line.variant_id ?? null,
    sku: line.sku || null,
    title: line.title ?? null,
    variantTitle: line.variant_title ?? null,
    vendor: line.vendor ?? null,
    quantity: line.quantity,
    price: line.price,
    totalDiscount: line.applied_discount?.amount ?? '0',
    custom: line.custom ?? null,
    draftOrderUpdatedAt: draft.updated_at,
  }));
  // REST has no total for a draft's discounts: its own and its lines' (what GraphQL's totalDiscountsSet adds up).
  const discounts = [draft.applied_discount?.amount, ...draft.line_items.map((line) => line.applied_discount?.amount)].filter(
    (amount): amount is string => amount != null,
  );
  return rows({
    draftOrders: [
      {
        ...version,
        name: draft.name ?? null,
        status: draft.status ?? null,
        customerId: draft.customer?.id ?? null,
        emailHash: pii.emailHash(draft.email ?? draft.customer?.email),
        currency: draft.currency ?? null,
        subtotalPrice: draft.subtotal_price ?? null,
        totalDiscounts: sumDecimals(discounts),
        totalTax: draft.total_tax ?? null,
        totalPrice: draft.total_price ?? null,
        orderId: draft.order_id ?? null,
        createdAt: draft.created_at,
        createdDateKey: dateKey(draft.created_at),
        updatedAt: draft.updated_at,
        completedAt: draft.completed_at ?? null,
        invoiceSentAt: draft.invoice_sent_at ?? null,
      },
    ],
    draftOrderLines,
  });
}
