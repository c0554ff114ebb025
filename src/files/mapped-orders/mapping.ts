/**
 * A declared column mapping: how one channel's export of order lines (a marketplace, a POS, a
 * 3PL) reads as sales lines. CSV columns are found by name, case and spacing aside; in JSON Lines
 * each line is one order line and a field is a dotted path into it. Mappings are immutable once
 * stored, so that a job always refers to exactly the mapping it was loaded with.
 */
import { z } from 'zod';
import { hasNul, NUL_MESSAGE } from '../../warehouse/storable-text';
import type { SalesField, SalesLineRules } from '../sales-line';
import { DATE_FORMATS, isTimeZone } from '../timestamps';

const CHANNEL = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// Dotted keys, no wildcards or indexes: one JSON object per line is one order line.
const JSON_PATH = /^[^.\s*[\]]+(\.[^.\s*[\]]+)*$/;

/** Text the mapping stores: no NUL character, which Postgres cannot hold. */
const storable = (text: z.ZodString) => text.refine((value) => !hasNul(value), NUL_MESSAGE);

const where = storable(z.string().trim().min(1, 'expected a column name or JSON path').max(200));

const fieldShape = {
  order_id: where.describe('Recorded as invoice_no'),
  sku: where.describe('Recorded as stock_code'),
  quantity: where.describe('A non-zero whole number; negative is a return when returns is negative-quantity'),
  unit_price: where.describe('A positive decimal'),
  ordered_at: where.describe('Recorded as invoiced_at, read with date_format'),
  description: where.optional(),
  customer_id: where.optional().describe('A blank or absent value is a guest'),
  country: where.optional(),
  currency: where.optional().describe('A three-letter currency code'),
  line_total: where.optional().describe('When present, checked against quantity × unit_price (within 0.01), never stored: Postgres computes line_total'),
} satisfies Record<SalesField, z.ZodType>;

export const mappingShape = {
  format: z.enum(['csv', 'jsonl']).describe('csv: a header row names the columns. jsonl: one JSON object per line, one order line each'),
  channel: z
    .string()
    .regex(CHANNEL, "expected a source name of lowercase letters, digits, '.', '_' or '-', e.g. amazon")
    .describe('The source_name recorded on every line (fact_sales_line.channel), e.g. amazon, ebay, pos-legacy'),
  fields: z
    .strictObject(fieldShape)
    .describe('Where each field is: a CSV column name (case and spacing aside) or, for jsonl, a dotted JSON path such as buyer.country'),
  date_format: z.enum(DATE_FORMATS).default('iso').describe('How ordered_at is written'),
  timezone: z
    .string()
    .refine(isTimeZone, 'expected an IANA time zone, e.g. Europe/Berlin')
    .default('UTC')
    .describe('The zone of timestamps that name no offset'),
  decimal_separator: z.enum(['.', ',']).default('.').describe('Of unit_price and line_total; no thousands separators'),
  returns: z
    .enum(['negative-quantity', 'none'])
    .default('negative-quantity')
    .describe('negative-quantity: a negative quantity is a return. none: it is rejected'),
};

function pathsWhereJson(mapping: { format: 'csv' | 'jsonl'; fields: Partial<Record<SalesField, string>> }, ctx: z.RefinementCtx) {
  if (mapping.format !== 'jsonl') return;
  for (const [field, path] of Object.entries(mapping.fields)) {
    if (path !== undefined && !JSON_PATH.test(path)) {
      ctx.addIssue({ code: 'custom', path: ['fields', field], message: 'expected a dotted JSON path, e.g. buyer.country (no wildcards, indexes or spaces)' });
    }
  }
}

export const mappingDefinition = z.strictObject(mappingShape).superRefine(pathsWhereJson);

export const newMapping = z
  .strictObject({ name: storable(z.string().trim().min(1).max(100)).describe('Unique in the shop'), ...mappingShape })
  .superRefine(pathsWhereJson);

export type MappingDefinition = z.infer<typeof mappingDefinition>;
export type NewMapping = z.infer<typeof newMapping>;

export const rulesOf = (mapping: MappingDefinition): SalesLineRules => ({
  dateFormats: [mapping.date_format],
  timeZone: mapping.timezone,
  decimalSeparator: mapping.decimal_separator,
  returns: mapping.returns,
  channel: mapping.channel,
});
