import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import generated from '../../samples/uploads/online-retail-2000.csv?raw';
import stats from '../../samples/uploads/online-retail-2000.stats.json';
import { api, apiKeyFor } from '../helpers/api';
import { finishedJob, rejectsOf, upload } from '../helpers/uploads';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const keyFor = async () => (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;

describe('retail CSV uploads', () => {
  it('loads the generated Online-Retail file with counts that agree with the generator', async () => {
    const key = await keyFor();
    const accepted = await upload(key, generated);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/v1/jobs/${accepted.body.id}`);

    const job = await finishedJob(key, accepted.body.id);
    expect(job.status).toBe('done');
    expect(job.chunks.total).toBeGreaterThan(50);
    expect(job.chunks.done).toBe(job.chunks.total);
    const defective = stats.badPrice + stats.badQuantity + stats.badDate;
    expect(job.rows).toEqual({
      seen: stats.rows,
      duplicates: stats.duplicates,
      rejected: defective,
      loaded: stats.rows - stats.duplicates - defective,
      balanced: true,
    });
    const byField: Record<string, number> = {};
    for (const reject of await rejectsOf(key, job.id)) byField[reject.field] = (byField[reject.field] ?? 0) + 1;
    expect(byField).toEqual({ UnitPrice: stats.badPrice, Quantity: stats.badQuantity, InvoiceDate: stats.badDate });
  });

  it('loads returns, guests and multi-line descriptions, with exact line totals', async () => {
    const key = await keyFor();
    const file = [
      HEADER,
      '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
      'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom',
      '536544,21773,"DECORATIVE ROSE, ""BATHROOM"" BOTTLE\nSECOND LINE",3,12/1/2010 14:32,0.10,,United Kingdom',
    ].join('\r\n');
    const job = await finishedJob(key, (await upload(key, file)).body.id);

    expect(job.rows).toMatchObject({ seen: 3, loaded: 3, rejected: 0 });
    const lines = await query<{ invoice_no: string; description: string; line_total: string; is_return: boolean; is_guest: boolean }>(sql`
      select invoice_no, description, line_total::text, is_return, is_guest from fact_sales_line where job_id = ${job.id} order by row_number`);
    expect(lines).toEqual([
      { invoice_no: '536365', description: 'WHITE HANGING HEART T-LIGHT HOLDER', line_total: '15.30', is_return: false, is_guest: false },
      { invoice_no: 'C536379', description: 'Discount', line_total: '-27.50', is_return: true, is_guest: false },
      { invoice_no: '536544', description: 'DECORATIVE ROSE, "BATHROOM" BOTTLE\nSECOND LINE', line_total: '0.30', is_return: false, is_guest: true },
    ]);
  });

  it('keeps a record whole when a chunk boundary falls inside its quoted newline', async () => {
    const key = await keyFor();
    const filler = (n: number) => `5${String(n).padStart(5, '0')},85123A,HOLDER,1,12/1/2010 8:26,2.55,17850,United Kingdom`;
    const rows = Array.from({ length: 24 }, (_, i) => filler(i));
    const before = `${[HEADER, ...rows].join('\n')}\n`;
    // The quoted newline of the next record lands right at the 2048-byte chunk target.
    const prefix = '599999,X,"';
    const description = `${'A'.repeat(2048 - before.length - prefix.length)}\nTAIL`;
    const file = `${before}${prefix}${description}",1,12/1/2010 8:26,1.00,17850,United Kingdom\n${filler(99)}\n`;

    const job = await finishedJob(key, (await upload(key, file)).body.id);
    expect(job.rows).toMatchObject({ seen: 26, loaded: 26, rejected: 0 });
    const [straddling] = await query<{ description: string }>(sql`select description from fact_sales_line where job_id = ${job.id} and invoice_no = '599999'`);
    expect(straddling?.description.endsWith('\nTAIL')).toBe(true);
  });

  it('reads a UTF-8 byte order mark and CRLF line ends', async () => {
    const key = await keyFor();
    const file = `\uFEFF${HEADER}\r\n536365,85123A,CAFÉ MUG,2,12/1/2010 8:26,3.00,17850,France\r\n`;
    const job = await finishedJob(key, (await upload(key, file)).body.id);
    expect(job).toMatchObject({ status: 'done', rows: { loaded: 1 } });
  });

  it('explains every dropped row of a file that is half garbage', async () => {
    const key = await keyFor();
    const good = (i: number) => `5363${String(i).padStart(2, '0')},85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK`;
    const garbage = ['%%%%', 'just some words', '1,2,3', '536365,85123A,MUG,two,12/1/2010 8:26,3.00,17850,UK', '536365,85123A,MUG,2,someday,3.00,17850,UK'];
    const file = [HEADER, ...garbage.flatMap((g, i) => [good(i), g])].join('\n');
    const job = await finishedJob(key, (await upload(key, file)).body.id);

    expect(job.rows).toMatchObject({ seen: 10, loaded: 5, rejected: 5, duplicates: 0, balanced: true });
    expect((await rejectsOf(key, job.id)).map((r) => [r.row, r.field])).toEqual([
      [2, '*'],
      [4, '*'],
      [6, '*'],
      [8, 'Quantity'],
      [10, 'InvoiceDate'],
    ]);
  });

  it('downloads the rejects as CSV', async () => {
    const key = await keyFor();
    const job = await finishedJob(key, (await upload(key, `${HEADER}\n536365,85123A,"MUG, BIG",2,12/1/2010 8:26,0,17850,UK\n`)).body.id);
    const response = await api(`/v1/jobs/${job.id}/rejects?format=csv`, key);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toBe('row,field,value,reason\n1,UnitPrice,0,"zero or negative unit price: an adjustment, not a sale"\n');
  });

  it('finishes a file with only a header as done with no rows', async () => {
    const key = await keyFor();
    const job = await finishedJob(key, (await upload(key, `${HEADER}\n`)).body.id);
    expect(job).toMatchObject({ status: 'done', rows: { seen: 0, loaded: 0 }, chunks: { total: 0 } });
  });

  it('fails a file whose header is not the format’s, saying why', async () => {
    const key = await keyFor();
    const job = await finishedJob(key, (await upload(key, 'Handle,Title\nshirt,Shirt\n')).body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^expected the header InvoiceNo,StockCode/);
  });

  it('rejects an empty body at upload time', async () => {
    const key = await keyFor();
    const response = await upload(key, '');
    expect(response.status).toBe(400);
  });

  it('answers a byte-identical re-upload with the existing job', async () => {
    const key = await keyFor();
    const file = `${HEADER}\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n`;
    const first = await upload(key, file);
    const again = await upload(key, file);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('keeps jobs to their shop', async () => {
    const key = await keyFor();
    const other = await keyFor();
    const job = await upload(key, `${HEADER}\n536365,85123A,MUG,2,12/1/2010 8:26,3.00,17850,UK\n`);
    expect((await api(`/v1/jobs/${job.body.id}`, other)).status).toBe(404);
    expect((await api(`/v1/jobs/${job.body.id}/rejects`, other)).status).toBe(404);
  });
});
