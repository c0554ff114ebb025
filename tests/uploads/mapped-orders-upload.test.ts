import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import amazonCsv from '../../samples/uploads/amazon-orders.csv?raw';
import posJsonl from '../../samples/uploads/pos-legacy-orders.jsonl?raw';
import { apiJson, apiKeyFor } from '../helpers/api';
import { AMAZON, declareMapping, finishedJob, POS, rejectsOf, uploadMapped } from '../helpers/uploads';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

/** A shop's key with the mapping declared, and a way to load a file through that mapping to the end of its job. */
async function shopWith(mapping: Record<string, unknown>) {
  const key = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
  const declared = await declareMapping(key, mapping);
  expect(declared.status).toBe(201);
  const load = async (file: string) => finishedJob(key, (await uploadMapped(key, declared.body.id, file)).body.id);
  return { key, mappingId: declared.body.id, load };
}

const salesLines = (jobId: string) =>
  query(sql`
    select invoice_no, stock_code, description, quantity, unit_price::text, line_total::text,
      to_char(invoiced_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as invoiced_at, invoice_date_key,
      customer_id, is_guest, country, currency, is_return, channel
    from fact_sales_line where job_id = ${jobId} order by row_number`);

const AMAZON_HEADER = 'amazon-order-id,purchase-date,sku,product-name,quantity,item-price,ship-country';

describe('mapped order uploads', () => {
  it('loads an Amazon order report through its CSV mapping, recording the channel', async () => {
    const { key, mappingId } = await shopWith(AMAZON);
    const accepted = await uploadMapped(key, mappingId, amazonCsv);
    expect(accepted.status).toBe(202);
    expect(accepted.body.mappingId).toBe(mappingId);

    const job = await finishedJob(key, accepted.body.id);
    expect(job).toMatchObject({ status: 'done', mappingId, rows: { seen: 9, loaded: 8, rejected: 0, duplicates: 1, balanced: true } });
    const lines = await salesLines(job.id);
    expect(lines[0]).toEqual({
      invoice_no: '113-4481720-2291432',
      stock_code: 'POUR-WHT-01',
      description: 'Ceramic Pour-Over Coffee Dripper, White',
      quantity: 1,
      unit_price: '24.99',
      line_total: '24.99',
      invoiced_at: '2025-03-01 09:14:22',
      invoice_date_key: 20250301,
      customer_id: null,
      is_guest: true,
      country: 'US',
      currency: null,
      is_return: false,
      channel: 'amazon',
    });
    expect(lines.at(-1)).toMatchObject({ stock_code: 'SCALE-TMR', quantity: -1, line_total: '-29.95', is_return: true });
  });

  it('loads a POS JSON Lines export by dotted paths, with decimal commas and local times', async () => {
    const { load } = await shopWith(POS);
    const job = await load(posJsonl);

    expect(job).toMatchObject({ status: 'done', rows: { seen: 5, loaded: 5, rejected: 0, duplicates: 0, balanced: true } });
    const lines = await query<{
      invoice_no: string;
      unit_price: string;
      line_total: string;
      invoiced_at: string;
      invoice_date_key: number;
      is_guest: boolean;
      is_return: boolean;
      currency: string;
      channel: string;
    }>(sql`
      select invoice_no, unit_price::text, line_total::text, to_char(invoiced_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as invoiced_at,
        invoice_date_key, is_guest, is_return, currency, channel
      from fact_sales_line where job_id = ${job.id} order by row_number`);
    expect(lines.map((l) => [l.invoice_no, l.unit_price, l.line_total, l.invoiced_at, l.invoice_date_key, l.is_guest, l.is_return])).toEqual([
      ['R-2025-10042', '12.50', '25.00', '2025-03-01 09:15', 20250301, false, false],
      ['R-2025-10042', '9.90', '9.90', '2025-03-01 09:15', 20250301, false, false],
      ['R-2025-10043', '39.9', '39.9', '2025-03-01 22:40', 20250301, true, false],
      ['R-2025-10044', '9.90', '-9.90', '2025-03-02 08:05', 20250302, false, true],
      ['R-2025-10045', '4.20', '12.60', '2025-03-02 11:30', 20250302, false, false],
    ]);
    expect(new Set(lines.map((l) => `${l.channel} ${l.currency}`))).toEqual(new Set(['pos-legacy EUR']));
  });

  it('fails a CSV whose header lacks a mapped column, naming it', async () => {
    const { load } = await shopWith(AMAZON);
    const job = await load('amazon-order-id,sku,product-name,quantity,item-price,ship-country\n113-1,POUR-WHT-01,Dripper,1,24.99,US\n');
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^the header lacks the mapped column "purchase-date" \(ordered_at\)/);
  });

  it('finds mapped columns whatever their case and spacing', async () => {
    const { load } = await shopWith(AMAZON);
    const job = await load(
      'Amazon-Order-Id , PURCHASE-DATE,SKU,Product-Name,Quantity,Item-Price,Ship-Country\n113-1,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,1,24.99,US\n',
    );
    expect(job).toMatchObject({ status: 'done', rows: { loaded: 1 } });
  });

  it('explains each rejected row by row, column, value and reason, and counts add up', async () => {
    const { key, load } = await shopWith(AMAZON);
    const job = await load(
      [
        AMAZON_HEADER,
        '113-1,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,1,24.99,US',
        '113-2,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,one,24.99,US',
        '113-3,2025-03-01T09:14:22Z,,Dripper,1,24.99,US',
        '113-4,yesterday,POUR-WHT-01,Dripper,1,24.99,US',
        '113-5,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,1,$24.99,US',
        '113-6,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,1,0.00,US',
        '113-7,2025-03-01T09:14:22Z,POUR-WHT-01',
        '113-1,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,1,24.99,US',
      ].join('\n'),
    );

    expect(job.rows).toEqual({ seen: 8, loaded: 1, rejected: 6, duplicates: 1, balanced: true });
    expect(await rejectsOf(key, job.id)).toEqual([
      { row: 2, field: 'quantity', value: 'one', reason: 'quantity is not a non-zero whole number' },
      { row: 3, field: 'sku', value: '', reason: 'missing stock code' },
      { row: 4, field: 'purchase-date', value: 'yesterday', reason: 'not a date (ISO 8601)' },
      { row: 5, field: 'item-price', value: '$24.99', reason: 'unit price is not a decimal number' },
      { row: 6, field: 'item-price', value: '0.00', reason: 'zero or negative unit price: an adjustment, not a sale' },
      { row: 7, field: '*', value: '113-7,2025-03-01T09:14:22Z,POUR-WHT-01', reason: 'expected 7 fields, as the header has, found 3' },
    ]);
  });

  it('reads D/M/YYYY H:MM dates day first, in the mapping’s time zone', async () => {
    const { load } = await shopWith({ ...AMAZON, date_format: 'D/M/YYYY H:MM', timezone: 'Europe/London' });
    const job = await load(`${AMAZON_HEADER}\n203-1,3/4/2025 9:05,POUR-WHT-01,Dripper,1,24.99,GB\n`);
    const [line] = await query<{ invoiced_at: string; invoice_date_key: number }>(sql`
      select to_char(invoiced_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as invoiced_at, invoice_date_key from fact_sales_line where job_id = ${job.id}`);
    expect(line).toEqual({ invoiced_at: '2025-04-03 08:05', invoice_date_key: 20250403 });
  });

  it('reads decimal commas in a CSV', async () => {
    const { load } = await shopWith({ ...AMAZON, decimal_separator: ',' });
    const job = await load(`${AMAZON_HEADER}\n303-1,2025-03-01T09:14:22Z,POUR-WHT-01,Dripper,3,"24,99",DE\n`);
    const [line] = await query<{ unit_price: string; line_total: string }>(
      sql`select unit_price::text, line_total::text from fact_sales_line where job_id = ${job.id}`,
    );
    expect(line).toEqual({ unit_price: '24.99', line_total: '74.97' });
  });

  it('rejects a line whose stated total is not quantity × unit price within 0.01', async () => {
    const { key, load } = await shopWith({ ...POS, fields: { ...POS.fields, customer_id: undefined, country: undefined } });
    const line = (qty: number, total: string) =>
      JSON.stringify({
        receipt: { number: `R-${total}`, closed_at: '2025-03-01 10:15:00' },
        item: { sku: 'BEAN-ETH-250', name: 'Guji', qty, price: '12,50', total },
        currency: 'EUR',
      });
    const job = await load([line(2, '25,01'), line(2, '25,02'), line(3, '25,00')].join('\n'));

    expect(job.rows).toMatchObject({ seen: 3, loaded: 1, rejected: 2, balanced: true });
    expect(await rejectsOf(key, job.id)).toEqual([
      { row: 2, field: 'item.total', value: '25,02', reason: 'line total differs from quantity × unit price (25.00) by more than 0.01' },
      { row: 3, field: 'item.total', value: '25,00', reason: 'line total differs from quantity × unit price (37.50) by more than 0.01' },
    ]);
  });

  it('rejects a negative quantity when the mapping loads no returns', async () => {
    const { key, load } = await shopWith({ ...POS, returns: 'none' });
    const job = await load(posJsonl);
    expect(job.rows).toMatchObject({ seen: 5, loaded: 4, rejected: 1 });
    expect(await rejectsOf(key, job.id)).toEqual([{ row: 4, field: 'item.qty', value: '-1', reason: 'negative quantity: these lines load no returns' }]);
  });

  it('rejects JSON lines that are not objects, or hold an object where a value is mapped', async () => {
    const { key, load } = await shopWith(POS);
    const [first] = posJsonl.split('\n');
    const job = await load([first, '{"receipt": ', '[1, 2]', first!.replace('"sku":"BEAN-ETH-250"', '"sku":{"id":7}')].join('\n'));

    expect(job.rows).toMatchObject({ seen: 4, loaded: 1, rejected: 3, balanced: true });
    expect((await rejectsOf(key, job.id)).map((r) => [r.row, r.field, r.reason.split(':')[0]])).toEqual([
      [2, '*', 'malformed JSON'],
      [3, '*', 'expected a JSON object'],
      [4, 'item.sku', 'expected text or a number, found an object'],
    ]);
  });

  it('answers a byte-identical re-upload through the same mapping with the existing job, and through another with a new one', async () => {
    const { key, mappingId } = await shopWith(AMAZON);
    const other = await declareMapping(key, { ...AMAZON, name: 'amazon-all-orders-v2', returns: 'none' });
    const first = await uploadMapped(key, mappingId, amazonCsv);
    const again = await uploadMapped(key, mappingId, amazonCsv);
    const elsewhere = await uploadMapped(key, other.body.id, amazonCsv);

    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(elsewhere.status).toBe(202);
    expect(elsewhere.body).toMatchObject({ mappingId: other.body.id });
  });

  it('takes a mapped file through the multipart routes', async () => {
    const { key, mappingId } = await shopWith(POS);
    const begun = await apiJson<{ partsUrl: string; completeUrl: string }>(`/v1/uploads/multipart?source=mapped-orders&mapping=${mappingId}`, key, {
      method: 'POST',
    });
    await apiJson(`${begun.body.partsUrl}/1`, key, { method: 'PUT', body: posJsonl });
    const completed = await apiJson<{ id: string; mappingId: string }>(begun.body.completeUrl, key, { method: 'POST' });

    expect(completed.body.mappingId).toBe(mappingId);
    expect(await finishedJob(key, completed.body.id)).toMatchObject({ status: 'done', rows: { loaded: 5 } });
  });
});
