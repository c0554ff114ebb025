import { DISCOUNT_RESOURCE } from '../../../domain/topics';
import type { JsonValue } from '../../../lib/exact-json';
import { discountNode, discountRedeemCodeNode, legacyId } from '../nodes';
import { childrenOf, Invalid, parse } from './record';
import type { RestResource, ShopTime } from './rest-fields';

/**
 * A discount: the fields discounts/update carries, its terms and, for a code discount, the redeem
 * codes read page by page. Codes fewer than the discount's count were not all read: the record is
 * rejected rather than loaded without them.
 */
export function discountResource(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource {
  const node = parse(discountNode, parent, '');
  const discount = node.discount;
  const codes = childrenOf(children, 'DiscountRedeemCode', node.id).map((child, i) => parse(discountRedeemCodeNode, child, `codes.${i}`));
  if (discount.codesCount && codes.length < discount.codesCount.count) {
    throw new Invalid('codes', `codes: ${codes.length} of the discount's ${discount.codesCount.count} codes were read`);
  }
  return {
    topic: DISCOUNT_RESOURCE,
    payload: {
      admin_graphql_api_id: node.id,
      title: discount.title ?? null,
      status: discount.status ?? null,
      created_at: discount.createdAt ? time(discount.createdAt) : null,
      updated_at: time(discount.updatedAt),
      type: discount.__typename,
      summary: discount.summary ?? null,
      starts_at: discount.startsAt ? time(discount.startsAt) : null,
      ends_at: discount.endsAt ? time(discount.endsAt) : null,
      usage_count: discount.asyncUsageCount ?? null,
      codes_count: discount.codesCount?.count ?? null,
      codes: codes.map((code) => ({ id: legacyId(code.id), code: code.code, usage_count: code.asyncUsageCount ?? null })),
    },
  };
}
