/**
 * GraphQL timestamps are UTC; webhook (REST) timestamps carry the shop's own offset, and the
 * warehouse's date keys are the shop's calendar days. Rewriting resync timestamps into the shop's
 * time zone makes both paths produce the same rows.
 */
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
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at `ms`, as `±HH:MM`. */
function offsetAt(ms: number, timeZone: string): string {
  const name = formatter(timeZone)
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')!.value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

// Formatting through Intl costs microseconds per call and a resync rewrites millions of
// timestamps, so offsets are kept per UTC day. Zones change offset at most a few times a year and
// never twice in one day, so a day that starts and ends at the same offset has it throughout; on
// the days of a change each instant is looked up.
const DAY_MS = 86_400_000;
const offsets = new Map<string, string | null>();

function offsetOf(ms: number, timeZone: string): string {
  const day = Math.floor(ms / DAY_MS);
  const key = `${timeZone} ${day}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = offsetAt(day * DAY_MS, timeZone);
    offset = start === offsetAt((day + 1) * DAY_MS - 1, timeZone) ? start : null;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset ?? offsetAt(ms, timeZone);
}

/** `2025-04-02T15:38:15Z` in America/New_York → `2025-04-02T11:38:15-04:00`. */
export function inShopTime(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${instant}`);
  const offset = offsetOf(ms, timeZone);
  const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  // The wall clock, read off a Date shifted by the offset; seconds are kept, fractions dropped.
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
}
