/**
 * JSON parsing that keeps Shopify's integer ids exact.
 *
 * Shopify ids can exceed 2^53 (its own sample order id is 820982911946154508) and `JSON.parse`
 * rounds those. Integers outside the safe range are returned as their decimal source text, which
 * the payload schemas accept wherever an id is expected.
 *
 * The text is read once, left to right, by a small tokenizer that knows only strings and numbers:
 * it finds the integer literals that JSON.parse would round and quotes them, and JSON.parse does
 * the rest (and every check of the syntax). Its time is linear in the text whatever the text holds,
 * so no line an upload key can send holds the thread for longer than it takes to read it.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Characters a JSON number literal is made of: digits, sign, point, exponent. */
function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

// An integer in JSON's grammar (no leading zeros): only these are quoted, so that a literal JSON
// rejects (`0123`, `1.`, `--1`) still fails to parse.
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
// Below 16 digits every integer is safe: most literals are decided by their length alone.
const SHORTEST_UNSAFE_DIGITS = 16;

/**
 * Where the integer literals that JSON.parse would round are, as [start, end) ranges, outside
 * strings and not in a key's place (a number followed by a colon is a syntax error, which
 * quoting would turn into a key).
 */
function unsafeIntegers(text: string): [number, number][] {
  const found: [number, number][] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: a backslash escapes the next character, whatever it is.
      i++;
      while (i < length) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i += 2;
        else if (s === QUOTE) break;
        else i++;
      }
      i++;
    } else if (isNumberChar(c)) {
      const start = i;
      while (i < length && isNumberChar(text.charCodeAt(i))) i++;
      const digits = text.charCodeAt(start) === 0x2d ? i - start - 1 : i - start;
      if (digits < SHORTEST_UNSAFE_DIGITS) continue;
      const literal = text.slice(start, i);
      if (!INTEGER.test(literal) || Number.isSafeInteger(Number(literal))) continue;
      let next = i;
      while (next < length && isWhitespace(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) !== COLON) found.push([start, i]);
    } else {
      i++;
    }
  }
  return found;
}

/** The text with the given ranges quoted, built once. */
function quoted(text: string, ranges: readonly [number, number][]): string {
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(from, start), '"', text.slice(start, end), '"');
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

export function parseJsonExact(text: string): JsonParseResult {
  try {
    const ranges = unsafeIntegers(text);
    const value: JsonValue = JSON.parse(ranges.length ? quoted(text, ranges) : text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
}

/**
 * Where the first NUL character of a parsed document is: the dotted path of the string (or the
 * key) holding it, as payload issues name fields; null when there is none. Postgres text and jsonb
 * cannot store one, so a document holding one is refused with this path rather than failing its load.
 */
export function nulPath(value: JsonValue): string | null {
  const stack: [JsonValue, string][] = [[value, '']];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || '*';
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i]!, join(path, String(i))]);
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) if (key.includes('\u0000')) return join(path, key.replaceAll('\u0000', '\\u0000'));
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], join(path, entries[i]![0])]);
    }
  }
  return null;
}
