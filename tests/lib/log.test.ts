import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '../../src/lib/log';
import type { Warehouse } from '../../src/warehouse/db';
import { dimShop } from '../../src/warehouse/schema';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

/** The error a statement fails with, as the driver and drizzle give it. */
async function failureOf(run: (db: Warehouse) => Promise<unknown>): Promise<Error> {
  try {
    await withDb(run);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the statement did not fail');
}

/** What `log.error` wrote for the error, as the log line's text and object. */
function logged(error: Error) {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  log.error('load failed', { jobId: 'job_0000000000000000000000001', error });
  spy.mockRestore();
  return { text: lines[0]!, entry: JSON.parse(lines[0]!) as { jobId: string; error: Record<string, unknown> } };
}

describe('logs of database errors', () => {
  afterEach(() => vi.restoreAllMocks());

  it('carry the SQLSTATE and the ids, never the bound parameters', async () => {
    const emailHash = '5f4dcc3b5aa765d61d8327deb882cf99a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const error = await failureOf((db) => db.execute(sql`select ${emailHash}::bigint, ${'jon@example.com'}::text`));

    const { text, entry } = logged(error);

    expect(error.message).toContain('jon@example.com');
    expect(text).not.toContain('jon@example.com');
    expect(text).not.toContain(emailHash);
    expect(entry.jobId).toBe('job_0000000000000000000000001');
    expect(entry.error).toMatchObject({
      message: expect.stringMatching(/^Failed query \(parameters withheld\): select \$1::bigint/),
      causes: [{ code: '22P02' }],
    });
  });

  it('carry the constraint a row broke, not the row’s values', async () => {
    const domain = uniqueShop();
    await query(sql`insert into dim_shop (domain) values (${domain})`);
    const error = await failureOf((db) => db.insert(dimShop).values({ domain }));

    const { text, entry } = logged(error);

    expect(text).not.toContain(domain);
    expect(entry.error).toMatchObject({
      causes: [{ code: '23505', constraint: 'dim_shop_domain_unique', message: 'duplicate key value violates unique constraint "…"' }],
    });
  });
});
