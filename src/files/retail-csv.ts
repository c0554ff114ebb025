/**
 * Online-Retail-style sales exports: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,
 * UnitPrice,CustomerID,Country. Cleaning rules, each counted per job:
 * - a line identical to an earlier one in the file is a duplicate and dropped (by the loader);
 * - a cancellation (invoice "C…" or a negative quantity) is loaded as a return, not a sale;
 * - a zero or negative unit price is rejected: it is an adjustment, not a sale of goods;
 * - an unparseable quantity, price or date is rejected, naming the field;
 * - a missing customer is kept as a guest;
 * - line totals are computed by Postgres in numeric, exactly.
 * Dates are M/D/YYYY H:MM (UTC, as the export has no zone) or ISO 8601.
 */
import { dateKey } from '../domain/rows';
import type { CsvRecord } from './csv';

export const RETAIL_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

export interface SalesLine {
  rowNumber: number;
  raw: string;
  invoiceNo: string;
  stockCode: string;
  description: string | null;
  quantity: number;
  unitPrice: string;
  invoicedAt: string;
  invoiceDateKey: number;
  customerId: string | null;
  isGuest: boolean;
  country: string | null;
  isReturn: boolean;
}

export interface Reject {
  rowNumber: number;
  field: string;
  value: string | null;
  reason: string;
}

export type RowResult = { ok: true; line: SalesLine } | { ok: false; reject: Reject };

/** The header's problem, or null when it is the retail header (case and spacing aside). */
export function retailHeaderProblem(header: string[]): string | null {
  const normalised = header.map((h) => h.trim().toLowerCase());
  const missing = RETAIL_HEADER.filter((h, i) => normalised[i] !== h.toLowerCase());
  return missing.length ? `expected the header ${RETAIL_HEADER.join(',')}; differs at ${missing.join(', ')}` : null;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** The timestamp in ISO 8601, or null when it is not a real date and time. */
export function parseInvoiceDate(text: string): string | null {
  const us = US_DATE.exec(text.trim());
  if (us) {
    const [, month, day, year, hour, minute] = us.map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
    const real = date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
    return real ? date.toISOString() : null;
  }
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)) ? new Date(Date.parse(text)).toISOString() : null;
}

const reject = (rowNumber: number, field: string, value: string | null, reason: string): RowResult => ({
  ok: false,
  reject: { rowNumber, field, value, reason },
});

export function retailLine(record: CsvRecord, rowNumber: number): RowResult {
  const { fields } = record;
  if (fields.length !== RETAIL_HEADER.length) {
    return reject(rowNumber, '*', record.raw.slice(0, 200), `expected ${RETAIL_HEADER.length} fields, found ${fields.length}`);
  }
  const [invoiceNo, stockCode, description, quantityText, dateText, priceText, customer, country] = fields.map((f) => f.trim()) as [
    string, string, string, string, string, string, string, string,
  ];
  if (!invoiceNo) return reject(rowNumber, 'InvoiceNo', invoiceNo, 'missing invoice number');
  if (!stockCode) return reject(rowNumber, 'StockCode', stockCode, 'missing stock code');
  if (!INTEGER.test(quantityText) || Math.abs(Number(quantityText)) > 2_147_483_647 || Number(quantityText) === 0) {
    return reject(rowNumber, 'Quantity', quantityText, 'quantity is not a non-zero whole number');
  }
  const invoicedAt = parseInvoiceDate(dateText);
  if (!invoicedAt) return reject(rowNumber, 'InvoiceDate', dateText, 'not a date (M/D/YYYY H:MM or ISO 8601)');
  if (!DECIMAL.test(priceText)) return reject(rowNumber, 'UnitPrice', priceText, 'unit price is not a decimal number');
  if (Number(priceText) <= 0) return reject(rowNumber, 'UnitPrice', priceText, 'zero or negative unit price: an adjustment, not a sale');
  const quantity = Number(quantityText);
  return {
    ok: true,
    line: {
      rowNumber,
      raw: record.raw,
      invoiceNo,
      stockCode,
      description: description || null,
      quantity,
      unitPrice: priceText,
      invoicedAt,
      invoiceDateKey: dateKey(invoicedAt),
      customerId: customer || null,
      isGuest: !customer,
      country: country || null,
      isReturn: invoiceNo.startsWith('C') || quantity < 0,
    },
  };
}
