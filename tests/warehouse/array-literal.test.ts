import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { arrayLiteral, arrayParam } from '../../src/warehouse/array-literal';
import { query } from '../helpers/warehouse';

describe('Postgres array literals', () => {
  it('bring back every text exactly as written, null as null', async () => {
    const texts = ['WHITE METAL LANTERN, "BOXED"', 'C:\\exports\\2010', '', 'NULL', null, '{braces}', 'line\nbreak', ' padded ', 'Zürich – 東京 🛒'];

    const rows = await query<{ value: string | null }>(sql`select value from unnest(${arrayParam(texts, 'text')}) with ordinality as t(value, n) order by n`);

    expect(rows.map((r) => r.value)).toEqual(texts);
  });

  it('carry numbers, booleans and decimal strings into typed columns', async () => {
    const rows = await query<{ quantity: number; price: string; is_return: boolean }>(sql`
      select * from unnest(${arrayParam([6, -1, null], 'integer')}, ${arrayParam(['2.55', '0.001', '12345678901234.56'], 'numeric')},
        ${arrayParam([false, true, null], 'boolean')}) as t(quantity, price, is_return)`);

    expect(rows).toEqual([
      { quantity: 6, price: '2.55', is_return: false },
      { quantity: -1, price: '0.001', is_return: true },
      { quantity: null, price: '12345678901234.56', is_return: null },
    ]);
  });

  it('refuses a value it cannot write', () => {
    expect(() => arrayLiteral([{ id: 1 } as never])).toThrow(/cannot write a value of type object/);
  });
});
