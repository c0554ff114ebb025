import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { upload } from '../../helpers/uploads';
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

describe('partner API parameters the warehouse could not take', () => {
  const cursorOf = (key: readonly string[]) => btoa(JSON.stringify(key)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

  it.each([
    ['/v1/orders/9223372036854775808', 'params.id'],
    ['/v1/orders/18446744073709551616', 'params.id'],
    ['/v1/products/99999999999999999999', 'params.id'],
    ['/v1/inventory?location_id=9223372036854775808', 'query.location_id'],
  ])('rejects an id beyond bigint: %s', async (path, field) => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    const { status, contentType, body } = await apiJson<Problem>(path, key);

    expect(status).toBe(400);
    expect(contentType).toBe('application/problem+json');
    expect(body.errors).toEqual([{ field, message: 'expected an id of at most 9223372036854775807' }]);
  });

  it('still takes the largest bigint as an id', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    expect((await apiJson<Problem>('/v1/orders/9223372036854775807', key)).status).toBe(404);
  });

  it.each([
    ['/v1/orders', ['not-a-number']],
    ['/v1/orders', ['99999999999999999999']],
    ['/v1/inventory', ['1', 'x']],
    ['/v1/jobs', ['job_\u0000']],
    ['/v1/mappings', ["'; drop table order_mapping; --"]],
    ['/v1/dead-letters', ['NaN']],
  ])('rejects a well-formed cursor whose key does not fit %s', async (path, cursorKey) => {
    const { key } = await apiKeyFor(uniqueShop(), ['read', 'admin']);
    const { status, body } = await apiJson<Problem>(`${path}?cursor=${cursorOf(cursorKey)}`, key);

    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'query.cursor', message: 'invalid cursor' }]);
  });

  it('rejects a reject cursor beyond a row number', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['read', 'upload']);
    const job = await upload(key, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n');

    const { status, body } = await apiJson<Problem>(`/v1/jobs/${job.body.id}/rejects?cursor=${cursorOf(['4294967296'])}`, key);

    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'query.cursor', message: 'invalid cursor' }]);
  });

  it.each([
    ['/v1/orders?financial_status=paid%00', 'query.financial_status'],
    ['/v1/orders?channel=web%00', 'query.channel'],
    ['/v1/metrics/daily?from=2025-04-01&to=2025-04-30&channel=%00', 'query.channel'],
  ])('rejects a NUL character in text: %s', async (path, field) => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    const { status, body } = await apiJson<Problem>(path, key);

    expect(status).toBe(400);
    expect(body.errors).toMatchObject([{ field, message: 'must not contain a NUL character' }]);
  });

  it('rejects a NUL character in a mapping it would store', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['upload']);
    const mapping = {
      name: 'pos\u0000',
      format: 'csv',
      channel: 'pos',
      fields: { order_id: 'id', sku: 's\u0000', quantity: 'q', unit_price: 'p', ordered_at: 'd' },
    };
    const { status, body } = await apiJson<Problem>('/v1/mappings', key, { method: 'POST', body: JSON.stringify(mapping) });

    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['body.fields.sku', 'body.name']);
  });

  it.each([
    ['/v1/metrics/daily?from=0000-01-01&to=2025-04-30', 'query.from'],
    ['/v1/metrics/summary?from=2025-04-01&to=0000-12-31', 'query.to'],
    ['/v1/orders?updated_since=0000-06-01T00:00:00Z', 'query.updated_since'],
    ['/v1/orders?created_from=0001-01-01T00:00:00%2B01:00', 'query.created_from'],
  ])('rejects a date in year 0000: %s', async (path, field) => {
    const { key } = await apiKeyFor(uniqueShop(), ['read']);
    const { status, body } = await apiJson<Problem>(path, key);

    expect(status).toBe(400);
    expect(body.errors).toContainEqual({ field, message: expect.stringMatching(/^expected a(n instant| date) from 0001-01-01/) });
  });

  it('rejects a replay window starting in year 0000', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);
    const { status, body } = await apiJson<Problem>('/v1/replays', key, {
      method: 'POST',
      body: JSON.stringify({ received_from: '0000-01-01T00:00:00Z', received_to: '2025-01-01T00:00:00Z' }),
    });

    expect(status).toBe(400);
    expect(body.errors).toContainEqual({ field: 'body.received_from', message: 'expected an instant from 0001-01-01T00:00:00Z on' });
  });

  it('rejects a dead letter id beyond what it can hold', async () => {
    const { key } = await apiKeyFor(uniqueShop(), ['admin']);
    const { status, body } = await apiJson<Problem>('/v1/dead-letters/99999999999999999999/replay', key, { method: 'POST' });

    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.field)).toContain('params.id');
  });
});
