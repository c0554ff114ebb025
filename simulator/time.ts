/**
 * Timestamps as each API writes them: GraphQL in UTC (`2025-04-02T15:38:15Z`), REST in the shop's
 * own offset (`2025-04-02T11:38:15-04:00`), both to the second. Worked out here independently of
 * Wharf's own conversion (src/lib/local-time.ts) on purpose: the simulator is the oracle
 * Wharf's resyncs are checked against, so it must not share their mistakes.
 */

export function utcIso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Throws a RangeError for an unknown zone, so a shop cannot be created with one. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The instant in the zone's wall-clock time with its UTC offset, as Shopify's REST payloads show it. */
export function localIso(ms: number, timeZone: string): string {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offsetMinutes = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(parts.year!, 4)}-${pad(parts.month!)}-${pad(parts.day!)}T${pad(parts.hour!)}:${pad(parts.minute!)}:${pad(parts.second!)}${offset}`;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Whole seconds, as both APIs report. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}
