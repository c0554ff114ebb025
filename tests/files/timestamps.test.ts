import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../src/files/timestamps';

describe('order timestamps', () => {
  it('reads D/M/YYYY day first and M/D/YYYY month first', () => {
    expect(parseTimestamp('3/4/2025 9:05', ['D/M/YYYY H:MM'], 'UTC')).toEqual({ instant: '2025-04-03T09:05:00.000Z', dateKey: 20250403 });
    expect(parseTimestamp('3/4/2025 9:05', ['M/D/YYYY H:MM'], 'UTC')).toEqual({ instant: '2025-03-04T09:05:00.000Z', dateKey: 20250304 });
  });

  it('reads a time without an offset in the given zone, keeping the day as written', () => {
    expect(parseTimestamp('2025-01-15 23:30:00', ['YYYY-MM-DD HH:mm:ss'], 'Europe/Berlin')).toEqual({ instant: '2025-01-15T22:30:00.000Z', dateKey: 20250115 });
    expect(parseTimestamp('2025-07-15T00:30:00', ['iso'], 'America/New_York')).toEqual({ instant: '2025-07-15T04:30:00.000Z', dateKey: 20250715 });
  });

  it('keeps an ISO offset over the zone', () => {
    expect(parseTimestamp('2025-03-01T00:15:00+01:00', ['iso'], 'America/New_York')).toEqual({ instant: '2025-02-28T23:15:00.000Z', dateKey: 20250301 });
  });

  it('refuses dates that do not exist, including a daylight saving gap', () => {
    for (const text of ['31/2/2025 10:00', '1/1/2025 24:00', '1/1/2025 9:60']) expect(parseTimestamp(text, ['D/M/YYYY H:MM'], 'UTC'), text).toBeNull();
    expect(parseTimestamp('2025-03-30 02:30:00', ['YYYY-MM-DD HH:mm:ss'], 'Europe/Berlin')).toBeNull();
  });

  it('takes only the formats it is given', () => {
    expect(parseTimestamp('2025-03-01T10:00:00Z', ['D/M/YYYY H:MM'], 'UTC')).toBeNull();
    expect(parseTimestamp('1/3/2025 10:00', ['iso'], 'UTC')).toBeNull();
  });

  it('refuses years 0 to 99 rather than reading them as 1900 to 1999', () => {
    expect(parseTimestamp('0000-01-01T00:00:00Z', ['iso'], 'UTC')).toBeNull();
    expect(parseTimestamp('1/3/0099 10:00', ['M/D/YYYY H:MM'], 'UTC')).toBeNull();
    expect(parseTimestamp('0100-01-01 00:00:00', ['YYYY-MM-DD HH:mm:ss'], 'UTC')).toMatchObject({ instant: '0100-01-01T00:00:00.000Z' });
  });
});
