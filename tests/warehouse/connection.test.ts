import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ConfigError, warehouseConfig } from '../../src/config';
import { isTransientDatabaseError, sqlState } from '../../src/warehouse/errors';
import { withDb } from '../helpers/warehouse';

const HYPERDRIVE = { connectionString: 'postgres://wharf:secret@hyperdrive.local:5432/wharf' } as Hyperdrive;

describe('the warehouse connection', () => {
  it('goes through Hyperdrive when the binding is there, whatever DATABASE_URL says', () => {
    expect(warehouseConfig({ ...env, HYPERDRIVE }).database).toEqual({ driver: 'hyperdrive', connectionString: HYPERDRIVE.connectionString });
  });

  it('goes to DATABASE_URL by the Neon driver without the binding', () => {
    expect(warehouseConfig({ ...env, HYPERDRIVE: undefined }).database).toEqual({
      driver: 'neon',
      connectionString: env.DATABASE_URL,
      wsProxy: env.DATABASE_WS_PROXY || undefined,
    });
  });

  it('is a configuration error with neither', () => {
    expect(() => warehouseConfig({ ...env, HYPERDRIVE: undefined, DATABASE_URL: undefined as unknown as string })).toThrow(ConfigError);
    expect(() => warehouseConfig({ ...env, HYPERDRIVE: undefined, DATABASE_URL: undefined as unknown as string })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ connection string or a HYPERDRIVE binding/,
    );
  });

  it("reports Postgres' refusal with its SQLSTATE, which no retry changes", async () => {
    const error = await withDb((db) => db.execute(sql`select 1 / 0`)).catch((e: unknown) => e);
    expect(sqlState(error)).toBe('22012');
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
