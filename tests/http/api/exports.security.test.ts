/** A signed link opens one file of one complete export until it expires, and nothing else. */
import { env, SELF } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../../src/config';
import { signedFilePath } from '../../../src/exports/links';
import { requestExport } from '../../../src/exports/run';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { eventually, query, withDb } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

interface ExportView {
  id: string;
  status: string;
  files: { table: string; part: number; url: string | null }[];
}

const secret = () => exportConfig(env).signingKey;
const now = () => Math.floor(Date.now() / 1000);

async function exportOfShopRow(): Promise<ExportView> {
  const { key } = await apiKeyFor(uniqueShop(), ['admin']);
  const { body } = await apiJson<ExportView>('/v1/exports', key, { method: 'POST', body: JSON.stringify({ tables: ['dim_shop'] }) });
  return (
    await eventually(
      () => apiJson<ExportView>(`/v1/exports/${body.id}`, key),
      (r) => r.body.status === 'complete',
      30_000,
    )
  ).body;
}

async function refused(url: string) {
  const response = await SELF.fetch(url);
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as { detail: string } };
}

describe('signed export links', () => {
  it('refuse a link whose signature was changed', { timeout: 60_000 }, async () => {
    const { files } = await exportOfShopRow();
    const url = new URL(files[0]!.url!);
    url.searchParams.set('signature', 'ab'.repeat(32));

    expect(await refused(url.toString())).toEqual({
      status: 403,
      contentType: 'application/problem+json',
      body: expect.objectContaining({ detail: 'the signature is not valid' }),
    });
  });

  it('refuse a link past its expiry, though its signature is right', { timeout: 60_000 }, async () => {
    const { id, files } = await exportOfShopRow();
    const path = await signedFilePath(secret(), { runId: id, table: files[0]!.table, part: files[0]!.part }, now() - 1);

    expect((await refused(`https://wharf.test${path}`)).body.detail).toBe('the link has expired');
  });

  it("refuse one file's signature for another file of the run", { timeout: 60_000 }, async () => {
    const { files } = await exportOfShopRow();
    const url = new URL(files[0]!.url!);
    url.pathname = url.pathname.replace(/\/0$/, '/1');

    expect((await refused(url.toString())).status).toBe(403);
  });

  it('open no file of an export that is not complete, whatever the signature', async () => {
    const shop = uniqueShop();
    await apiKeyFor(shop, ['admin']);
    const shopId = (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`))[0]!.shop_id;
    // Its first step is held back: the run stays where it started.
    const held = { send: async () => {}, sendAll: async () => {} };
    const { run } = await withDb((db) => requestExport({ db, queue: held }, { shopId, full: false, tables: ['dim_shop'], requestedBy: 'test' }));
    const path = await signedFilePath(secret(), { runId: run.id, table: 'dim_shop', part: 0 }, now() + 60);

    expect(run.status).toBe('running');
    expect((await refused(`https://wharf.test${path}`)).status).toBe(404);
  });
});
