import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { uniqueShop } from '../../helpers/webhooks';

type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; message: string }[] };

describe('partner API validation errors', () => {
  it('rejects an unknown query parameter with a problem naming it', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, contentType, body } = await apiJson<Problem>('/v1/orders?colour=red', key);

    expect(status).toBe(400);
    expect(contentType).toBe('application/problem+json');
    expect(body.errors?.[0]?.field).toBe('query');
    expect(body.errors?.[0]?.message).toMatch(/colour/);
  });

  it('rejects a limit above 1000 with the field path', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/orders?limit=5000', key);
    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field: 'query.limit' }]);
  });

  it('rejects a timestamp without an offset', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/orders?updated_since=yesterday', key);
    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field: 'query.updated_since' }]);
  });

  it('rejects a cursor it did not issue', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/orders?cursor=%25%25%25', key);
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'query.cursor', message: 'invalid cursor' }]);
  });

  it('rejects a non-numeric order id', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/orders/gid:shopify', key);
    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field: 'params.id', message: 'expected a numeric id' }]);
  });

  it('answers 404 for an order the shop does not have', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/orders/1', key);
    expect(status).toBe(404);
    expect(body.detail).toBe('no order 1');
  });

  it('rejects a metrics period that ends before it starts', async () => {
    const { key } = await apiKeyFor(uniqueShop());
    const { status, body } = await apiJson<Problem>('/v1/metrics/daily?from=2025-05-01&to=2025-04-01', key);
    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field: 'query.to', message: 'from must not be after to' }]);
  });

  it('rejects a replay body with unknown fields', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);
    const { status } = await apiJson<Problem>('/v1/replays', key, {
      method: 'POST',
      body: JSON.stringify({ received_from: '2025-01-01T00:00:00Z', received_to: '2025-02-01T00:00:00Z', everything: true }),
    });
    expect(status).toBe(400);
  });
});
