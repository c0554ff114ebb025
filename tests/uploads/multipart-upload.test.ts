import { describe, expect, it } from 'vitest';
import { api, apiJson, apiKeyFor } from '../helpers/api';
import { finishedJob, type JobView } from '../helpers/uploads';
import { uniqueShop } from '../helpers/webhooks';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
const ROW = '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n';

/** Rows (the first part carries the header) with descriptions of `descriptionBytes` each. */
function rowsPart(first: boolean, rows: number, descriptionBytes = 30) {
  let text = first ? HEADER : '';
  for (let i = 0; i < rows; i++) {
    text += `${first ? 6 : 7}${String(i).padStart(5, '0')},85123A,"${'W'.repeat(descriptionBytes)}",6,12/1/2010 8:26,2.55,17850,United Kingdom\n`;
  }
  return text;
}

// Six rows of a million bytes each (under the 1 MiB a row may hold) make a first part above R2's 5 MiB minimum in a handful of chunks.
const bigFirstPart = () => rowsPart(true, 6, 1_000_000);

async function begin(key: string) {
  return (await apiJson<{ uploadId: string; partsUrl: string; completeUrl: string }>('/v1/uploads/multipart?source=retail-csv', key, { method: 'POST' })).body;
}

describe('multipart uploads', () => {
  it('assembles parts into one file and loads it as one job', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const upload = await begin(key);
    const first = bigFirstPart();
    const last = rowsPart(false, 10);
    expect(first.length).toBeGreaterThan(5 * 1024 * 1024);

    expect((await apiJson(`${upload.partsUrl}/1`, key, { method: 'PUT', body: first })).status).toBe(200);
    expect((await apiJson(`${upload.partsUrl}/2`, key, { method: 'PUT', body: last })).status).toBe(200);
    const completed = await apiJson<JobView>(upload.completeUrl, key, { method: 'POST' });
    expect(completed.status).toBe(202);

    const job = await finishedJob(key, completed.body.id);
    expect(job).toMatchObject({ status: 'done', rows: { seen: 16, loaded: 16, duplicates: 0, balanced: true } });
  }, 60_000);

  it('refuses to complete a truncated upload, naming the missing part', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const upload = await begin(key);
    await apiJson(`${upload.partsUrl}/1`, key, { method: 'PUT', body: bigFirstPart() });
    await apiJson(`${upload.partsUrl}/3`, key, { method: 'PUT', body: rowsPart(false, 10) });

    const { status, body } = await apiJson<{ detail: string }>(upload.completeUrl, key, { method: 'POST' });
    expect(status).toBe(400);
    expect(body.detail).toBe('the upload is truncated: part 2 missing');
  }, 60_000);

  it('refuses a part below 5 MiB that is not the last', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const upload = await begin(key);
    await apiJson(`${upload.partsUrl}/1`, key, { method: 'PUT', body: rowsPart(true, 10) });
    await apiJson(`${upload.partsUrl}/2`, key, { method: 'PUT', body: rowsPart(false, 10) });

    const { status, body } = await apiJson<{ detail: string }>(upload.completeUrl, key, { method: 'POST' });
    expect(status).toBe(400);
    expect(body.detail).toMatch(/at least 5 MiB: part 1/);
  });

  it('aborts an upload, after which it takes no parts', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const upload = await begin(key);
    expect((await api(`/v1/uploads/multipart/${upload.uploadId}`, key, { method: 'DELETE' })).status).toBe(204);
    expect((await apiJson(`${upload.partsUrl}/1`, key, { method: 'PUT', body: ROW })).status).toBe(409);
  });

  it('keeps an upload to its shop', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const other = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const upload = await begin(key);
    expect((await apiJson(`${upload.partsUrl}/1`, other, { method: 'PUT', body: ROW })).status).toBe(404);
  });
});
