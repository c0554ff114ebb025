/**
 * Gives the test Worker a migrated database of its own: a fresh database on the server named by
 * DATABASE_URL (dropped afterwards), or an in-memory embedded Postgres when none is given; and a
 * Shopify simulator for the resyncs to talk to, a receiver for alert channels, Cloudflare Access
 * team domains that serve the signing keys tests publish, and a host of product images.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openLocalDatabase } from '../../scripts/lib/database';
import { startShopifySimulator } from '../../simulator';
import { startAccessTeams } from './access-teams';
import { startAlertReceiver } from './alert-receiver';
import { startImageServer } from './image-server';

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
  const shopify = await startShopifySimulator({ port: 0 });
  project.provide('shopifySimUrl', shopify.url);
  const receiver = await startAlertReceiver();
  project.provide('alertReceiverUrl', receiver.url);
  const accessTeams = await startAccessTeams();
  project.provide('accessTeamsUrl', accessTeams.url);
  const images = await startImageServer();
  project.provide('imageServerUrl', images.url);
  return async () => {
    await images.close();
    await accessTeams.close();
    await receiver.close();
    await shopify.close();
    await database.stop();
    await dropTestDatabase();
  };
}
