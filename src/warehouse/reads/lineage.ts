/**
 * Lineage of a warehouse row: the row as stored, where it came from (its raw R2 object: a webhook
 * delivery, an upload job and row, or a resync's export file) and every delivery in the ledger
 * that touched it, newest first. Every table whose rows carry a shop and a raw key answers, by
 * its primary key after the shop (`a:b` for two columns; a prefix of it matches every row under it,
 * e.g. a customer's versions).
 */

import { type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { arrayParam } from '../array-literal';
import type { Warehouse } from '../db';
import * as schema from '../schema';
import type { ShopScope } from './scope';

interface LineageTable {
  table: PgTable;
  keys: PgColumn[];
  /** The column that names the row's order or customer, through which the ledger knows its deliveries. */
  order?: PgColumn;
  customer?: PgColumn;
}

const LINEAGE_TABLES: ReadonlyMap<string, LineageTable> = new Map(
  (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => value instanceof PgTable)
    .flatMap((table): [string, LineageTable][] => {
      const config = getTableConfig(table);
      const named = (name: string) => config.columns.find((c) => c.name === name);
      const primary = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
      const keys = primary.filter((c) => c.name !== 'shop_id');
      if (!named('raw_key') || !named('shop_id') || keys.length === 0) return [];
      return [[config.name, { table, keys, order: named('order_id'), customer: named('customer_id') }]];
    })
    .sort(([a], [b]) => a.localeCompare(b)),
);

/** The tables lineage answers for, and the key each takes. */
export const lineageTables = () => [...LINEAGE_TABLES].map(([name, t]) => ({ table: name, key: t.keys.map((k) => k.name).join(':') }));

export type Source =
  | { kind: 'delivery'; rawKey: string; webhookId: string | null; topic: string | null; receivedAt: string | null; status: string | null }
  | { kind: 'upload'; rawKey: string; jobId: string; format: string | null; jobStatus: string | null; rowNumber: number | null }
  | { kind: 'resync'; rawKey: string; resyncId: string; resyncKind: string | null; resyncStatus: string | null; file: string | null }
  | { kind: 'other'; rawKey: string };

export interface Lineage {
  table: string;
  key: string;
  rows: { row: Record<string, string | null>; loadedAt: string; source: Source }[];
  deliveries: { webhookId: string; topic: string; receivedAt: string; status: string; rawKey: string; seenCount: number }[];
}

/** The lineage of a row, or null when the table holds no row under the key for this shop. */
export async function lineageOf(db: Warehouse, scope: ShopScope, tableName: string, key: string): Promise<Lineage | null> {
  const target = LINEAGE_TABLES.get(tableName);
  if (!target) return null;
  const parts = key.split(':');
  const matches: SQL[] = parts.map((part, i) => sql`t.${sql.identifier(target.keys[i]!.name)}::text = ${part}`);
  // Every value as Postgres's own text: 64-bit ids never pass through a JavaScript number.
  const found = await db.execute<{
    row: Record<string, string | null>;
    raw_key: string;
    loaded_at: string;
    order_id: string | null;
    customer_id: string | null;
  }>(sql`
    select (select jsonb_object_agg(key, value #>> '{}') from jsonb_each(to_jsonb(t) - 'shop_id')) as row, t.raw_key, to_json(t.loaded_at) #>> '{}' as loaded_at,
      ${target.order ? sql`t.order_id::text` : sql`null`} as order_id, ${target.customer ? sql`t.customer_id::text` : sql`null`} as customer_id
    from ${target.table} t
    where t.shop_id = ${scope.shopId} and ${sql.join(matches, sql` and `)}
    order by t.loaded_at desc
    limit 50`);
  if (found.rows.length === 0) return null;

  const rows = [];
  for (const r of found.rows) rows.push({ row: r.row, loadedAt: r.loaded_at, source: await sourceOf(db, scope, r.raw_key, r.row) });
  const orderIds = [...new Set(found.rows.flatMap((r) => (r.order_id ? [r.order_id] : [])))];
  const customerIds = [...new Set(found.rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))];
  const rawKeys = [...new Set(found.rows.map((r) => r.raw_key))];
  const deliveries = await db.execute<Lineage['deliveries'][number]>(sql`
    select e.webhook_id as "webhookId", e.topic, to_json(e.received_at) #>> '{}' as "receivedAt", e.status::text as status, e.raw_key as "rawKey", e.seen_count as "seenCount"
    from raw_event e join dim_shop s on s.domain = e.shop_domain
    where s.shop_id = ${scope.shopId} and (
      e.raw_key = any(${arrayParam(rawKeys, 'text')})
      ${orderIds.length ? sql`or e.order_id = any(${arrayParam(orderIds, 'bigint')})` : sql``}
      ${customerIds.length ? sql`or e.customer_id = any(${arrayParam(customerIds, 'bigint')})` : sql``}
    )
    order by e.received_at desc, e.id desc
    limit 200`);
  return { table: tableName, key, rows, deliveries: deliveries.rows };
}

/** What a raw key names: the delivery, the upload job (and row, when the row keeps it) or the resync. */
async function sourceOf(db: Warehouse, scope: ShopScope, rawKey: string, row: Record<string, string | null>): Promise<Source> {
  const [area, , id] = rawKey.split('/');
  if (area === 'webhooks') {
    const [event] = (
      await db.execute<{ webhookId: string; topic: string; receivedAt: string; status: string }>(sql`
        select e.webhook_id as "webhookId", e.topic, to_json(e.received_at) #>> '{}' as "receivedAt", e.status::text as status
        from raw_event e join dim_shop s on s.domain = e.shop_domain where s.shop_id = ${scope.shopId} and e.raw_key = ${rawKey} limit 1`)
    ).rows;
    return {
      kind: 'delivery',
      rawKey,
      webhookId: event?.webhookId ?? null,
      topic: event?.topic ?? null,
      receivedAt: event?.receivedAt ?? null,
      status: event?.status ?? null,
    };
  }
  if (area === 'uploads' && id) {
    const [job] = (
      await db.execute<{ source: string; status: string }>(sql`
        select source::text as source, status::text as status from upload_job where shop_id = ${scope.shopId} and id = ${id}`)
    ).rows;
    const rowNumber = row.row_number ? Number(row.row_number) : null;
    return { kind: 'upload', rawKey, jobId: id, format: job?.source ?? null, jobStatus: job?.status ?? null, rowNumber };
  }
  if (area === 'resyncs' && id) {
    const resyncId = id;
    const [run] = (
      await db.execute<{ kind: string; status: string }>(sql`
        select kind::text as kind, status::text as status from resync where shop_id = ${scope.shopId} and id = ${resyncId}`)
    ).rows;
    return { kind: 'resync', rawKey, resyncId, resyncKind: run?.kind ?? null, resyncStatus: run?.status ?? null, file: rawKey.split('/')[3] ?? null };
  }
  return { kind: 'other', rawKey };
}
