/** Shopify Customer resource → a customer version (dim_customer is derived from the versions). */
import type { Customer } from '../shopify/payloads/customer';
import type { CustomerVersionRow } from '../warehouse/rows';
import type { PiiPolicy } from './pii';
import { type PayloadRows, rows, type Source } from './rows';

export function customerVersionRow(customer: Customer, source: Source, pii: PiiPolicy): CustomerVersionRow {
  const address = customer.default_address;
  return {
    shopDomain: source.shopDomain,
    customerId: customer.id,
    updatedAt: customer.updated_at,
    emailHash: pii.emailHash(customer.email),
    email: pii.emailPlaintext(customer.email),
    state: customer.state ?? null,
    verifiedEmail: customer.verified_email ?? null,
    tags: customer.tags ?? null,
    currency: customer.currency ?? null,
    country: address?.country ?? null,
    province: address?.province ?? null,
    city: address?.city ?? null,
    createdAt: customer.created_at ?? null,
    rawKey: source.rawKey,
  };
}

export function customerRows(customer: Customer, source: Source, pii: PiiPolicy): PayloadRows {
  return rows({ customers: [customerVersionRow(customer, source, pii)] });
}
