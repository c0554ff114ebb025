/** Shop lifecycle, deletions, bulk operations and compliance requests. */
import type { BulkOperationFinish } from '../shopify/payloads/bulk-operation';
import type { CustomersDataRequest, CustomersRedact, ShopRedact } from '../shopify/payloads/compliance';
import type { Deletion } from '../shopify/payloads/deletion';
import type { Shop } from '../shopify/payloads/shop';
import type { DeletionRow } from '../warehouse/rows';
import { type PayloadRows, rows, type Source } from './rows';

export function shopRows(shop: Shop, source: Source): PayloadRows {
  return rows({
    shops: [
      {
        shopDomain: source.shopDomain,
        shopifyShopId: shop.id,
        name: shop.name ?? null,
        email: shop.email ?? null,
        currency: shop.currency ?? null,
        countryCode: shop.country_code ?? null,
        ianaTimezone: shop.iana_timezone ?? null,
        planName: shop.plan_display_name ?? shop.plan_name ?? null,
        // Shopify's own samples send null timestamps; the delivery's time orders them instead.
        updatedAt: shop.updated_at ?? source.eventAt,
        rawKey: source.rawKey,
      },
    ],
  });
}

export function uninstallRows(shop: Shop, source: Source): PayloadRows {
  return rows({ ...shopRows(shop, source), shopUninstalls: [{ shopDomain: source.shopDomain, uninstalledAt: source.eventAt }] });
}

export const deletionRows =
  (entity: DeletionRow['entity']) =>
  (deleted: Deletion, source: Source): PayloadRows =>
    rows({ deletions: [{ shopDomain: source.shopDomain, entity, entityId: deleted.id, deletedAt: source.eventAt, rawKey: source.rawKey }] });

export function bulkOperationRows(operation: BulkOperationFinish, source: Source): PayloadRows {
  return rows({
    bulkOperations: [
      {
        shopDomain: source.shopDomain,
        adminGraphqlApiId: operation.admin_graphql_api_id,
        status: operation.status,
        errorCode: operation.error_code ?? null,
        type: operation.type ?? null,
        createdAt: operation.created_at ?? null,
        completedAt: operation.completed_at ?? null,
        rawKey: source.rawKey,
      },
    ],
  });
}

export const dataRequestRows = (payload: CustomersDataRequest, source: Source) =>
  rows({ compliance: [{ topic: 'customers/data_request', payload, shopDomain: source.shopDomain, rawKey: source.rawKey }] });

export const customerRedactRows = (payload: CustomersRedact, source: Source) =>
  rows({ compliance: [{ topic: 'customers/redact', payload, shopDomain: source.shopDomain, rawKey: source.rawKey }] });

export const shopRedactRows = (payload: ShopRedact, source: Source) =>
  rows({ compliance: [{ topic: 'shop/redact', payload, shopDomain: source.shopDomain, rawKey: source.rawKey }] });
