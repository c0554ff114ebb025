/**
 * Parquet files of warehouse rows, written with hyparquet-writer: one logical type per kind of
 * column, so that readers see decimals for money, 64-bit integers for Shopify ids, instants in UTC
 * and calendar days, not text. Rows arrive a row group at a time, so a file is never held as rows
 * whole, only as the encoded bytes of the groups written so far.
 */
import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';

/**
 * What a column holds, as the export reads it from Postgres: 64-bit integers and instants as
 * decimal text (neither fits a JavaScript number), decimals as Postgres's own text, days as days
 * since 1970-01-01, JSON as its text.
 */
export type ColumnKind = 'int64' | 'int32' | 'decimal' | 'timestamp' | 'date' | 'boolean' | 'double' | 'text' | 'json';

export interface FileColumn {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

/**
 * Money and every other Postgres numeric: DECIMAL(38, 6), 16 bytes. Six places hold every
 * currency's minor units and the marts' rounded ratios; 32 integer digits hold any total. A value
 * with more places is refused rather than rounded (decimalUnscaled).
 */
export const DECIMAL_PRECISION = 38;
export const DECIMAL_SCALE = 6;

export class UnrepresentableValue extends Error {
  override name = 'UnrepresentableValue';
}

function element({ name, kind, nullable }: FileColumn): SchemaElement {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (kind) {
    // Plain physical types, which are signed: hyparquet-writer 0.17.0 writes the INTEGER logical
    // type's bit width in a form readers refuse (DuckDB: "TProtocolException: Invalid data").
    case 'int64':
      return { name, repetition_type, type: 'INT64' };
    case 'int32':
      return { name, repetition_type, type: 'INT32' };
    case 'decimal':
      return {
        name,
        repetition_type,
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: 16,
        converted_type: 'DECIMAL',
        precision: DECIMAL_PRECISION,
        scale: DECIMAL_SCALE,
        logical_type: { type: 'DECIMAL', precision: DECIMAL_PRECISION, scale: DECIMAL_SCALE },
      };
    case 'timestamp':
      return {
        name,
        repetition_type,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      };
    case 'date':
      return { name, repetition_type, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'boolean':
      return { name, repetition_type, type: 'BOOLEAN' };
    case 'double':
      return { name, repetition_type, type: 'DOUBLE' };
    case 'text':
      return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'json':
      return { name, repetition_type, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } };
  }
}

/** The Parquet schema of a file of these columns, as its footer and a run's manifest state it. */
export function parquetSchema(columns: readonly FileColumn[]): SchemaElement[] {
  return [{ name: 'schema', num_children: columns.length }, ...columns.map(element)];
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;
const DECIMAL_MAX = 10n ** BigInt(DECIMAL_PRECISION) - 1n;

/** A Postgres numeric's text as the unscaled integer of DECIMAL(38, 6): exact, or an error naming why. */
export function decimalUnscaled(text: string): bigint {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) throw new UnrepresentableValue(`not a finite decimal: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const places = fraction.replace(/0+$/, '');
  if (places.length > DECIMAL_SCALE) throw new UnrepresentableValue(`${text} has more than ${DECIMAL_SCALE} decimal places`);
  const unscaled = BigInt(`${whole}${places.padEnd(DECIMAL_SCALE, '0')}`);
  if (unscaled > DECIMAL_MAX) throw new UnrepresentableValue(`${text} exceeds ${DECIMAL_PRECISION} digits`);
  return sign ? -unscaled : unscaled;
}

/** A value as read from Postgres (see ColumnKind). */
export type RawValue = string | number | boolean | null;

function converter(kind: ColumnKind): (value: NonNullable<RawValue>) => unknown {
  switch (kind) {
    case 'int64':
    case 'timestamp':
      return (value) => BigInt(value as string);
    case 'decimal':
      return (value) => decimalUnscaled(String(value));
    case 'int32':
    case 'date':
    case 'double':
      return (value) => Number(value);
    case 'boolean':
      return (value) => value === true || value === 't' || value === 'true';
    case 'text':
      return (value) => String(value);
    case 'json':
      return (value) => JSON.parse(String(value));
  }
}

export interface WrittenFile {
  bytes: Uint8Array;
  rows: number;
  rowGroups: number;
}

/**
 * A Parquet file being written, one row group per `addRowGroup`: rows are converted column by
 * column and encoded at once, so only the file's bytes stay in memory between groups.
 */
export class ParquetFileWriter {
  private readonly writer = new ByteWriter();
  private readonly parquet: ParquetWriter;
  private readonly convert: ((value: NonNullable<RawValue>) => unknown)[];
  private rows = 0;
  private rowGroups = 0;

  constructor(
    private readonly columns: readonly FileColumn[],
    metadata: Record<string, string> = {},
  ) {
    this.convert = columns.map((c) => converter(c.kind));
    this.parquet = new ParquetWriter({
      writer: this.writer,
      schema: parquetSchema(columns),
      kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
      createdBy: 'wharf',
    });
  }

  /** Rows keyed by column name, written as one row group. */
  addRowGroup(rows: readonly Record<string, RawValue>[]): void {
    if (rows.length === 0) return;
    const columnData = this.columns.map((column, i) => {
      const convert = this.convert[i]!;
      const data = rows.map((row) => {
        const value = row[column.name];
        if (value === null || value === undefined) {
          if (!column.nullable) throw new UnrepresentableValue(`${column.name} is null in a column declared not null`);
          return null;
        }
        try {
          return convert(value);
        } catch (error) {
          throw error instanceof UnrepresentableValue ? new UnrepresentableValue(`${column.name}: ${error.message}`) : error;
        }
      });
      return { name: column.name, data };
    });
    // One call, one group: the writer splits by rowGroupSize, so it is the group's own size.
    this.parquet.write({ columnData, rowGroupSize: rows.length });
    this.rows += rows.length;
    this.rowGroups += 1;
  }

  finish(): WrittenFile {
    this.parquet.finish();
    return { bytes: this.writer.getBytes(), rows: this.rows, rowGroups: this.rowGroups };
  }
}
