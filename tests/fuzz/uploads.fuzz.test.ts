/**
 * Hostile files in every upload format, generated from a seed: each is refused with a 4xx
 * problem+json, or accepted and its job ends, `done` with every rejected row explained or `failed`
 * with the reason, within a bounded time. None stays queued, splitting or loading.
 */
import { describe, expect, it } from 'vitest';
import amazonCsv from '../../samples/uploads/amazon-orders.csv?raw';
import posJsonl from '../../samples/uploads/pos-legacy-orders.jsonl?raw';
import productsCsv from '../../samples/uploads/shopify-products-legacy.csv?raw';
import { dataTopics } from '../../src/domain/topics';
import { apiJson, apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { AMAZON, declareMapping, finishedJob, type JobView, POS, rejectsOf } from '../helpers/uploads';
import { uniqueShop } from '../helpers/webhooks';
import { HOSTILE_TEXTS, type Random, seeded } from './generate';

const random = seeded(0x5eed_0003);
const MIB = 1024 * 1024;
// A job of a few kilobytes to a megabyte runs through the local queues in about a second.
const JOB_ENDS_WITHIN_MS = 30_000;

type Format = 'retail-csv' | 'shopify-jsonl' | 'shopify-products-csv' | 'mapped-orders-csv' | 'mapped-orders-jsonl';

interface Upload {
  name: string;
  format: Format;
  body: string | Uint8Array;
}

const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const retailRow = (r: Random) =>
  [
    `5${r.int(10000, 99999)}`,
    r.word(5).toUpperCase(),
    r.word(12),
    r.int(1, 20),
    `12/${r.int(1, 28)}/2010 ${r.int(0, 23)}:${String(r.int(0, 59)).padStart(2, '0')}`,
    `${r.int(0, 20)}.${r.int(10, 99)}`,
    r.int(12000, 18000),
    'United Kingdom',
  ].join(',');
const rows = (r: Random, count: number, row: (r: Random) => string) => Array.from({ length: count }, () => row(r));
const oneLine = (name: string) => sample(name).replace(/\n\s*/g, '');
const orderLine = oneLine('orders-create');
const [amazonHeader, ...amazonRows] = amazonCsv.trim().split('\n') as [string, ...string[]];
const posLines = posJsonl.trim().split('\n');

/** Cells and lines that hurt parsers and databases, each as one row of the given format. */
const HOSTILE_ROWS: Record<Format, ((r: Random) => string)[]> = {
  'retail-csv': [
    (r) => retailRow(r).replace('United Kingdom', r.pick(HOSTILE_TEXTS)),
    (r) => retailRow(r).replace(/,\d+,12\//, ',1e309,12/'),
    (r) => retailRow(r).replace(/12\/\d+\/2010/, '1/1/0000'),
    (r) => retailRow(r).replace(/,(\d+)\.(\d+),/, ',NaN,'),
    () => ',,,,,,,',
    (r) => `${retailRow(r)},extra,fields`,
    (r) => `"${'""'.repeat(r.int(1000, 5000))}",x`,
  ],
  'shopify-jsonl': [
    (r) => orderLine.slice(0, r.int(10, orderLine.length - 5)),
    () => orderLine.replace('"note": null', '"note": "\\u0000"'),
    () => `{"note":"${'\\"'.repeat(20_000)}`,
    () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    () => '"a string, not a resource"',
    () => orderLine.replace(/"id": \d+/, '"id": "not-an-id"'),
    () => orderLine.replace(/"updated_at": "[^"]+"/, '"updated_at": "yesterday"'),
  ],
  'shopify-products-csv': [
    (r) =>
      `tee-${r.word(4)},Tee,<p>x</p>,Acme,,Shirts,,TRUE,Size,S,,,,,SKU,100,shopify,1,deny,manual,${r.pick(['free', '1e400', '-', 'NaN'])},,TRUE,TRUE,,,,,,,,,,,,,,,,,,active`,
    (r) => `tee-${r.word(4)},Tee${r.pick(HOSTILE_TEXTS)}`,
    () => ',,,,,',
    (r) => `"${r.word(10)}`,
  ],
  'mapped-orders-csv': [
    (r) => amazonRows[0]!.replace(/,US$/, `,${r.pick(HOSTILE_TEXTS)}`),
    (r) => amazonRows[0]!.replace('2025-03-01T09:14:22+00:00', r.pick(['0000-01-01T00:00:00Z', '2025-02-30T00:00:00Z', 'soon'])),
    () => amazonRows[0]!.replace(',1,USD,24.99,', ',1e999,USD,24.99,'),
    () => 'a,b',
  ],
  'mapped-orders-jsonl': [
    () => posLines[0]!.replace('"qty":2', '"qty":{"constructor":1}'),
    () => posLines[0]!.replace('"R-2025-10042"', '"R-\\u0000"'),
    () => posLines[0]!.replace('"2025-03-01 10:15:00"', '"0000-01-01 00:00:00"'),
    () => posLines[0]!.slice(0, 40),
    () => '[]',
  ],
};

const HEADERS: Record<Format, string> = {
  'retail-csv': RETAIL_HEADER,
  'shopify-jsonl': '',
  'shopify-products-csv': productsCsv.split('\n')[0]!,
  'mapped-orders-csv': amazonHeader,
  'mapped-orders-jsonl': '',
};

const withHeader = (format: Format, lines: readonly string[]) => (HEADERS[format] ? [HEADERS[format], ...lines] : lines).join('\n');

/** Whole files that are wrong as a whole, whatever the format. */
function wholeFiles(r: Random, format: Format): Upload[] {
  const csv = HEADERS[format] !== '';
  const garbage = new Uint8Array(Array.from({ length: 4096 }, () => r.int(0, 255)));
  const files: Upload[] = [
    { name: 'binary garbage', format, body: garbage },
    { name: 'a line longer than 1 MiB', format, body: withHeader(format, [`${'x'.repeat(MIB + 10)}`]) },
    { name: 'bytes that are not UTF-8', format, body: new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]) },
    { name: 'only blank lines', format, body: '\n\r\n\n' },
  ];
  if (csv) {
    files.push(
      { name: 'a header of 2,000 columns', format, body: `${Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',')}\n1,2\n` },
      { name: 'a 1 MiB header of one name repeated', format, body: `${Array.from({ length: MIB / 4 }, () => 'sku').join(',')}\n1\n` },
      { name: 'a header with a NUL', format, body: `${HEADERS[format].replace(',', ',\u0000')}\n` },
      { name: 'an unclosed quote in the header', format, body: `"${HEADERS[format]}\n${'x,'.repeat(10)}\n` },
    );
  }
  return files;
}

function uploadsFor(r: Random, format: Format): Upload[] {
  const uploads = wholeFiles(r, format);
  const valid = (count: number) =>
    format === 'retail-csv'
      ? rows(r, count, retailRow)
      : format === 'mapped-orders-csv'
        ? amazonRows.slice(0, count)
        : format === 'mapped-orders-jsonl'
          ? posLines.slice(0, count)
          : [];
  for (const [i, hostile] of HOSTILE_ROWS[format].entries()) {
    // The hostile row among valid ones, at a place drawn from the seed.
    const lines = valid(r.int(0, 3));
    lines.splice(r.int(0, lines.length), 0, hostile(r));
    uploads.push({ name: `hostile row ${i + 1}`, format, body: withHeader(format, lines) });
  }
  return uploads;
}

const FORMATS: Format[] = ['retail-csv', 'shopify-jsonl', 'shopify-products-csv', 'mapped-orders-csv', 'mapped-orders-jsonl'];
const uploads = FORMATS.flatMap((format) => uploadsFor(random, format));

/** A fresh key per upload (each key has its own rate limit), with the file's mapping declared where it needs one. */
async function target(format: Format): Promise<{ key: string; query: string }> {
  const key = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
  if (format === 'mapped-orders-csv' || format === 'mapped-orders-jsonl') {
    const mapping = await declareMapping(key, format === 'mapped-orders-csv' ? AMAZON : POS);
    return { key, query: `source=mapped-orders&mapping=${mapping.body.id}` };
  }
  if (format === 'shopify-jsonl')
    return {
      key,
      query: `source=shopify-jsonl&topic=${encodeURIComponent(random.pick(dataTopics.filter((t) => t.startsWith('orders/') && t !== 'orders/delete' && t !== 'orders/edited')))}`,
    };
  return { key, query: `source=${format}` };
}

describe('fuzzed uploads', () => {
  it('cover every format with at least 40 files', () => {
    expect(new Set(uploads.map((u) => u.format))).toEqual(new Set(FORMATS));
    expect(uploads.length).toBeGreaterThanOrEqual(40);
  });

  it.each(uploads.map((u) => [`${u.format}: ${u.name}`, u] as const))('%s: refused, or its job ends with reasons', { timeout: 60_000 }, async (_, file) => {
    const { key, query } = await target(file.format);
    const started = Date.now();
    const answer = await apiJson<JobView & { detail?: string }>(`/v1/uploads?${query}`, key, {
      method: 'POST',
      body: file.body,
      headers: { 'content-type': 'text/csv' },
    });

    if (answer.status !== 202) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.contentType).toBe('application/problem+json');
      return;
    }
    const job = await finishedJob(key, answer.body.id);
    expect(Date.now() - started).toBeLessThan(JOB_ENDS_WITHIN_MS);
    if (job.status === 'failed') {
      expect(job.error).toMatch(/\S/);
      return;
    }
    expect(job).toMatchObject({ status: 'done', rows: { balanced: true } });
    const rejects = await rejectsOf(key, job.id);
    expect(rejects).toHaveLength(job.rows.rejected);
    for (const reject of rejects) expect(reject.reason).toMatch(/\S/);
  });
});
