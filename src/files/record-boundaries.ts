/**
 * Finds where CSV records end in a byte stream, so that a file can be cut into chunks that each
 * hold whole records. A newline inside a quoted field does not end a record; quotes are tracked
 * across windows, so the file is read once, in ranges, with flat memory.
 */

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

  constructor(private readonly targetBytes: number) {}

  /** Where the header record ends (the first data byte), once it has been seen. */
  get dataStart(): number | null {
    return this.headerEnd;
  }

  push(window: Uint8Array): void {
    for (let i = 0; i < window.length; i++) {
      const byte = window[i]!;
      // A doubled quote inside a quoted field toggles twice: the state comes out right.
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
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
