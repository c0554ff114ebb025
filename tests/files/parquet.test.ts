/** Postgres numerics as DECIMAL(38, 6): exact, or refused with the reason, never rounded. */
import { describe, expect, it } from 'vitest';
import { decimalUnscaled, UnrepresentableValue } from '../../src/files/parquet';

describe('a numeric as DECIMAL(38, 6)', () => {
  it('scales money to millionths exactly', () => {
    expect(decimalUnscaled('19.99')).toBe(19_990_000n);
    expect(decimalUnscaled('-0.000001')).toBe(-1n);
    expect(decimalUnscaled('474')).toBe(474_000_000n);
    // Trailing zeros beyond six places say nothing more.
    expect(decimalUnscaled('2.5000000000')).toBe(2_500_000n);
  });

  it('holds 32 integer digits, the most a total can have', () => {
    expect(decimalUnscaled('99999999999999999999999999999999.999999')).toBe(10n ** 38n - 1n);
  });

  it('refuses a value it would have to round, or cannot hold', () => {
    expect(() => decimalUnscaled('1.0000001')).toThrow(new UnrepresentableValue('1.0000001 has more than 6 decimal places'));
    expect(() => decimalUnscaled('100000000000000000000000000000000')).toThrow(UnrepresentableValue);
    expect(() => decimalUnscaled('NaN')).toThrow(new UnrepresentableValue('not a finite decimal: NaN'));
  });
});
