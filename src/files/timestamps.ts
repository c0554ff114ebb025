/**
 * Order timestamps as sales exports write them. A timestamp that names no offset is wall-clock
 * time in the file's zone (UTC unless a mapping names an IANA zone): exports from other channels
 * seldom say which zone they were written in. The date key is the calendar day as written.
 */
import { inShopTime } from '../lib/local-time';

export const DATE_FORMATS = ['iso', 'M/D/YYYY H:MM', 'D/M/YYYY H:MM', 'YYYY-MM-DD HH:mm:ss'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const dateFormatLabel = (format: DateFormat) => (format === 'iso' ? 'ISO 8601' : format);

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC when the text names an offset. */
  offset: number | null;
}

const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;
const SQL_STYLE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

const offsetMinutes = (text: string): number | null => {
  const match = OFFSET.exec(text);
  if (!match) return text.toUpperCase() === 'Z' || text === 'GMT' ? 0 : null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
};

const wallTime = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  offset: number | null,
): WallTime => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  millisecond,
  offset,
});

function slashed(text: string, dayFirst: boolean): WallTime | null {
  const match = SLASHED.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const second = Number(match[2]);
  return wallTime(Number(match[3]), dayFirst ? second : first, dayFirst ? first : second, Number(match[4]), Number(match[5]), 0, 0, null);
}

const READERS: Readonly<Record<DateFormat, (text: string) => WallTime | null>> = {
  iso: (text) => {
    const match = ISO.exec(text);
    if (!match) return null;
    const millisecond = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
    const offset = match[8] ? offsetMinutes(match[8]) : null;
    return wallTime(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0), millisecond, offset);
  },
  'M/D/YYYY H:MM': (text) => slashed(text, false),
  'D/M/YYYY H:MM': (text) => slashed(text, true),
  'YYYY-MM-DD HH:mm:ss': (text) => {
    const match = SQL_STYLE.exec(text);
    if (!match) return null;
    return wallTime(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]), 0, null);
  },
};

/** The zone's offset from UTC at an instant, in minutes. */
function zoneOffset(timeZone: string, epochMs: number): number {
  return offsetMinutes(inShopTime(new Date(epochMs).toISOString(), timeZone).slice(19)) ?? 0;
}

/** The instant a wall-clock time (read as if in UTC) names in a zone; null in a daylight saving gap, where no instant has it. */
function instantIn(timeZone: string, asUtc: number): number | null {
  if (timeZone === 'UTC') return asUtc;
  // The offset at the guess can differ from the offset at the answer near a transition: a second pass settles it.
  const guess = asUtc - zoneOffset(timeZone, asUtc) * 60_000;
  const instant = asUtc - zoneOffset(timeZone, guess) * 60_000;
  return instant + zoneOffset(timeZone, instant) * 60_000 === asUtc ? instant : null;
}

export interface Timestamp {
  /** ISO 8601 in UTC. */
  instant: string;
  /** yyyymmdd of the day as written. */
  dateKey: number;
}

const MAX_OFFSET_MINUTES = 18 * 60;

function timestampOf(wall: WallTime, timeZone: string): Timestamp | null {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const written = new Date(asUtc);
  // Date.UTC reads years 0 to 99 as 1900 to 1999: such a year comes back changed, and is no date Wharf loads.
  const real =
    written.getUTCFullYear() === wall.year &&
    written.getUTCMonth() === wall.month - 1 &&
    written.getUTCDate() === wall.day &&
    wall.hour < 24 &&
    wall.minute < 60 &&
    wall.second < 60;
  if (!real) return null;
  if (wall.offset !== null && Math.abs(wall.offset) > MAX_OFFSET_MINUTES) return null;
  const instant = wall.offset === null ? instantIn(timeZone, asUtc) : asUtc - wall.offset * 60_000;
  if (instant === null) return null;
  return { instant: (instant === asUtc ? written : new Date(instant)).toISOString(), dateKey: wall.year * 10_000 + wall.month * 100 + wall.day };
}

/** The first of `formats` that reads the text as a real date and time, or null. */
export function parseTimestamp(text: string, formats: readonly DateFormat[], timeZone: string): Timestamp | null {
  for (const format of formats) {
    const wall = READERS[format](text);
    const timestamp = wall && timestampOf(wall, timeZone);
    if (timestamp) return timestamp;
  }
  return null;
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
