/**
 * Shopify discounts (code and automatic) → the discount, and a code discount's redeem codes.
 * Webhooks carry a discount's title, status and timestamps; resyncs its terms and codes too.
 */
import type { Discount, DiscountDeletion, DiscountResource } from '../shopify/payloads/discount';
import type { DiscountHeaderRow } from '../warehouse/rows';
import { type PayloadRows, rows, type Source } from './rows';

function headerRow(discount: Discount, source: Source): DiscountHeaderRow {
  return {
    shopDomain: source.shopDomain,
    discountId: discount.admin_graphql_api_id.id,
    method: discount.admin_graphql_api_id.method,
    title: discount.title ?? null,
    status: discount.status ? discount.status.toLowerCase() : null,
    createdAt: discount.created_at ?? null,
    updatedAt: discount.updated_at,
    rawKey: source.rawKey,
  };
}

/** discounts/create, discounts/update. */
export const discountRows = (discount: Discount, source: Source): PayloadRows => rows({ discountHeaders: [headerRow(discount, source)] });

/** discounts/delete: a tombstone, as of when the discount was deleted. */
export const discountDeletionRows = (deleted: DiscountDeletion, source: Source): PayloadRows =>
  rows({
    deletions: [
      {
        shopDomain: source.shopDomain,
        entity: 'discount',
        entityId: deleted.admin_graphql_api_id.id,
        deletedAt: deleted.deleted_at ?? source.eventAt,
        rawKey: source.rawKey,
      },
    ],
  });

/** The discount of a resync: with its terms, and its codes, which replace those an earlier resync stored. */
export function discountResourceRows(discount: DiscountResource, source: Source): PayloadRows {
  const discountId = discount.admin_graphql_api_id.id;
  const isCode = discount.admin_graphql_api_id.method === 'code';
  return rows({
    discounts: [
      {
        ...headerRow(discount, source),
        discountType: discount.type,
        summary: discount.summary ?? null,
        startsAt: discount.starts_at ?? null,
        endsAt: discount.ends_at ?? null,
        usageCount: discount.usage_count ?? null,
        codesCount: discount.codes_count ?? null,
      },
    ],
    discountCodes: discount.codes.map((code) => ({
      shopDomain: source.shopDomain,
      discountCodeId: code.id,
      discountId,
      code: code.code,
      usageCount: code.usage_count ?? null,
      observedAt: source.eventAt,
      rawKey: source.rawKey,
    })),
    discountCodeSets: isCode ? [{ shopDomain: source.shopDomain, parentId: discountId, observedAt: source.eventAt }] : [],
  });
}
