import type { JsonValue } from '../../../lib/exact-json';
import { abandonedCheckoutLineItemNode, abandonedCheckoutNode, legacyId } from '../nodes';
import { childrenOf, parse } from './record';
import type { RestResource, ShopTime } from './rest-fields';

/**
 * An abandoned checkout record as the REST checkout (checkouts/update): its id and name both from
 * the gid's number, amounts in the presentment currency, its lines' quantities.
 */
export function abandonedCheckoutResource(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource {
  const checkout = parse(abandonedCheckoutNode, parent, '');
  const lines = childrenOf(children, 'AbandonedCheckoutLineItem', checkout.id).map((child, i) => parse(abandonedCheckoutLineItemNode, child, `lineItems.${i}`));
  const presented = (bag: { presentmentMoney: { amount: string } } | null | undefined) => bag?.presentmentMoney.amount ?? null;
  return {
    topic: 'checkouts/update',
    payload: {
      id: legacyId(checkout.id),
      name: checkout.name ?? null,
      customer: checkout.customer ? { id: legacyId(checkout.customer.id), email: checkout.customer.email ?? null } : null,
      currency: checkout.totalPriceSet?.shopMoney.currencyCode ?? null,
      presentment_currency: checkout.totalPriceSet?.presentmentMoney.currencyCode ?? null,
      subtotal_price: presented(checkout.subtotalPriceSet),
      total_line_items_price: presented(checkout.totalLineItemsPriceSet),
      total_discounts: presented(checkout.totalDiscountSet),
      total_tax: presented(checkout.totalTaxSet),
      total_price: presented(checkout.totalPriceSet),
      discount_codes: checkout.discountCodes.map((code) => ({ code })),
      created_at: time(checkout.createdAt),
      updated_at: time(checkout.updatedAt),
      completed_at: checkout.completedAt ? time(checkout.completedAt) : null,
      line_items: lines.map((line) => ({ quantity: line.quantity })),
    },
  };
}
