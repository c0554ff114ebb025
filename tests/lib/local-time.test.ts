import { describe, expect, it } from 'vitest';
import { inShopTime } from '../../src/lib/local-time';

/** The zone's wall clock and offset for one instant, straight from Intl: slow, and the reference. */
function reference(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName!.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Instants every `stepSeconds` over the six hours around `around`. */
function instantsAround(around: string, stepSeconds: number): string[] {
  const start = Date.parse(around) - 3 * 3600_000;
  return Array.from({ length: (6 * 3600) / stepSeconds }, (_, i) => new Date(start + i * stepSeconds * 1000).toISOString());
}

describe('timestamps in the shop’s time zone', () => {
  it('rewrites a UTC timestamp with the shop’s offset, as webhooks carry it', () => {
    expect(inShopTime('2025-04-02T15:38:15Z', 'America/New_York')).toBe('2025-04-02T11:38:15-04:00');
    expect(inShopTime('2025-01-15T03:00:00Z', 'Asia/Kathmandu')).toBe('2025-01-15T08:45:00+05:45');
    expect(inShopTime('2025-06-30T23:59:59.999Z', 'UTC')).toBe('2025-06-30T23:59:59+00:00');
  });

  // Offsets are cached per day: the instants on either side of every change must still
  // take their own offset, in zones whose changes fall on the hour, the half hour and 45 minutes.
  it.each([
    ['America/New_York', '2025-03-09T07:00:00Z'],
    ['America/New_York', '2025-11-02T06:00:00Z'],
    ['Europe/London', '2025-03-30T01:00:00Z'],
    ['Australia/Adelaide', '2025-04-05T16:30:00Z'],
    ['Australia/Lord_Howe', '2025-10-04T15:30:00Z'],
    ['Pacific/Chatham', '2025-04-05T14:00:00Z'],
  ])('agrees with the zone’s own offset at every 37 seconds around a change in %s at %s', (timeZone, change) => {
    const instants = instantsAround(change, 37);
    expect(instants.map((i) => inShopTime(i, timeZone))).toEqual(instants.map((i) => reference(i, timeZone)));
  });

  it('refuses what is not a timestamp', () => {
    expect(() => inShopTime('yesterday', 'UTC')).toThrow(/not a timestamp/);
  });
});
