import { describe, expect, it } from 'vitest';
import { csvParseRecords, parseCsv } from '../../src/files/csv';

describe('parseCsv on records csv-parse cannot read', () => {
  it('keeps a last record whose quote is never closed, marked malformed, after the records before it', () => {
    const records = parseCsv('536365,MUG,6\n536366,"LANTERN,2\n536367,CUP,1\n');

    expect(records.map((r) => r.fields)).toEqual([['536365', 'MUG', '6'], []]);
    expect(records[1]?.malformed).toMatch(/Quote Not Closed/);
  });
});

describe('parseCsv on plain records', () => {
  it('reads unquoted and wholly quoted fields, doubled quotes and quoted newlines', () => {
    expect(parseCsv('536365,MUG,6\n536366,"LANTERN, ""RED""\nLARGE",2\n"",x\n')).toEqual([
      { fields: ['536365', 'MUG', '6'], raw: '536365,MUG,6' },
      { fields: ['536366', 'LANTERN, "RED"\nLARGE', '2'], raw: '536366,"LANTERN, ""RED""\nLARGE",2' },
      { fields: ['', 'x'], raw: '"",x' },
    ]);
  });

  it('counts the line ends of empty lines before a record into its raw text', () => {
    expect(parseCsv('a,b\n\n\nc\n\n')).toEqual([
      { fields: ['a', 'b'], raw: 'a,b' },
      { fields: ['c'], raw: '\n\nc' },
    ]);
  });

  it('counts the lines of a malformed record’s message from the start of the text, plain records before it included', () => {
    // The quote opened on line 3 is still open where the text ends, on line 4.
    const [, , malformed] = parseCsv('a\nb\n"c\nd');
    expect(malformed?.malformed).toMatch(/opening quote at line 4$/);
  });

  it('reads any text exactly as csv-parse does', () => {
    // Texts built from the pieces where CSV readers differ: quotes, doubled quotes, commas, line ends, CR, BOM.
    const pieces = ['a', 'é', ' ', ',', '\n', '\n\n', '\r', '\r\n', '\uFEFF', '"', '""', ',"', '",', '\n"', '"\n'];
    let seed = 19;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      expect(parseCsv(text), JSON.stringify(text)).toEqual(csvParseRecords(text));
    }
  });
});
