/** Driving resyncs against the local Shopify simulator, and reading what they left. */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import type { ShopCounts } from '../../simulator';
import { resyncConfig } from '../../src/config';
import { resyncQueue } from '../../src/pipeline/producers';
import { queueTicks } from '../../src/resync/context';
import { registerShop } from '../../src/resync/installs';
import { requestResync } from '../../src/resync/requests';
import type { ResyncKind } from '../../src/warehouse/resyncs';
import { eventually, query, withDb } from './warehouse';

export interface SimulatedShop {
  domain: string;
  shopUrl: string;
  adminApiUrl: string;
  accessToken: string;
  counts: ShopCounts;
}

export const simUrl = () => inject('shopifySimUrl');

async function sim<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(
    `${simUrl()}${path}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
  );
  if (!response.ok) throw new Error(`simulator ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A generated shop in the simulator, registered with Wharf under its domain. */
export async function registeredShop(domain: string, options: Record<string, unknown> = {}): Promise<SimulatedShop> {
  const shop = await sim<SimulatedShop>('/_sim/shops', { domain, seed: 7, ...options });
  await withDb((db) => registerShop(db, resyncConfig(env).tokenKeys[0]!, { shopDomain: domain, accessToken: shop.accessToken, shopUrl: shop.shopUrl }));
  return shop;
}

export const injectFault = (domain: string, fault: { kind: string; count?: number; entity?: string }) => sim(`/_sim/shops/${domain}/faults`, fault);

export const mutateShop = (domain: string, mutation: { kind: 'update' | 'delete' | 'create'; entity: string; count: number }) =>
  sim<{ ids: string[] }>(`/_sim/shops/${domain}/mutations`, mutation);

export interface SimDelivery {
  topic: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs a scenario; with `deliver: false` the signed deliveries come back instead of being sent. */
export const simScenario = (
  domain: string,
  scenario: { name: string; deliver: false; secret: string; seed?: number; orders?: number; duplicates?: number; reorder?: boolean; late?: number },
) => sim<{ deliveries: SimDelivery[] }>(`/_sim/shops/${domain}/scenarios`, scenario);

export interface SimRequest {
  operation: string;
  apiVersion: string;
  cost: number;
  availableBefore: number;
  throttled: boolean;
}

export const simRequests = (domain: string) => sim<SimRequest[]>(`/_sim/shops/${domain}/requests`);

/** The bulk operations the simulated shop has actually started. */
export const simBulkOperations = (domain: string) => sim<{ id: string; entity: string }[]>(`/_sim/shops/${domain}/bulk-operations`);

export type ResyncRow = {
  id: string;
  status: string;
  kind: string;
  error: string | null;
  lines_total: number;
  lines_loaded: number;
  lines_rejected: number;
  lines_duplicate: number;
  deletes_reconciled: number;
};

export async function shopIdOf(domain: string): Promise<number> {
  const [row] = await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${domain}`);
  return row!.shop_id;
}

export async function resyncRow(id: string): Promise<ResyncRow> {
  const [row] = await query<ResyncRow>(sql`
    select id, status::text, kind::text, error, lines_total::int, lines_loaded::int, lines_rejected::int, lines_duplicate::int, deletes_reconciled
    from resync where id = ${id}`);
  return row!;
}

/** Waits until the resync is reconciled or failed. */
export async function finished(id: string, timeoutMs = 60_000): Promise<ResyncRow> {
  await eventually(
    () => resyncRow(id),
    (row) => row.status === 'reconciled' || row.status === 'failed',
    timeoutMs,
  );
  return resyncRow(id);
}

/** Requests a resync as the scheduler does, queues its first tick and waits for its end. */
export async function resyncToEnd(domain: string, kind: ResyncKind): Promise<ResyncRow> {
  const shopId = await shopIdOf(domain);
  const { resync } = await withDb((db) => requestResync(db, { shopId, kind, requestedBy: 'schedule' }));
  await queueTicks(resyncQueue(env), [resync.id]);
  return finished(resync.id);
}

export async function countOf(table: string, domain: string, where = sql`true`): Promise<number> {
  const [row] = await query<{ n: number }>(sql`
    select count(*)::int as n from ${sql.identifier(table)} t join dim_shop s using (shop_id) where s.domain = ${domain} and ${where}`);
  return row!.n;
}
