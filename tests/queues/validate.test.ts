import { describe, expect, it } from 'vitest';
import { runConsumer, storedDelivery } from '../helpers/pipeline';
import { quarantineOf, rawEventsOf } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

describe('validate consumer', () => {
  it('records a valid delivery and acknowledges it', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });
    const result = await runConsumer('wharf-ingest', [claim]);
    expect(result.explicitAcks).toEqual(['message-0']);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'validated', seen_count: 1 }]);
  });
});
