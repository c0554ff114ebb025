import { env, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeyFor } from '../helpers/api';
import { eventually, query } from '../helpers/warehouse';
import { deliver, deliveryHeaders, orderBody, uniqueShop } from '../helpers/webhooks';

async function storedFor(shop: string) {
  return (await env.RAW_BUCKET.list({ prefix: `webhooks/${shop}/` })).objects;
}

describe('POST /webhooks/shopify authenticates every delivery', () => {
  it('rejects a delivery signed with another secret with 401 and stores nothing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), { shop, secret: 'not-the-app-secret' });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a delivery without a signature with 401 and stores nothing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), { shop, omit: ['x-shopify-hmac-sha256'] });

    expect(response.status).toBe(401);
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), {
      shop,
      headers: { 'x-shopify-hmac-sha256': 'q3Yx0CUEkXGVQeMTw6B2m4zObe7zq/KItLX4SCTuYcI=' },
    });
    expect(response.status).toBe(401);
    expect(await storedFor(shop)).toEqual([]);
  });

  it('rejects a signature that is not base64', async () => {
    const response = await deliver(orderBody(), { headers: { 'x-shopify-hmac-sha256': 'not base64 at all!' } });
    expect(response.status).toBe(401);
  });

  it('answers an unsigned request with 401 before judging its other headers', async () => {
    const response = await deliver(orderBody(), { omit: ['x-shopify-hmac-sha256', 'x-shopify-topic'] });
    expect(response.status).toBe(401);
  });
});

/** Runs `during` and says how many times a row of the shop's signature failures was written meanwhile. */
async function signatureFailureWrites(shopId: number, during: () => Promise<void>): Promise<number> {
  const name = `count_writes_${crypto.randomUUID().replaceAll('-', '')}`;
  await query(
    sql.raw(`
    create table ${name} (at timestamptz);
    create function ${name}() returns trigger language plpgsql as $$ begin insert into ${name} values (now()); return null; end $$;
    create trigger ${name} after insert or update on signature_failure for each row when (new.shop_id = ${shopId}) execute function ${name}();`),
  );
  try {
    await during();
    return Number((await query<{ n: number }>(sql.raw(`select count(*)::integer as n from ${name}`)))[0]!.n);
  } finally {
    await query(sql.raw(`drop trigger ${name} on signature_failure; drop function ${name}(); drop table ${name};`));
  }
}

describe('POST /webhooks/shopify counts refused signatures, bounded however many come', () => {
  it('counts a flood naming a known shop in a few writes of one row per minute, and one naming made-up shops nowhere', async () => {
    const shop = uniqueShop();
    await apiKeyFor(shop);
    const [{ shopId }] = (await query<{ shopId: number }>(sql`select shop_id as "shopId" from dim_shop where domain = ${shop}`)) as [{ shopId: number }];
    const strangers = Array.from({ length: 100 }, uniqueShop);
    const body = orderBody();
    const requests = [
      ...Array.from({ length: 100 }, () => deliveryHeaders(body, { shop, secret: 'not-the-app-secret' })),
      ...Array.from({ length: 100 }, () => deliveryHeaders(body, { shop, omit: ['x-shopify-hmac-sha256'] })),
      ...strangers.map((stranger) => deliveryHeaders(body, { shop: stranger, secret: 'not-the-app-secret' })),
    ];

    let rows: { count: number }[] = [];
    const writes = await signatureFailureWrites(shopId, async () => {
      for (let i = 0; i < requests.length; i += 50) {
        const statuses = await Promise.all(
          requests
            .slice(i, i + 50)
            .map(async (headers) => (await SELF.fetch('https://wharf.test/webhooks/shopify', { method: 'POST', headers: await headers, body })).status),
        );
        expect(new Set(statuses)).toEqual(new Set([401]));
      }
      rows = await eventually(
        () => query<{ count: number }>(sql`select count from signature_failure where shop_id = ${shopId}`),
        (rows) => rows.reduce((sum, r) => sum + r.count, 0) === 200,
        15_000,
      );
    });

    // The flood took seconds: a minute's boundary may fall within it, and a write or two more.
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(writes).toBeLessThanOrEqual(4);
    // A row names a shop of dim_shop (a foreign key): the made-up ones are not there.
    expect(await query(sql`select domain from dim_shop where domain = any(${`{${strangers.join(',')}}`}::text[])`)).toEqual([]);
  }, 30_000);
});
