import { describe, expect, it } from 'vitest';
import { dataTopics } from '../../../src/domain/topics';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { sample } from '../../helpers/samples';
import { uniqueShop } from '../../helpers/webhooks';

const uploadAs = (key: string, topic: string, body: string) =>
  apiJson<{ detail: string; errors: { field: string; message: string }[] }>(`/v1/uploads?source=shopify-jsonl&topic=${encodeURIComponent(topic)}`, key, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson' },
  });

describe('upload keys and Shopify-only topics', () => {
  it.each([
    ['app/uninstalled', 'app-uninstalled'],
    ['shop/update', 'shop-update'],
    ['bulk_operations/finish', 'bulk_operations-finish'],
    ['customers/redact', 'customers-redact'],
    ['shop/redact', 'shop-redact'],
    ['customers/data_request', 'customers-data_request'],
  ])('refuses a file of %s: only a signed Shopify delivery carries it', async (topic, name) => {
    const key = (await apiKeyFor(uniqueShop(), ['upload', 'admin'])).key;

    const answer = await uploadAs(key, topic, sample(name).replace(/\n\s*/g, ''));

    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.body.errors).toEqual([{ field: 'query.topic', message: expect.stringContaining('come only from signed Shopify deliveries') }]);
  });

  it('names the topics a file may carry', async () => {
    const key = (await apiKeyFor(uniqueShop(), ['upload'])).key;

    const answer = await uploadAs(key, 'app/uninstalled', '{}');

    for (const topic of dataTopics) expect(answer.body.errors[0]!.message).toContain(topic);
    expect(dataTopics).toEqual(expect.arrayContaining(['orders/create', 'products/update', 'customers/update', 'inventory_levels/update', 'refunds/create']));
    expect(dataTopics).not.toEqual(expect.arrayContaining(['app/uninstalled']));
  });
});
