/**
 * Finds where records end in a byte stream, so that a file can be cut into chunks that each hold
 * whole records. In CSV a newline inside a quoted field does not end a record, so quotes are
 * tracked across windows; in JSON Lines every newline ends one (JSON strings cannot hold a raw
 * newline). The file is read once, in ranges, with flat memory.
 */

export interface RecordFormat {
  /** Double quotes enclose fields that may hold newlines (CSV). */
  quoted: boolean;
  /** The first record is a header, not data. */
  header: boolean;
  /**
   * CSV only: records with the same value in this column (0-based) belong together, so a cut is
   * made only where the value changes. A record whose value is empty joins the group before it.
   */
  groupColumn?: number;
}

/**
 * The longest record (a CSV row, a JSON line) a file may hold: a Shopify webhook's largest body,
 * so that any resource a webhook can carry fits on one line. Beyond it the file is not read further.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** A record longer than the limit: its number (the header being 0) and where it starts. */
export interface OversizedRecord {
  row: number;
  start: number;
}

export const CSV: RecordFormat = { quoted: true, header: true };
export const JSON_LINES: RecordFormat = { quoted: false, header: false };

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

// Group keys (product handles) are short; comparing a longer one by its prefix only ever merges
// groups, which makes a chunk larger but never splits a group.
const MAX_KEY_BYTES = 1024;

/** A group key as the CSV parser reads the field: enclosing quotes removed, doubled quotes undone, trimmed. */
function groupKey(field: string): string {
  const trimmed = field.trim();
  const unquoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replaceAll('""', '"') : trimmed;
  return unquoted.trim();
}

export interface Chunk {
  /** Byte range [start, end) of whole records. */
  start: number;
  end: number;
  /** 1-based number of the chunk's first record, the header being record 0. */
  firstRow: number;
  records: number;
}

export class RecordBoundaryScanner {
  private inQuotes = false;
  private offset = 0;
  private recordsSinceCut = 0;
  private cutAt = 0;
  private lastRecordEnd = 0;
  private rowsBefore = 0;
  private headerEnd: number | null = null;
  private field = 0;
  private readonly key = new Uint8Array(MAX_KEY_BYTES);
  private keyLength = 0;
  private previousKey: string | null = null;
  private readonly decoder = new TextDecoder();
  readonly chunks: Chunk[] = [];
  /** The first record found longer than `maxRecordBytes`, if any: reading further is pointless. */
  oversized: OversizedRecord | null = null;

  constructor(
    private readonly targetBytes: number,
    private readonly format: RecordFormat = CSV,
    private readonly maxRecordBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!format.header) this.headerEnd = 0;
  }

  /** Where the header record ends (the first data byte), once it has been seen. */
  get dataStart(): number | null {
    return this.headerEnd;
  }

  push(window: Uint8Array): void {
    if (this.format.groupColumn === undefined) this.scan(window);
    else this.scanGrouped(window, this.format.groupColumn);
    this.offset += window.length;
    // A record still open at the end of the window counts too: an unclosed quote makes the rest of the file one record.
    if (this.offset - this.lastRecordEnd > this.maxRecordBytes) this.noteOversized(this.lastRecordEnd);
  }

  private noteOversized(start: number) {
    this.oversized ??= { row: this.headerEnd === null ? 0 : this.rowsBefore + this.recordsSinceCut + 1, start };
  }

  /** Closes the last chunk; a final record without a newline still counts. */
  finish(): Chunk[] {
    if (this.headerEnd === null) {
      if (this.offset > 0) this.headerEnd = this.offset;
      return this.chunks;
    }
    if (this.offset > this.lastRecordEnd) this.endRecord(this.offset);
    if (this.recordsSinceCut > 0) this.cut(this.offset);
    return this.chunks;
  }

  private scan(window: Uint8Array) {
    for (let i = 0; i < window.length; i++) {
      const byte = window[i]!;
      // A doubled quote inside a quoted field toggles twice: the state comes out right.
      if (byte === QUOTE && this.format.quoted) this.inQuotes = !this.inQuotes;
      else if (byte === NEWLINE && !this.inQuotes) this.endRecord(this.offset + i + 1);
    }
  }

  /** Like scan, also keeping the bytes of the group column of the record being read. */
  private scanGrouped(window: Uint8Array, column: number) {
    for (let i = 0; i < window.length; i++) {
      const byte = window[i]!;
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && byte === NEWLINE) {
        this.endRecord(this.offset + i + 1);
        continue;
      } else if (!this.inQuotes && byte === COMMA) {
        this.field++;
        continue;
      }
      if (this.field === column && this.keyLength < MAX_KEY_BYTES) this.key[this.keyLength++] = byte;
    }
  }

  private endRecord(end: number) {
    const start = this.lastRecordEnd;
    if (end - start > this.maxRecordBytes) this.noteOversized(start);
    this.lastRecordEnd = end;
    const key = this.format.groupColumn === undefined ? null : this.takeKey();
    if (this.headerEnd === null) {
      this.headerEnd = end;
      this.cutAt = end;
      return;
    }
    if (key === null) {
      this.recordsSinceCut++;
      if (end - this.cutAt >= this.targetBytes) this.cut(end);
      return;
    }
    // Whether a record may start a new chunk is known only once its key is read: cut before it.
    if (key !== '' && this.previousKey !== null && key !== this.previousKey && start - this.cutAt >= this.targetBytes) this.cut(start);
    if (key !== '') this.previousKey = key;
    this.recordsSinceCut++;
  }

  private takeKey(): string {
    const key = groupKey(this.decoder.decode(this.key.subarray(0, this.keyLength)));
    this.keyLength = 0;
    this.field = 0;
    return key;
  }

  private cut(end: number) {
    this.chunks.push({ start: this.cutAt, end, firstRow: this.rowsBefore + 1, records: this.recordsSinceCut });
    this.rowsBefore += this.recordsSinceCut;
    this.recordsSinceCut = 0;
    this.cutAt = end;
  }
}
