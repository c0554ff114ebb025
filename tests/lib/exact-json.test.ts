import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../src/lib/exact-json';

describe('parseJsonExact', () => {
  it('keeps integers above 2^53 exact, as their decimal text', () => {
    const parsed = parseJsonExact('{"id": 820982911946154508, "line_items": [{"id": 866550311766439020}]}');
    expect(parsed).toEqual({ ok: true, value: { id: '820982911946154508', line_items: [{ id: '866550311766439020' }] } });
  });

  it('leaves safe integers, decimals and strings as JSON.parse gives them', () => {
    const parsed = parseJsonExact('{"id": 450789469, "rate": 0.0809, "total_price": "474.47", "big": 9007199254740993}');
    expect(parsed).toEqual({ ok: true, value: { id: 450789469, rate: 0.0809, total_price: '474.47', big: '9007199254740993' } });
  });

  it('reports malformed JSON as a reason, not an exception', () => {
    const parsed = parseJsonExact('{"id": 820982911946154508,');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(/^malformed JSON: /);
  });
});

describe('parseJsonExact on tricky text', () => {
  it('leaves digits inside strings, decimals and exponents as they are', () => {
    const parsed = parseJsonExact(
      '{"note": "call 12345678901234567890", "escaped": "a \\"12345678901234567890\\"", "d": 12345678901234567.5, "e": 12345678901234567e2, "n": -9223372036854775807}',
    );
    expect(parsed).toEqual({
      ok: true,
      // Decimals and exponents stay numbers, rounded as JSON.parse rounds them.
      value: {
        note: 'call 12345678901234567890',
        escaped: 'a "12345678901234567890"',
        d: Number('12345678901234567.5'),
        e: Number('12345678901234567e2'),
        n: '-9223372036854775807',
      },
    });
  });

  it('parses a whole Shopify order exactly as the line items carry their ids', () => {
    const parsed = parseJsonExact('[820982911946154508, 450789469, {"ids": [866550311766439020]}]');
    expect(parsed).toEqual({ ok: true, value: ['820982911946154508', 450789469, { ids: ['866550311766439020'] }] });
  });
});

describe('parseJsonExact on hostile lines', () => {
  const MIB = 1024 * 1024;
  // Each of these once cost a regular expression time quadratic in its length.
  const hostile = {
    'escaped quotes': `{"a":"${'\\"'.repeat(MIB / 2)}`,
    'escaped quotes closed, then a long id': `{"a":"${'\\"'.repeat(MIB / 2 - 20)}","id":12345678901234567890}`,
    'a run of digits': `[${'9'.repeat(MIB)}]`,
    'quotes only': '"'.repeat(MIB),
    'long ids, one after another': `[${Array.from({ length: MIB / 21 }, () => '12345678901234567890').join(',')}]`,
  };

  it.each(Object.entries(hostile))('reads a 1 MiB line of %s within a second', (_, line) => {
    const started = performance.now();
    parseJsonExact(line);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still quotes every long id of a long line', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `${9007199254740993n + BigInt(i)}`);
    const parsed = parseJsonExact(`{"note":"${'\\"'.repeat(5000)}","ids":[${ids.join(',')}]}`);
    expect(parsed).toEqual({ ok: true, value: { note: '"'.repeat(5000), ids } });
  });

  it('does not turn a number in a key place into a key', () => {
    expect(parseJsonExact('{12345678901234567890: 1}').ok).toBe(false);
    expect(parseJsonExact('{"id": 012345678901234567890}').ok).toBe(false);
  });
});
