/**
 * Files made to hurt: a NUL byte where Postgres text cannot hold one, lines and headers too long
 * or too wide to be worth reading, garbage where a header should be. Each ends its job, `done` with
 * the row rejected and explained or `failed` with the reason, and never jams the pipeline.
 */
import { describe, expect, it } from 'vitest';
import amazonCsv from '../../samples/uploads/amazon-orders.csv?raw';
import posJsonl from '../../samples/uploads/pos-legacy-orders.jsonl?raw';
import legacyProducts from '../../samples/uploads/shopify-products-legacy.csv?raw';
import { apiJson, apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { AMAZON, declareMapping, finishedJob, type JobView, POS, rejectsOf, upload, uploadMapped } from '../helpers/uploads';
import { uniqueShop } from '../helpers/webhooks';

const NUL = '\u0000';
const MIB = 1024 * 1024;
const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const retailRow = (invoice: string, description = 'WHITE HANGING HEART T-LIGHT HOLDER') =>
  `${invoice},85123A,${description},6,12/1/2010 8:26,2.55,17850,United Kingdom`;

async function uploadKey() {
  return (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
}

async function finished(key: string, accepted: { status: number; body: JobView }) {
  expect(accepted.status).toBe(202);
  return finishedJob(key, accepted.body.id);
}

async function mappedJob(mapping: Record<string, unknown>, file: string) {
  const key = await uploadKey();
  const declared = await declareMapping(key, mapping);
  return { key, job: await finished(key, await uploadMapped(key, declared.body.id, file)) };
}

const orderLine = (id: string, edits: Record<string, string> = {}) =>
  sample('orders-create', { '820982911946154508': id, '866550311766439020': `${id}1`, '141249953214522974': `${id}2`, ...edits }).replace(/\n\s*/g, '');

const uploadJsonl = (key: string, body: string) =>
  apiJson<JobView>('/v1/uploads?source=shopify-jsonl&topic=orders%2Fcreate', key, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson' },
  });

describe('a NUL byte in an upload', () => {
  it('rejects the retail row holding it, naming the column, and loads the rest', async () => {
    const key = await uploadKey();
    const file = [RETAIL_HEADER, retailRow('536365'), retailRow('536366', `MUG${NUL}CUP`), retailRow('536367')].join('\n');

    const job = await finished(key, await upload(key, file));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 3, loaded: 2, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toEqual([{ row: 2, field: 'Description', value: 'MUG\\u0000CUP', reason: 'contains a NUL byte' }]);
  });

  it('rejects the mapped CSV row holding it, naming the mapped column', async () => {
    const [header, first, second] = amazonCsv.trim().split('\n') as [string, string, string];
    const { key, job } = await mappedJob(AMAZON, [header, first, second.replace(/,US$/, `,U${NUL}S`)].join('\n'));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 2, loaded: 1, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: 'ship-country', reason: 'contains a NUL byte' }]);
  });

  it('rejects the mapped JSON line holding an escaped NUL, naming its path', async () => {
    const [first, second] = posJsonl.trim().split('\n') as [string, string];
    const { key, job } = await mappedJob(POS, [first, second.replace('"name":"', '"name":"\\u0000')].join('\n'));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 2, loaded: 1, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: 'item.name', reason: 'contains a NUL byte' }]);
  });

  it('rejects the Shopify resource line holding an escaped NUL, naming its path', async () => {
    const key = await uploadKey();
    const file = [orderLine('820982911946154508'), orderLine('820982911946154600', { '"note": null': '"note": "gift\\u0000wrap"' })].join('\n');

    const job = await finished(key, await uploadJsonl(key, file));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 2, loaded: 1, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: 'customer.note', reason: 'contains a NUL byte' }]);
  });

  it('rejects the product whose row holds it, each of its rows explained', async () => {
    const key = await uploadKey();
    const file = legacyProducts.replace('Classic Crew T-Shirt', `Classic Crew${NUL} T-Shirt`);

    const job = await finished(key, await upload(key, file, 'shopify-products-csv'));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 14, loaded: 9, rejected: 5, balanced: true } });
    const rejects = await rejectsOf(key, job.id);
    expect(rejects[0]).toEqual({ row: 1, field: 'Title', value: 'Classic Crew\\u0000 T-Shirt', reason: 'contains a NUL byte' });
    expect(rejects.slice(1).map((r) => r.reason)).toEqual(Array(4).fill('product "classic-crew-tshirt" is not loaded: row 1 is invalid'));
  });

  it('fails a job whose header holds one, saying so', async () => {
    const key = await uploadKey();
    const job = await finished(key, await upload(key, [RETAIL_HEADER.replace('Country', `Coun${NUL}try`), retailRow('536365')].join('\n')));

    expect(job).toMatchObject({ status: 'failed', error: 'header column 8 contains a NUL byte' });
  });
});

describe('a file that is not what its source says', () => {
  it('fails a product CSV of binary garbage with the reason, rather than leaving it splitting', async () => {
    const key = await uploadKey();
    const garbage = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');

    const job = await finished(key, await upload(key, garbage, 'shopify-products-csv'));

    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^(expected a Shopify product CSV header|the header has \d+ columns|header column \d+ contains a NUL byte)/);
  });
});

describe('a row that is not CSV', () => {
  it('rejects a last row whose quote is never closed, and loads the rows before it', async () => {
    const key = await uploadKey();
    const file = [RETAIL_HEADER, retailRow('536365'), retailRow('536366', '"UNCLOSED')].join('\n');

    const job = await finished(key, await upload(key, file));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 2, loaded: 1, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: '*', reason: expect.stringMatching(/^malformed CSV: Quote Not Closed/) }]);
  });

  it('fails a job whose header quote is never closed, saying so', async () => {
    const key = await uploadKey();
    const job = await finished(key, await upload(key, `"${RETAIL_HEADER}\n${retailRow('536365')}`));

    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the header row is not readable: malformed CSV: Quote Not Closed/) });
  });
});

describe('an id beyond what the warehouse holds', () => {
  it('rejects its row, naming the range, and loads the rest (a chunk the warehouse refuses: tests/reliability/uploads.test.ts)', async () => {
    const key = await uploadKey();
    const file = [orderLine('820982911946154508'), orderLine('9999999999999999999')].join('\n');

    const job = await finished(key, await uploadJsonl(key, file));

    expect(job).toMatchObject({ status: 'done', rows: { loaded: 1, rejected: 1 } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: 'id', reason: expect.stringContaining('9223372036854775807') }]);
  });
});

describe('upload limits', () => {
  it('fails a file with a line longer than 1 MiB, naming the line', async () => {
    const key = await uploadKey();
    const file = [orderLine('820982911946154508'), `{"note":"${'x'.repeat(MIB)}"}`, orderLine('820982911946154600')].join('\n');

    const job = await finished(key, await uploadJsonl(key, file));

    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^line 2, from byte \d+, is longer than 1048576 bytes/);
  });

  it('fails a CSV whose unclosed quote makes the rest of the file one row longer than 1 MiB', async () => {
    const key = await uploadKey();
    const rows = Array.from({ length: 15_000 }, (_, i) => retailRow(String(540000 + i)));
    const file = [RETAIL_HEADER, retailRow('536365', '"UNCLOSED'), ...rows].join('\n');

    const job = await finished(key, await upload(key, file));

    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/^row 1, from byte 82, is longer than 1048576 bytes.*unclosed quote/) });
  });

  it('rejects a line of escaped quotes just under the limit as malformed JSON, and loads the rest', async () => {
    const key = await uploadKey();
    const hostile = `{"note":"${'\\"'.repeat(MIB / 2 - 16)}`;
    const file = [orderLine('820982911946154508'), hostile].join('\n');

    const job = await finished(key, await uploadJsonl(key, file));

    expect(job).toMatchObject({ status: 'done', rows: { seen: 2, loaded: 1, rejected: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 2, field: '*', reason: expect.stringMatching(/^malformed JSON/) }]);
  });

  it('fails a mapped CSV whose header is longer than 64 KiB (80,000 repeated columns), saying so', async () => {
    const header = Array.from({ length: 80_000 }, () => 'sku').join(',');
    const { job } = await mappedJob(AMAZON, `${header}\n${'1,'.repeat(79_999)}1\n`);

    expect(job).toMatchObject({ status: 'failed', error: 'the header row is longer than 65536 bytes (an unclosed quote, or no line end?)' });
  });

  it('fails a header of more than 1,000 columns, saying so', async () => {
    const header = [...AMAZON_COLUMNS, ...Array.from({ length: 1000 }, (_, i) => `c${i}`)].join(',');
    const { job } = await mappedJob(AMAZON, `${header}\n`);

    expect(job).toMatchObject({ status: 'failed', error: 'the header has 1007 columns: at most 1000' });
  });

  it('fails a 1 MiB product CSV header of metafield-like names, saying so', async () => {
    const key = await uploadKey();
    const header = `Handle,Title,${'(product.metafields.a.'.repeat(MIB / 22)}`;

    const job = await finished(key, await upload(key, `${header}\nshirt,Shirt\n`, 'shopify-products-csv'));

    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the header row is longer than 65536 bytes/) });
  });
});

const AMAZON_COLUMNS = ['amazon-order-id', 'purchase-date', 'sku', 'product-name', 'quantity', 'item-price', 'ship-country'];
