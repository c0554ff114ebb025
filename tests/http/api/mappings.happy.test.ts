import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { declareMapping, type MappingView } from '../../helpers/uploads';
import { uniqueShop } from '../../helpers/webhooks';

const EBAY = {
  name: 'ebay-orders',
  format: 'csv',
  channel: 'ebay',
  fields: {
    order_id: 'Order Number',
    sku: 'Custom Label',
    quantity: 'Quantity',
    unit_price: 'Sold For',
    ordered_at: 'Sale Date',
    customer_id: 'Buyer Username',
  },
  date_format: 'M/D/YYYY H:MM',
};

const keyFor = async () => (await apiKeyFor(uniqueShop(), ['read', 'upload'])).key;

describe('column mappings', () => {
  it('declares a mapping with its defaults filled in and serves it by id', async () => {
    const key = await keyFor();
    const created = await declareMapping(key, EBAY);

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/mappings/${created.body.id}`);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^map_[0-9a-z]{25}$/),
      ...EBAY,
      timezone: 'UTC',
      decimal_separator: '.',
      returns: 'negative-quantity',
      createdAt: expect.any(String),
      uploadUrl: `/v1/uploads?source=mapped-orders&mapping=${created.body.id}`,
    });
    expect((await apiJson<MappingView>(`/v1/mappings/${created.body.id}`, key)).body).toEqual(created.body);
  });

  it('answers the stored mapping when the same definition is declared again under its name', async () => {
    const key = await keyFor();
    const first = await declareMapping(key, EBAY);
    const again = await declareMapping(key, { ...EBAY, fields: { ...EBAY.fields, sku: '  Custom Label ' } });

    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('lists the shop’s mappings newest first, a page at a time', async () => {
    const key = await keyFor();
    const older = await declareMapping(key, EBAY);
    const newer = await declareMapping(key, { ...EBAY, name: 'ebay-orders-2025', timezone: 'America/Los_Angeles' });

    const page = await apiJson<{ data: MappingView[]; nextCursor: string | null }>('/v1/mappings?limit=1', key);
    const next = await apiJson<{ data: MappingView[]; nextCursor: string | null }>(`/v1/mappings?limit=1&cursor=${page.body.nextCursor}`, key);
    expect(page.body.data.map((m) => m.id)).toEqual([newer.body.id]);
    expect(next.body).toEqual({ data: [older.body], nextCursor: null });
  });
});
