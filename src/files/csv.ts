/**
 * CSV records from a chunk of bytes, with csv-parse (quoted fields with commas, doubled quotes
 * and newlines; CRLF or LF; a UTF-8 byte order mark). Each record keeps its raw text, which
 * identifies exact duplicate lines.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  fields: string[];
  raw: string;
}

export function parseCsv(text: string): CsvRecord[] {
  // With `raw`, csv-parse returns { record, raw } pairs; its typings only describe plain records.
  const records = parse(text, {
    bom: true,
    raw: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; raw: string }[];
  return records.map(({ record, raw }) => ({ fields: record, raw: raw.replace(/\r?\n$/, '') }));
}

/** One CSV field as written: quoted (quotes doubled) when it holds a comma, quote or newline. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The index of the first cell holding a NUL character; -1 when none does. */
export const nulCell = (fields: readonly string[]) => fields.findIndex((field) => field.includes('\u0000'));

/** A header name as files vary it: case and spacing aside. */
export const headerKey = (header: string) => header.toLowerCase().replace(/\s+/g, '');

/** The first columns of a header, each cut short, for a reason that says what the file has instead. */
export function headerSample(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name));
  return `${shown.join(', ')}${header.length > 12 ? ', …' : ''}`;
}

/** A column found in a header. */
export interface Column {
  index: number;
  /** As the file writes it, for rejects. */
  header: string;
}
