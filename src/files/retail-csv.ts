/**
 * Online-Retail-style sales exports: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,
 * UnitPrice,CustomerID,Country, read by position with the sales lines' cleaning rules
 * (sales-line.ts). Dates are M/D/YYYY H:MM (UTC, as the export has no zone) or ISO 8601. The
 * export marks a cancelled invoice with a leading C: it is a return whatever its quantity.
 */
import { type CsvRecord, malformedReason, nulCell } from './csv';
import { NUL_REASON } from './rejects';
import { type SalesField, type SalesLineResult, salesLineReader } from './sales-line';

/** The export's columns in file order, by the sales field each holds. */
const RETAIL_COLUMNS = [
  ['order_id', 'InvoiceNo'],
  ['sku', 'StockCode'],
  ['description', 'Description'],
  ['quantity', 'Quantity'],
  ['ordered_at', 'InvoiceDate'],
  ['unit_price', 'UnitPrice'],
  ['customer_id', 'CustomerID'],
  ['country', 'Country'],
] as const satisfies readonly (readonly [SalesField, string])[];

export const RETAIL_HEADER = RETAIL_COLUMNS.map(([, header]) => header);

const HEADER_OF: Partial<Record<SalesField, string>> = Object.fromEntries(RETAIL_COLUMNS);
const columnOf = (field: SalesField) => HEADER_OF[field] ?? field;

const readRetailLine = salesLineReader({
  dateFormats: ['M/D/YYYY H:MM', 'iso'],
  timeZone: 'UTC',
  decimalSeparator: '.',
  returns: 'negative-quantity',
  channel: null,
});

/** The header's problem, or null when it is the retail header (case and spacing aside). */
export function retailHeaderProblem(header: string[]): string | null {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const missing = RETAIL_HEADER.filter((h, i) => normalised[i] !== h.toLowerCase());
  return missing.length ? `expected the header ${RETAIL_HEADER.join(',')}; differs at ${missing.join(', ')}` : null;
}

export function retailLine(record: CsvRecord, rowNumber: number): SalesLineResult {
  const { fields } = record;
  const malformed = malformedReason(record);
  if (malformed) return { ok: false, reject: { rowNumber, field: '*', value: record.raw.slice(0, 200), reason: malformed } };
  if (fields.length !== RETAIL_HEADER.length) {
    return {
      ok: false,
      reject: { rowNumber, field: '*', value: record.raw.slice(0, 200), reason: `expected ${RETAIL_HEADER.length} fields, found ${fields.length}` },
    };
  }
  const nul = nulCell(fields);
  if (nul >= 0) return { ok: false, reject: { rowNumber, field: RETAIL_HEADER[nul]!, value: fields[nul]!.slice(0, 200), reason: NUL_REASON } };
  const [orderId, sku, description, quantity, orderedAt, unitPrice, customerId, country] = fields.map((f) => f.trim()) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const cells = { order_id: orderId, sku, description, quantity, ordered_at: orderedAt, unit_price: unitPrice, customer_id: customerId, country };
  const result = readRetailLine(cells, rowNumber, columnOf);
  return result.ok && result.line.invoiceNo.startsWith('C') ? { ok: true, line: { ...result.line, isReturn: true } } : result;
}
