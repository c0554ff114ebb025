/**
 * JSON parsing that keeps Shopify's integer ids exact.
 *
 * Shopify ids can exceed 2^53 (its own sample order id is 820982911946154508) and `JSON.parse`
 * rounds those. Integers outside the safe range are returned as their decimal source text, which
 * the payload schemas accept wherever an id is expected.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

// A number literal of 16+ digits is the only way an unsafe integer can appear; most payloads
// have none and take the native fast path.
const MAYBE_UNSAFE_INTEGER = /\d{16}/;

// Strings (skipped whole, so digits inside them are left alone) and integer literals of 16+
// digits that are not part of a decimal or an exponent.
const STRINGS_AND_LONG_INTEGERS = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.\deE])/g;

/** Quotes the integer literals that JSON.parse would round, then parses natively. */
function parseKeepingUnsafeIntegers(text: string): JsonValue {
  return JSON.parse(
    text.replace(STRINGS_AND_LONG_INTEGERS, (token) => (token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`)),
  );
}

export function parseJsonExact(text: string): JsonParseResult {
  try {
    const value: JsonValue = MAYBE_UNSAFE_INTEGER.test(text) ? parseKeepingUnsafeIntegers(text) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
}
