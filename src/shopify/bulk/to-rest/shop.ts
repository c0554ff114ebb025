import { inShopTime } from '../../../lib/local-time';
import { legacyId, type ShopInfo } from '../nodes';
import type { RestResource } from './rest-fields';

/** The shop query's answer as the REST Shop resource (shop/update). */
export function shopToRest(shop: ShopInfo): RestResource {
  return {
    topic: 'shop/update',
    payload: {
      id: legacyId(shop.id),
      name: shop.name ?? null,
      email: shop.email ?? null,
      currency: shop.currencyCode ?? null,
      country_code: shop.billingAddress?.countryCodeV2 ?? null,
      iana_timezone: shop.ianaTimezone,
      plan_display_name: shop.plan?.displayName ?? null,
      updated_at: shop.updatedAt ? inShopTime(shop.updatedAt, shop.ianaTimezone) : null,
    },
  };
}
