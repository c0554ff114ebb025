import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { uniqueShop } from '../../helpers/webhooks';

describe('resync endpoints, refused', () => {
  it('answers 409 for a shop that is not connected, saying how to connect it', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);

    const { status, contentType, body } = await apiJson<{ detail: string }>('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'full' }) });

    expect(status).toBe(409);
    expect(contentType).toBe('application/problem+json');
    expect(body.detail).toContain('install link');
    expect(body.detail).toContain('wharf shops register');
  });

  it('answers 400 naming the field for an unknown kind', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);

    const { status, body } = await apiJson<{ errors: { field: string }[] }>('/v1/resyncs', key, { method: 'POST', body: JSON.stringify({ kind: 'weekly' }) });

    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field: 'body.kind' }]);
  });

  it('answers 404 for an unknown resync and 400 for a malformed id', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);

    expect((await apiJson(`/v1/resyncs/rsy_${'0'.repeat(25)}`, key)).status).toBe(404);
    expect((await apiJson('/v1/resyncs/not-an-id', key)).status).toBe(400);
  });
});
