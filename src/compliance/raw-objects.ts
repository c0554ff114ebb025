/** Reading and rewriting the raw R2 objects that mention a customer (warehouse/compliance.ts finds them). */
import { redactPersonalData } from '../domain/redaction';
import { type JsonValue, parseJsonExact } from '../lib/exact-json';

export async function readRawJson(bucket: R2Bucket, rawKey: string): Promise<JsonValue | null> {
  const object = await bucket.get(rawKey);
  if (!object) return null;
  const parsed = parseJsonExact(await object.text());
  return parsed.ok ? parsed.value : null;
}

/**
 * Rewrites a raw object without the customer's personal data, keeping its metadata and noting
 * when it was redacted. Ids above 2^53 are written as strings, which Wharf's schemas accept.
 */
export async function redactRawObject(bucket: R2Bucket, rawKey: string, redactedAt: string): Promise<boolean> {
  const object = await bucket.get(rawKey);
  if (!object) return false;
  const parsed = parseJsonExact(await object.text());
  // A body that is not JSON cannot be redacted field by field: it is deleted instead.
  if (!parsed.ok) {
    await bucket.delete(rawKey);
    return true;
  }
  await bucket.put(rawKey, JSON.stringify(redactPersonalData(parsed.value)), {
    httpMetadata: object.httpMetadata,
    customMetadata: { ...object.customMetadata, 'redacted-at': redactedAt },
  });
  return true;
}
