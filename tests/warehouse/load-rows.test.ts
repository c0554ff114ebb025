import { describe, expect, it } from 'vitest';
import { parentsToTidy } from '../../src/warehouse/load-rows';

const order = (id: string, version: string) => ({ shopId: 1, id, version });
const line = (orderId: string, version: string) => ({ shopId: 1, id: orderId, version });

describe('which orders may hold line items of an older version after a load', () => {
  it('none of those the batch inserted first, in one version', () => {
    const parents = [order('5829371048291', '2025-04-02T11:38:16-05:00')];
    const lines = [line('5829371048291', '2025-04-02T16:38:16Z'), line('5829371048291', '2025-04-02T11:38:16-05:00')];

    expect(parentsToTidy(parents, [{ shopId: 1, id: '5829371048291', inserted: true }], lines)).toEqual([]);
  });

  it('an order that was already stored, updated or left as it was', () => {
    const parents = [order('5829371048291', '2025-04-02T11:38:16-05:00'), order('5829371048292', '2025-04-02T11:38:16-05:00')];

    expect(parentsToTidy(parents, [{ shopId: 1, id: '5829371048291', inserted: false }], [])).toEqual([
      [1, '5829371048291'],
      [1, '5829371048292'],
    ]);
  });

  it('a new order that came in two versions in the batch: lines only the older one had must go', () => {
    const parents = [order('5829371048291', '2025-04-02T11:38:16-05:00'), order('5829371048291', '2025-04-03T09:00:00-05:00')];
    const lines = [line('5829371048291', '2025-04-02T11:38:16-05:00'), line('5829371048291', '2025-04-03T09:00:00-05:00')];

    expect(parentsToTidy(parents, [{ shopId: 1, id: '5829371048291', inserted: true }], lines)).toEqual([[1, '5829371048291']]);
  });
});
