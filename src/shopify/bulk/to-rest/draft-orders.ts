import type { JsonValue } from '../../../lib/exact-json';
import { type DraftOrderNode, draftOrderLineItemNode, draftOrderNode, legacyId } from '../nodes';
import { childrenOf, parse } from './record';
import { amount, idOf, lower, type RestResource, type ShopTime } from './rest-fields';

/** A draft order's or draft line's own discount, as REST's `applied_discount`. */
const appliedDiscount = (discount: DraftOrderNode['appliedDiscount']) =>
  discount ? { amount: amount(discount.amountSet), title: discount.title ?? null, value_type: lower(discount.valueType) } : null;

/** A draft order record: the draft (draft_orders/update) with its lines. */
export function draftOrderResource(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource {
  const draft = parse(draftOrderNode, parent, '');
  const lines = childrenOf(children, 'DraftOrderLineItem', draft.id).map((child, i) => parse(draftOrderLineItemNode, child, `lineItems.${i}`));
  return {
    topic: 'draft_orders/update',
    payload: {
      id: legacyId(draft.id),
      name: draft.name ?? null,
      status: lower(draft.status),
      email: draft.email ?? null,
      customer: draft.customer ? { id: legacyId(draft.customer.id), email: draft.customer.email ?? null } : null,
      currency: draft.currencyCode ?? null,
      subtotal_price: amount(draft.subtotalPriceSet),
      total_tax: amount(draft.totalTaxSet),
      total_price: amount(draft.totalPriceSet),
      applied_discount: appliedDiscount(draft.appliedDiscount),
      order_id: idOf(draft.order),
      created_at: time(draft.createdAt),
      updated_at: time(draft.updatedAt),
      completed_at: draft.completedAt ? time(draft.completedAt) : null,
      invoice_sent_at: draft.invoiceSentAt ? time(draft.invoiceSentAt) : null,
      line_items: lines.map((line) => ({
        id: legacyId(line.id),
        product_id: idOf(line.product),
        variant_id: idOf(line.variant),
        sku: line.sku ?? null,
        title: line.title ?? null,
        variant_title: line.variantTitle ?? null,
        vendor: line.vendor ?? null,
        quantity: line.quantity,
        price: line.originalUnitPriceSet.shopMoney.amount,
        custom: line.custom ?? null,
        applied_discount: appliedDiscount(line.appliedDiscount),
      })),
    },
  };
}
