import { describe, expect, it } from 'vitest';
import { isoFromPostgres } from '../../src/warehouse/schema/columns';

describe('isoFromPostgres', () => {
  it('turns Postgres timestamptz text into ISO 8601', () => {
    expect(isoFromPostgres('2025-04-02 16:38:15+00')).toBe('2025-04-02T16:38:15+00:00');
    expect(isoFromPostgres('2025-04-02 11:38:15.123-05')).toBe('2025-04-02T11:38:15.123-05:00');
    expect(isoFromPostgres('2025-04-02 11:38:15+05:30')).toBe('2025-04-02T11:38:15+05:30');
  });
});
