/** A delivery's warehouse rows, mapped outside the pipeline: for specs that load them in a transaction of their own. */
import { piiPolicies } from '../../src/domain/pii';
import { topicModel } from '../../src/domain/topics';
import { parseJsonExact } from '../../src/lib/exact-json';

/** A delivery's rows as the transform stage maps them. */
export function rowsOf(shop: string, delivery: { topic: string; body: string }) {
  const parsed = parseJsonExact(delivery.body);
  if (!parsed.ok) throw new Error('not JSON');
  const validated = topicModel(delivery.topic)!.validate(parsed.value);
  if (!validated.ok) throw new Error(validated.reason);
  const pii = piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: 'a-key-for-tests-only-0123456789' });
  return validated.toRows({ shopDomain: shop, rawKey: `webhooks/${delivery.topic}/${crypto.randomUUID()}.json`, eventAt: '2025-12-03T10:00:00+13:00' }, pii);
}
