/** Shopify Location resource → the location's row (name and address: the merchant's own, not personal data). */
import type { Location } from '../shopify/payloads/location';
import { type PayloadRows, rows, type Source } from './rows';

export function locationRows(location: Location, source: Source): PayloadRows {
  return rows({
    locations: [
      {
        shopDomain: source.shopDomain,
        locationId: location.id,
        name: location.name ?? null,
        address1: location.address1 ?? null,
        address2: location.address2 ?? null,
        city: location.city ?? null,
        zip: location.zip ?? null,
        province: location.province ?? null,
        provinceCode: location.province_code ?? null,
        countryCode: location.country_code ?? null,
        active: location.active ?? null,
        createdAt: location.created_at ?? null,
        updatedAt: location.updated_at,
        rawKey: source.rawKey,
      },
    ],
  });
}
