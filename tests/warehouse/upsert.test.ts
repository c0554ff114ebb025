import { describe, expect, it } from 'vitest';
import { newestPerKey } from '../../src/warehouse/upsert';

describe('newestPerKey', () => {
  it('keeps the newest version of each key, comparing timestamps as instants', () => {
    const rows = [
      { id: '1', updatedAt: '2025-04-02T11:38:16-05:00', v: 'b' },
      { id: '1', updatedAt: '2025-04-02T16:30:00Z', v: 'a' },
      { id: '2', updatedAt: '2025-04-01T00:00:00Z', v: 'c' },
    ];
    expect(
      newestPerKey(
        rows,
        (r) => r.id,
        (r) => r.updatedAt,
      ).map((r) => r.v),
    ).toEqual(['b', 'c']);
  });

  it('lets the later of two equal versions win, as a replay does', () => {
    const rows = [
      { id: '1', updatedAt: '2025-04-02T16:30:00Z', v: 'first' },
      { id: '1', updatedAt: '2025-04-02T16:30:00Z', v: 'second' },
    ];
    expect(
      newestPerKey(
        rows,
        (r) => r.id,
        (r) => r.updatedAt,
      ).map((r) => r.v),
    ).toEqual(['second']);
  });
});
