import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { finishedJob, type JobView, rejectsOf } from '../helpers/uploads';
import { uniqueShop } from '../helpers/webhooks';

/** A sample resource on one line, under another id, with line ids of its own. */
const orderLine = (id: string) =>
  sample('orders-create', { '820982911946154508': id, '866550311766439020': `${id}1`, '141249953214522974': `${id}2` }).replace(/\n\s*/g, '');

const uploadJsonl = (key: string, body: string, topic = 'orders/create') =>
  apiJson<JobView>(`/v1/uploads?source=shopify-jsonl&topic=${encodeURIComponent(topic)}`, key, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson' },
  });

describe('Shopify resource uploads (JSON Lines)', () => {
  it('loads each line as the webhook of its topic would, with rejects and duplicates counted', async () => {
    const shop = uniqueShop();
    const key = (await apiKeyFor(shop, ['read', 'upload'])).key;
    const file = [
      orderLine('820982911946154508'),
      orderLine('820982911946154600'),
      '{"id": 1, "line_items": "not a list"}',
      orderLine('820982911946154700'),
      orderLine('820982911946154600'),
    ].join('\n');

    const accepted = await uploadJsonl(key, file);
    expect(accepted.status).toBe(202);
    const job = await finishedJob(key, accepted.body.id);

    expect(job).toMatchObject({ status: 'done', rows: { seen: 5, loaded: 3, rejected: 1, duplicates: 1, balanced: true } });
    expect(await rejectsOf(key, job.id)).toMatchObject([{ row: 3, field: 'currency' }]);
    const orders = await apiJson<{ data: { id: string; totalPrice: string }[] }>('/v1/orders', key);
    expect(orders.body.data.map((o) => o.id)).toEqual(['820982911946154508', '820982911946154600', '820982911946154700']);
  });

  it('requires a modelled topic with shopify-jsonl', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    expect((await apiJson('/v1/uploads?source=shopify-jsonl', key, { method: 'POST', body: '{}' })).status).toBe(400);
    expect((await uploadJsonl(key, '{}', 'customers/redact')).status).toBe(400);
    expect((await uploadJsonl(key, '{}', 'carts/update')).status).toBe(400);
  });
});
