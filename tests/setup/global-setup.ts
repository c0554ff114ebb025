/**
 * Gives the test Worker a migrated database of its own: a fresh database on the server named by
 * DATABASE_URL (dropped afterwards), or an in-memory embedded Postgres when none is given.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openLocalDatabase } from '../../scripts/lib/database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    wsProxy: string;
  }
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const adminUrl = process.env.DATABASE_URL;
  let testUrl: string | undefined;
  let dropTestDatabase = async () => {};
  if (adminUrl) {
    const name = `wharf_test_${randomBytes(6).toString('hex')}`;
    await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    testUrl = url.toString();
    dropTestDatabase = () => withAdmin(adminUrl, (client) => client.query(`drop database ${name} with (force)`)).then(() => {});
  }

  const database = await openLocalDatabase({ databaseUrl: testUrl });
  project.provide('databaseUrl', database.databaseUrl);
  project.provide('wsProxy', database.wsProxy);
  return async () => {
    await database.stop();
    await dropTestDatabase();
  };
}
