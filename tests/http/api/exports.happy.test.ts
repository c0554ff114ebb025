/** POST /v1/exports runs an export through its queue; GET /v1/exports/{id} shows it and links its files. */
import { SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { goldenShop } from '../../analytics/shop';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { eventually, query } from '../../helpers/warehouse';

interface ExportView {
  id: string;
  status: string;
  partition: string;
  manifestKey: string | null;
  tables: { name: string; mode: string; parts: number; rows: number; done: boolean }[];
  files: { table: string; part: number; key: string; rows: number; rowGroups: number; bytes: number; sha256: string; url: string | null }[];
  linksExpireAt: string | null;
}

const TABLES = ['fact_order', 'fact_order_line', 'dim_product', 'sales_daily', 'customers'];

async function completeExport(shop: string) {
  const { key } = await apiKeyFor(shop, ['admin']);
  const requested = await apiJson<ExportView>('/v1/exports', key, { method: 'POST', body: JSON.stringify({ tables: TABLES }) });
  const done = await eventually(
    () => apiJson<ExportView>(`/v1/exports/${requested.body.id}`, key),
    (r) => r.body.status === 'complete',
    60_000,
  );
  return { key, requested, done: done.body };
}

const sha256 = async (bytes: ArrayBuffer) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('exports through the API', () => {
  it('POST /v1/exports answers 202 with the running export and where to follow it', { timeout: 120_000 }, async () => {
    const { shop } = await goldenShop();
    const { requested } = await completeExport(shop);
    expect(requested.status).toBe(202);
    expect(requested.headers.get('location')).toBe(`/v1/exports/${requested.body.id}`);
    expect(requested.body).toMatchObject({ status: 'running', files: [], linksExpireAt: null });
    expect(requested.body.tables.map((t) => [t.name, t.mode])).toEqual([
      ['dim_product', 'changes'],
      ['fact_order', 'changes'],
      ['fact_order_line', 'snapshot'],
      ['sales_daily', 'snapshot'],
      ['customers', 'snapshot'],
    ]);
  });

  it('GET /v1/exports/{id} shows each table with as many rows in its files as Postgres holds for the shop', { timeout: 120_000 }, async () => {
    const { shop } = await goldenShop();
    const { done } = await completeExport(shop);
    const counted = async (schema: string, table: string) =>
      Number(
        (
          await query<{ n: string }>(
            sql`select count(*)::text as n from ${sql.identifier(schema)}.${sql.identifier(table)} where shop_id = (select shop_id from dim_shop where domain = ${shop})`,
          )
        )[0]!.n,
      );
    expect(done.tables.filter((t) => t.rows === 0)).toEqual([]);
    for (const table of done.tables) {
      const expected = await counted(['sales_daily', 'customers'].includes(table.name) ? 'analytics' : 'public', table.name);
      expect({ table: table.name, rows: table.rows, inFiles: done.files.filter((f) => f.table === table.name).reduce((n, f) => n + f.rows, 0) }).toEqual({
        table: table.name,
        rows: expected,
        inFiles: expected,
      });
    }
    expect(done.manifestKey).toBe(`exports/${shop}/_manifests/${done.id}.json`);
    for (const file of done.files) expect(file.key).toBe(`exports/${shop}/${file.table}/${done.partition}/part-${String(file.part).padStart(4, '0')}.parquet`);
  });

  it('links each file of a complete export for download, whole or by range, without an API key', { timeout: 120_000 }, async () => {
    const { shop } = await goldenShop();
    const { done } = await completeExport(shop);
    const file = done.files[0]!;
    const response = await SELF.fetch(file.url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const bytes = await response.arrayBuffer();
    expect(bytes.byteLength).toBe(file.bytes);
    expect(await sha256(bytes)).toBe(file.sha256);
    // A Parquet reader starts at the footer: its length and the magic number are the last eight bytes.
    const tail = await SELF.fetch(file.url!, { headers: { range: `bytes=${file.bytes - 4}-${file.bytes - 1}` } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${file.bytes - 4}-${file.bytes - 1}/${file.bytes}`);
    expect(new TextDecoder().decode(await tail.arrayBuffer())).toBe('PAR1');
  });

  it('returns the running export to a second request while the first runs', { timeout: 120_000 }, async () => {
    const { shop } = await goldenShop();
    const { key } = await apiKeyFor(shop, ['admin']);
    const first = await apiJson<ExportView>('/v1/exports', key, { method: 'POST', body: JSON.stringify({ full: true, tables: TABLES }) });
    const again = await api('/v1/exports', key, { method: 'POST', body: JSON.stringify({ tables: ['fact_order'] }) });
    expect(again.status).toBe(200);
    expect(((await again.json()) as ExportView).id).toBe(first.body.id);
  });
});
