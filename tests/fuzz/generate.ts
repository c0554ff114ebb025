/**
 * Deterministic generation of hostile inputs: a seeded generator, so that every run sends the same
 * inputs and a failure names one that can be sent again.
 */

/** mulberry32: a small, fast, well-distributed 32-bit generator; the same seed gives the same sequence. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const word = (length: number) => Array.from({ length }, () => String.fromCharCode(int(97, 122))).join('');
  return { next, int, pick, word };
}

export type Random = ReturnType<typeof seeded>;

/** Texts that hurt parsers and databases, as query parameter values or cells; no non-Latin-1 header text. */
export const HOSTILE_TEXTS = [
  '\u0000',
  'a\u0000b',
  "' or 1=1 --",
  '%',
  '\\',
  '"',
  '💥',
  '\uffff',
  ' ',
  '\r\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, sent as literal text
  '${jndi:ldap://x}',
] as const;

/** An id beyond Postgres bigint, or one that only looks like digits to a careless reader. */
export const HOSTILE_IDS = [
  '9223372036854775808',
  '18446744073709551616',
  '99999999999999999999',
  '1'.repeat(40),
  '-1',
  '1e3',
  '0x10',
  ' 1',
  '1.0',
  '١٢٣',
] as const;

/** Dates and instants Postgres or the calendar cannot take. */
export const HOSTILE_DATES = ['0000-01-01', '2025-02-30', '2025-13-01', '99999-01-01', '2025-1-1', 'yesterday', '2025-01-01\u0000'] as const;
export const HOSTILE_INSTANTS = [
  '0000-06-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '2025-01-01',
  '2025-01-01T25:00:00Z',
  '2025-01-01T00:00:00',
  'now',
  '2025-01-01T00:00:00Z\u0000',
] as const;

/** base64url of a JSON cursor key, as the API writes its cursors. */
export const cursorOf = (key: unknown) => btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

/** Cursors the API never issued: not base64, not JSON, the wrong shape, or keys no column can take. */
export const HOSTILE_CURSORS = [
  '%%%',
  'x'.repeat(513),
  btoa('not json'),
  cursorOf({}),
  cursorOf([]),
  cursorOf([1]),
  cursorOf(['1', '2', '3']),
  cursorOf(['not-a-number']),
  cursorOf(['99999999999999999999']),
  cursorOf(['\u0000']),
  cursorOf([null]),
] as const;
