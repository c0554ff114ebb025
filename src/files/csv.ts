/**
 * CSV records from a chunk of bytes, as csv-parse reads them (quoted fields with commas, doubled
 * quotes and newlines; CRLF or LF; a UTF-8 byte order mark). Records written the plain way are
 * read here directly, a dozen times faster (parseCsv). Each record keeps its raw text, which
 * identifies exact duplicate lines. A record csv-parse cannot read (a quote not closed by the end
 * of the text, a closing quote followed by more text) stays in its place, marked malformed, so
 * that it is rejected as a row instead of failing every record around it.
 */
import { parse } from 'csv-parse/sync';
import { hasNul } from '../warehouse/storable-text';

export interface CsvRecord {
  fields: string[];
  raw: string;
  /** Why csv-parse could not read the record; its fields are then empty. */
  malformed?: string;
}

const withoutLineEnd = (raw: string) => raw.replace(/\r?\n$/, '');

/**
 * csv-parse's records of `text`, after `records`; its messages count lines from `text`'s start,
 * plus `linesBefore`. What parseCsv reads, and how it reads plain records too.
 */
export function csvParseRecords(text: string, records: CsvRecord[] = [], linesBefore = 0): CsvRecord[] {
  const atLine = (message: string) => (linesBefore ? message.replace(/ at line (\d+)/g, (_, line) => ` at line ${Number(line) + linesBefore}`) : message);
  parse(text, {
    bom: true,
    raw: true,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // With `raw`, each record comes as { record, raw }; its typings only describe plain records.
    on_record: (({ record, raw }: { record: string[]; raw: string }) => {
      records.push({ fields: record, raw: withoutLineEnd(raw) });
      return null;
    }) as unknown as (record: string[]) => null,
    on_skip: (error, raw) => {
      records.push({ fields: [], raw: withoutLineEnd(raw ?? ''), malformed: error ? atLine(error.message) : 'unreadable CSV' });
    },
  });
  return records;
}

/**
 * The fields of the record from `start`, when it is written the plain way: each field either
 * holds no quote, or is wholly quoted (inner quotes doubled) and followed by a comma or the
 * record's end. Null for anything else, which csv-parse reads instead.
 */
function plainRecord(text: string, start: number): { fields: string[]; end: number } | null {
  const fields: string[] = [];
  let at = start;
  for (;;) {
    if (text.charCodeAt(at) === QUOTE) {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return null;
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) !== QUOTE) {
          at = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      fields.push(value);
    } else {
      let end = at;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === COMMA || c === NEWLINE) break;
        if (c === QUOTE) return null;
        end++;
      }
      fields.push(text.slice(at, end));
      at = end;
    }
    if (at >= text.length || text.charCodeAt(at) === NEWLINE) return { fields, end: at };
    if (text.charCodeAt(at) !== COMMA) return null;
    at++;
  }
}

function lineCount(text: string, end: number): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;

/**
 * The records of a text, as csv-parse reads them. Records written the plain way (plainRecord) are
 * read here, several times faster; from the first that is not, csv-parse reads the rest. Texts with
 * a carriage return or a byte order mark go to csv-parse whole. A record's raw text starts after the
 * previous record's line end: the line ends of empty lines before it are part of it, as csv-parse
 * counts them.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  if (text.includes('\r') || text.includes('\uFEFF')) return csvParseRecords(text, records);
  let start = 0;
  let raw = 0;
  while (start < text.length) {
    if (text.charCodeAt(start) === NEWLINE) {
      start++;
      continue;
    }
    const record = plainRecord(text, start);
    if (!record) return csvParseRecords(text.slice(raw), records, lineCount(text, raw));
    records.push({ fields: record.fields, raw: text.slice(raw, record.end) });
    start = record.end + 1;
    raw = start;
  }
  return records;
}

/** Why a record is no row at all (malformed CSV), or null; a reader rejects such a record before reading its fields. */
export const malformedReason = (record: CsvRecord): string | null => (record.malformed ? `malformed CSV: ${record.malformed}` : null);

/** One CSV field as written: quoted (quotes doubled) when it holds a comma, quote or newline. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

type CsvRow = Readonly<Record<string, string | number | null>>;

/** Each row's values in the order of `columns`, a line each. */
export const csvLines = (columns: readonly string[], rows: readonly CsvRow[]) =>
  rows.map((row) => `${columns.map((column) => csvField(row[column] ?? null)).join(',')}\n`).join('');

/**
 * A CSV file streamed a page of rows at a time, in flat memory however many pages follow; `close`
 * runs once the last page is written, the reader gives up, or a page fails.
 */
export function csvStream(columns: readonly string[], pages: AsyncGenerator<readonly CsvRow[]>, close: () => Promise<void>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`${columns.join(',')}\n`));
        return;
      }
      try {
        const page = await pages.next();
        if (page.done) {
          controller.close();
          await close();
        } else controller.enqueue(encoder.encode(csvLines(columns, page.value)));
      } catch (error) {
        controller.error(error);
        await close();
      }
    },
    async cancel() {
      await pages.return(undefined);
      await close();
    },
  });
}

/** The index of the first cell holding a NUL character; -1 when none does. */
export const nulCell = (fields: readonly string[]) => fields.findIndex(hasNul);

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
