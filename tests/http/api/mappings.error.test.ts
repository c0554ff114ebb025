import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { declareMapping } from '../../helpers/uploads';
import { uniqueShop } from '../../helpers/webhooks';

type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };

describe('column mappings, refused', () => {
  const mapping = {
    name: 'marketplace',
    format: 'csv',
    channel: 'amazon',
    fields: { order_id: 'order-id', sku: 'sku', quantity: 'quantity', unit_price: 'price', ordered_at: 'purchase-date' },
  };
  const declare = async (body: Record<string, unknown>) =>
    apiJson<Problem>('/v1/mappings', (await apiKeyFor(uniqueShop(), ['upload'])).key, { method: 'POST', body: JSON.stringify(body) });

  it('rejects a mapping missing a required field or naming an unknown date format, with each path', async () => {
    const { ordered_at: _, ...fields } = mapping.fields;
    const { status, contentType, body } = await declare({ ...mapping, fields, date_format: 'DD.MM.YYYY' });
    expect(status).toBe(400);
    expect(contentType).toBe('application/problem+json');
    expect(body.errors?.map((e) => e.field)).toEqual(['body.fields.ordered_at', 'body.date_format']);
  });

  it('rejects unknown keys in a mapping', async () => {
    const { status, body } = await declare({ ...mapping, delimiter: ';', fields: { ...mapping.fields, colour: 'colour' } });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { field: 'body.fields', message: expect.stringContaining('colour') },
      { field: 'body', message: expect.stringContaining('delimiter') },
    ]);
  });

  it('rejects JSON Lines paths that are not dotted paths, an unknown time zone and a channel that is not a source name', async () => {
    const { status, body } = await declare({
      ...mapping,
      format: 'jsonl',
      channel: 'Amazon US',
      fields: { ...mapping.fields, sku: 'items.*.sku' },
      timezone: 'Europe/Atlantis',
    });
    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['body.channel', 'body.fields.sku', 'body.timezone']);
  });

  it('answers 409 when the name is taken by another definition: mappings are immutable', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    await declareMapping(key, mapping);
    const { status, body } = await apiJson<Problem>('/v1/mappings', key, { method: 'POST', body: JSON.stringify({ ...mapping, decimal_separator: ',' }) });
    expect(status).toBe(409);
    expect(body.detail).toMatch(/mappings are immutable, declare the new one under a new name/);
  });

  it('takes a mapping with source=mapped-orders, and only with it', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;
    const without = await apiJson<Problem>('/v1/uploads?source=mapped-orders', key, { method: 'POST', body: 'a,b\n' });
    const misplaced = await apiJson<Problem>(`/v1/uploads?source=retail-csv&mapping=map_${'0'.repeat(25)}`, key, { method: 'POST', body: 'a,b\n' });
    expect([without.status, misplaced.status]).toEqual([400, 400]);
    expect(without.body.errors).toMatchObject([{ field: 'query.mapping' }]);
    expect(misplaced.body.errors).toMatchObject([{ field: 'query.mapping' }]);
  });

  it('answers 404 for an unknown mapping and 400 for a malformed id', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    expect((await apiJson(`/v1/mappings/map_${'0'.repeat(25)}`, key)).status).toBe(404);
    expect((await apiJson<Problem>('/v1/mappings/amazon', key)).body.errors).toMatchObject([{ field: 'params.id', message: 'expected a mapping id' }]);
  });
});
