/** Customers: a customer record (customers/update), and the customer an order or its webhook embeds. */
import type { JsonValue } from '../../../lib/exact-json';
import { type CustomerNode, customerNode, legacyId } from '../nodes';
import { parse } from './record';
import { lower, type RestResource, type ShopTime, tags } from './rest-fields';

export function customerResource(customer: CustomerNode, time: ShopTime) {
  return {
    id: legacyId(customer.id),
    email: customer.email ?? null,
    state: lower(customer.state),
    verified_email: customer.verifiedEmail ?? null,
    tags: tags(customer.tags),
    created_at: customer.createdAt ? time(customer.createdAt) : null,
    updated_at: time(customer.updatedAt),
    default_address: customer.defaultAddress
      ? {
          city: customer.defaultAddress.city ?? null,
          province: customer.defaultAddress.province ?? null,
          country: customer.defaultAddress.country ?? null,
          country_code: customer.defaultAddress.countryCodeV2 ?? null,
        }
      : null,
  };
}

export function customerResources(parent: JsonValue, time: ShopTime): RestResource[] {
  return [{ topic: 'customers/update', payload: customerResource(parse(customerNode, parent, ''), time) }];
}
