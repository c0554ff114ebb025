import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { uniqueShop } from '../../helpers/webhooks';

describe('export endpoints, refused', () => {
  it('answers 400 naming the field for a table that is not exported', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);

    const { status, contentType, body } = await apiJson<{ errors: { field: string; message: string }[] }>('/v1/exports', key, {
      method: 'POST',
      body: JSON.stringify({ tables: ['fact_order', 'raw_event'] }),
    });

    expect(status).toBe(400);
    expect(contentType).toBe('application/problem+json');
    expect(body.errors).toMatchObject([{ field: 'body.tables.1' }]);
    expect(body.errors[0]!.message).toContain('expected an exported table');
  });

  it('answers 400 for a table named twice, and for a field it does not take', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);
    const post = (body: unknown) => apiJson<{ errors: { field: string }[] }>('/v1/exports', key, { method: 'POST', body: JSON.stringify(body) });

    expect((await post({ tables: ['fact_order', 'fact_order'] })).body.errors).toMatchObject([{ field: 'body.tables' }]);
    expect((await post({ kind: 'full' })).status).toBe(400);
  });

  it('answers 403 to a key without the admin scope', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);

    const { status, body } = await apiJson<{ detail: string }>('/v1/exports', key, { method: 'POST', body: '{}' });

    expect(status).toBe(403);
    expect(body.detail).toBe("this API key lacks the 'admin' scope");
  });

  it('answers 404 for an unknown export and 400 for a malformed id', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);

    expect((await apiJson(`/v1/exports/exp_${'0'.repeat(25)}`, key)).status).toBe(404);
    expect((await apiJson('/v1/exports/not-an-id', key)).status).toBe(400);
  });
});
