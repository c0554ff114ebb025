import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { declareMapping, type MappingView } from '../../helpers/uploads';
import { uniqueShop } from '../../helpers/webhooks';

describe('column mappings across shops', () => {
  const mapping = {
    name: 'pos',
    format: 'jsonl',
    channel: 'pos-legacy',
    fields: { order_id: 'receipt', sku: 'sku', quantity: 'qty', unit_price: 'price', ordered_at: 'at' },
  };

  it('need the upload scope to be declared', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    expect((await api('/v1/mappings', key, { method: 'POST', body: JSON.stringify(mapping) })).status).toBe(403);
  });

  it('answer 404 for another shop’s mapping and list none of it', async () => {
    const a = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const b = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const declared = await declareMapping(a, mapping);

    expect((await api(`/v1/mappings/${declared.body.id}`, b)).status).toBe(404);
    expect((await apiJson<{ data: MappingView[] }>('/v1/mappings', b)).body.data).toEqual([]);
  });

  it('cannot read a file for a shop through another shop’s mapping, and nothing is stored', async () => {
    const a = (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;
    const shopB = uniqueShop();
    const b = (await apiKeyFor(shopB, ['read', 'upload'])).key;
    const declared = await declareMapping(a, mapping);

    const { status, body } = await apiJson<{ errors: { field: string; message: string }[] }>(
      `/v1/uploads?source=mapped-orders&mapping=${declared.body.id}`,
      b,
      {
        method: 'POST',
        body: '{"receipt":"R-1","sku":"A","qty":1,"price":"1.00","at":"2025-03-01T10:00:00Z"}\n',
      },
    );
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'query.mapping', message: `no mapping ${declared.body.id} in this shop: declare one with POST /v1/mappings` }]);
    expect((await apiJson<{ data: unknown[] }>('/v1/jobs', b)).body.data).toEqual([]);
    expect((await env.RAW_BUCKET.list({ prefix: `uploads/${shopB}/` })).objects).toEqual([]);
  });
});
