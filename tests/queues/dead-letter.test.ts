import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from '../../queues/settlement';
import { runConsumer, storedDelivery } from '../helpers/pipeline';
import { query } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

describe('dead-letter consumer', () => {
  it('records a message that exhausted its retries with its queue and raw key, for replay', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-transform-dlq', [claim]);

    expect(result.explicitAcks).toEqual(['message-0']);
    const records = await query<{ stage: string; reason: string; raw_key: string }>(sql`
      select stage::text, reason, raw_key from quarantine where shop_domain = ${shop}`);
    expect(records).toEqual([{ stage: 'dead_letter', reason: 'retries exhausted on wharf-transform-dlq', raw_key: claim.rawKey }]);
  });

  it('records a redelivered dead letter once', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    await runConsumer('wharf-ingest-dlq', [claim]);
    await runConsumer('wharf-ingest-dlq', [claim]);

    const records = await query(sql`select 1 from quarantine where shop_domain = ${shop}`);
    expect(records).toHaveLength(1);
  });
});

describe('retry backoff', () => {
  it('grows exponentially from seconds and never exceeds ten minutes', () => {
    expect(retryDelaySeconds(1)).toBeGreaterThanOrEqual(3);
    expect(retryDelaySeconds(1)).toBeLessThanOrEqual(5);
    expect(retryDelaySeconds(4)).toBeGreaterThanOrEqual(24);
    expect(retryDelaySeconds(50)).toBeLessThanOrEqual(750);
  });
});
