/**
 * The cleaning rules of sales lines, whatever file they come from (the Online Retail export, or
 * another channel's order lines read through a mapping). Each row is validated by one zod schema;
 * the first failing field, in the order below, names the reject:
 * - a missing order number or SKU is rejected;
 * - an unparseable or zero quantity is rejected; a negative one is a return, unless the rules load
 *   no returns, when it is rejected;
 * - an unparseable date is rejected;
 * - an unparseable unit price is rejected, and a zero or negative one as an adjustment, not a sale;
 * - a line total, when the file gives one, must be quantity × unit price within 0.01;
 * - a currency, when the file gives one, must be a three-letter code;
 * - a missing customer is kept as a guest.
 * Exact duplicate lines are dropped by the loader; line totals are computed by Postgres in numeric.
 */
import { z } from 'zod';
import { differByMoreThan, timesWhole } from '../domain/money';
import type { Reject } from './rejects';
import { type DateFormat, dateFormatLabel, parseTimestamp } from './timestamps';

/** What a sales line is made of, as a mapping names the fields. */
const SALES_FIELDS = ['order_id', 'sku', 'quantity', 'ordered_at', 'unit_price', 'description', 'customer_id', 'country', 'currency', 'line_total'] as const;
export type SalesField = (typeof SALES_FIELDS)[number];

/** A row's cells by field: text, trimmed; a blank or absent cell is no value. */
export type SalesCells = Partial<Record<SalesField, string>>;

/** How a file writes its sales lines, and the channel they were sold on (null for the retail export). */
export interface SalesLineRules {
  /** Tried in order. */
  dateFormats: readonly DateFormat[];
  /** The zone of timestamps that name no offset. */
  timeZone: string;
  decimalSeparator: '.' | ',';
  returns: 'negative-quantity' | 'none';
  channel: string | null;
}

const INTEGER = /^-?\d+$/;
const DECIMAL = { '.': /^-?\d+(\.\d+)?$/, ',': /^-?\d+(,\d+)?$/ };
const MAX_QUANTITY = 2_147_483_647;
const LINE_TOTAL_TOLERANCE = '0.01';

function salesLineSchema(rules: SalesLineRules) {
  const decimalPattern = DECIMAL[rules.decimalSeparator];
  const decimalHint = rules.decimalSeparator === ',' ? ' with a decimal comma, e.g. 12,50' : '';
  const decimal = (text: string) => (decimalPattern.test(text) ? text.replace(',', '.') : null);
  const quantityProblem = 'quantity is not a non-zero whole number';
  const dateProblem = `not a date (${rules.dateFormats.map(dateFormatLabel).join(' or ')})`;
  return z
    .object({
      order_id: z.string({ error: 'missing invoice number' }).min(1, 'missing invoice number'),
      sku: z.string({ error: 'missing stock code' }).min(1, 'missing stock code'),
      quantity: z.string({ error: quantityProblem }).transform((text, ctx) => {
        const quantity = INTEGER.test(text) ? Number(text) : 0;
        const problem =
          quantity === 0 || Math.abs(quantity) > MAX_QUANTITY
            ? quantityProblem
            : quantity < 0 && rules.returns === 'none'
              ? 'negative quantity: these lines load no returns'
              : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        return quantity;
      }),
      ordered_at: z.string({ error: dateProblem }).transform((text, ctx) => {
        const timestamp = parseTimestamp(text, rules.dateFormats, rules.timeZone);
        if (!timestamp) ctx.addIssue({ code: 'custom', message: dateProblem });
        return timestamp ?? z.NEVER;
      }),
      unit_price: z.string({ error: 'missing unit price' }).transform((text, ctx) => {
        const price = decimal(text);
        if (price === null) ctx.addIssue({ code: 'custom', message: `unit price is not a decimal number${decimalHint}` });
        else if (Number(price) <= 0) ctx.addIssue({ code: 'custom', message: 'zero or negative unit price: an adjustment, not a sale' });
        return price ?? z.NEVER;
      }),
      description: z.string().optional(),
      customer_id: z.string().optional(),
      country: z.string().optional(),
      currency: z
        .string()
        .regex(/^([A-Za-z]{3})?$/, 'expected a three-letter currency code, e.g. EUR')
        .optional(),
      line_total: z
        .string()
        .transform((text, ctx) => {
          if (text === '') return undefined;
          const total = decimal(text);
          if (total === null) ctx.addIssue({ code: 'custom', message: `line total is not a decimal number${decimalHint}` });
          return total ?? z.NEVER;
        })
        .optional(),
    })
    .superRefine((line, ctx) => {
      if (line.line_total === undefined) return;
      const computed = timesWhole(line.unit_price, line.quantity);
      if (differByMoreThan(line.line_total, computed, LINE_TOTAL_TOLERANCE)) {
        ctx.addIssue({
          code: 'custom',
          path: ['line_total'],
          message: `line total differs from quantity × unit price (${computed}) by more than ${LINE_TOTAL_TOLERANCE}`,
        });
      }
    })
    .transform((line) => ({
      invoiceNo: line.order_id,
      stockCode: line.sku,
      description: line.description || null,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      invoicedAt: line.ordered_at.instant,
      invoiceDateKey: line.ordered_at.dateKey,
      customerId: line.customer_id || null,
      isGuest: !line.customer_id,
      country: line.country || null,
      currency: line.currency?.toUpperCase() || null,
      isReturn: line.quantity < 0,
      channel: rules.channel,
    }));
}

export type SalesLine = z.output<ReturnType<typeof salesLineSchema>> & { rowNumber: number };

export type SalesLineResult = { ok: true; line: SalesLine } | { ok: false; reject: Reject };

/** Reads rows by the rules; `columnOf` names a field as the file does, for rejects. */
export function salesLineReader(rules: SalesLineRules) {
  const schema = salesLineSchema(rules);
  return (cells: SalesCells, rowNumber: number, columnOf: (field: SalesField) => string): SalesLineResult => {
    const parsed = schema.safeParse(cells);
    if (parsed.success) return { ok: true, line: { ...parsed.data, rowNumber } };
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] as SalesField;
    return { ok: false, reject: { rowNumber, field: columnOf(field), value: cells[field] ?? null, reason: issue.message } };
  };
}
