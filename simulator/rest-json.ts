/**
 * JSON text for REST payloads. Shopify writes ids as bare integer literals, many above 2^53,
 * which JSON.stringify cannot produce from numbers without rounding: ids are given here as
 * bigints and written digit for digit.
 */

export type RestValue = string | number | boolean | null | bigint | readonly RestValue[] | RestObject;
export interface RestObject {
  readonly [key: string]: RestValue | undefined;
}

export function restJson(value: RestValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map((item: RestValue) => restJson(item)).join(',')}]`;
  const fields: string[] = [];
  for (const [key, field] of Object.entries(value as RestObject)) {
    if (field !== undefined) fields.push(`${JSON.stringify(key)}:${restJson(field)}`);
  }
  return `{${fields.join(',')}}`;
}

/** An id as an exact integer literal. */
export function restId(id: string): bigint;
export function restId(id: string | null): bigint | null;
export function restId(id: string | null): bigint | null {
  return id === null ? null : BigInt(id);
}
