/**
 * Erasing a customer's personal data from a raw Shopify payload while keeping the facts that are
 * not personal (ids, amounts, products, timestamps, country and province).
 */
import type { JsonValue } from '../lib/exact-json';

const PERSONAL_KEYS = new Set([
  'email',
  'contact_email',
  'phone',
  'first_name',
  'last_name',
  'note',
  'note_attributes',
  // A return line's note from the customer, in their own words.
  'customer_note',
  'browser_ip',
  'client_details',
  'landing_site',
  'referring_site',
]);

/** Addresses keep only where in the world they are, at province level. */
const ADDRESS_KEYS = new Set(['billing_address', 'shipping_address', 'default_address', 'addresses', 'destination']);
const KEPT_ADDRESS_FIELDS = ['country', 'country_code', 'country_name', 'province', 'province_code'];

function redactAddress(address: JsonValue): JsonValue {
  if (Array.isArray(address)) return address.map(redactAddress);
  if (address === null || typeof address !== 'object') return address;
  return Object.fromEntries(KEPT_ADDRESS_FIELDS.filter((field) => field in address).map((field) => [field, address[field]!]));
}

export function redactPersonalData(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactPersonalData);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, field] of Object.entries(value)) {
    if (PERSONAL_KEYS.has(key)) out[key] = null;
    else if (ADDRESS_KEYS.has(key)) out[key] = redactAddress(field);
    else out[key] = redactPersonalData(field);
  }
  return out;
}
