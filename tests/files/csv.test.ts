import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/files/csv';

describe('parseCsv on records csv-parse cannot read', () => {
  it('keeps a last record whose quote is never closed, marked malformed, after the records before it', () => {
    const records = parseCsv('536365,MUG,6\n536366,"LANTERN,2\n536367,CUP,1\n');

    expect(records.map((r) => r.fields)).toEqual([['536365', 'MUG', '6'], []]);
    expect(records[1]?.malformed).toMatch(/Quote Not Closed/);
  });
});
