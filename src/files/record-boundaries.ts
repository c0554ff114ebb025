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
}

export const CSV: RecordFormat = { quoted: true, header: true };
export const JSON_LINES: RecordFormat = { quoted: false, header: false };

const QUOTE = 0x22;
const NEWLINE = 0x0a;

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
  readonly chunks: Chunk[] = [];

  constructor(
    private readonly targetBytes: number,
    private readonly format: RecordFormat = CSV,
  ) {
    if (!format.header) this.headerEnd = 0;
  }

  /** Where the header record ends (the first data byte), once it has been seen. */
  get dataStart(): number | null {
    return this.headerEnd;
  }

  push(window: Uint8Array): void {
    for (let i = 0; i < window.length; i++) {
      const byte = window[i]!;
      // A doubled quote inside a quoted field toggles twice: the state comes out right.
      if (byte === QUOTE && this.format.quoted) this.inQuotes = !this.inQuotes;
      else if (byte === NEWLINE && !this.inQuotes) this.endRecord(this.offset + i + 1);
    }
    this.offset += window.length;
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

  private endRecord(end: number) {
    this.lastRecordEnd = end;
    if (this.headerEnd === null) {
      this.headerEnd = end;
      this.cutAt = end;
      return;
    }
    this.recordsSinceCut++;
    if (end - this.cutAt >= this.targetBytes) this.cut(end);
  }

  private cut(end: number) {
    this.chunks.push({ start: this.cutAt, end, firstRow: this.rowsBefore + 1, records: this.recordsSinceCut });
    this.rowsBefore += this.recordsSinceCut;
    this.recordsSinceCut = 0;
    this.cutAt = end;
  }
}
