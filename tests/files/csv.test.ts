import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/files/csv';

describe('parseCsv on records csv-parse cannot read', () => {
  it('keeps a last record whose quote is never closed, marked malformed, after the records before it', () => {
    const records = parseCsv('536365,MUG,6\n536366,"LANTERN,2\n536367,CUP,1\n');

    expect(records.map((r) => r.fields)).toEqual([['536365', 'MUG', '6'], []]);
    expect(records[1]?.malformed).toMatch(/Quote Not Closed/);
  });
});

/** csv-parse with the options parseCsv reads a text by: the reference for its own reading of plain records. */
function csvParseRecords(text: string) {
  const records: { fields: string[]; raw: string; malformed?: string }[] = [];
  const withoutLineEnd = (raw: string) => raw.replace(/\r?\n$/, '');
  parse(text, {
    bom: true,
    raw: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (({ record, raw }: { record: string[]; raw: string }) => {
      records.push({ fields: record, raw: withoutLineEnd(raw) });
      return null;
    }) as unknown as (record: string[]) => null,
    on_skip: (error, raw) => {
      records.push({ fields: [], raw: withoutLineEnd(raw ?? ''), malformed: error?.message ?? 'unreadable CSV' });
    },
  });
  return records;
}

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
