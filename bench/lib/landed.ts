/** What the warehouse holds of a run's webhook deliveries, read by the benchmark's own connection. */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

// Nothing landing for this long means a retry loop or lost messages, not a slow pipeline.
const STALL_MS = 60_000;

export interface Counts {
  events: number;
  loaded: number;
  orders: number;
  lines: number;
  quarantined: number;
}

export async function counts(db: pg.Client): Promise<Counts> {
  const { rows } = await db.query<Counts>(`select
    (select count(*) from raw_event)::int as events,
    (select count(*) from raw_event where status = 'loaded')::int as loaded,
    (select count(*) from fact_order)::int as orders,
    (select count(*) from fact_order_line)::int as lines,
    (select count(*) from quarantine)::int as quarantined`);
  return rows[0]!;
}

export interface Watched {
  logFile: string;
  /** Whether the Worker was reloaded (wrangler dev's file watching), losing what its in-memory queues held. */
  reloaded?(): boolean;
}

/**
 * Polls every 100 ms until `expected.loaded` deliveries are loaded and `expected.orders` orders are
 * in; returns when that was seen (epoch ms). Fails when nothing lands for a minute, or when a
 * Worker reloaded and so lost queued messages.
 */
export async function waitUntilLoaded(db: pg.Client, workers: readonly Watched[], expected: { loaded: number; orders: number }): Promise<number> {
  let last = -1;
  let progressAt = Date.now();
  for (;;) {
    const now = await counts(db);
    if (now.loaded >= expected.loaded && now.orders >= expected.orders) return Date.now();
    if (now.loaded !== last) [last, progressAt] = [now.loaded, Date.now()];
    const stalledFor = Date.now() - progressAt;
    const reloaded = workers.find((w) => w.reloaded?.());
    if (stalledFor > 5_000 && reloaded) {
      throw new Error(`wrangler dev reloaded the Worker (files changed under it) and lost queued messages; see ${reloaded.logFile}`);
    }
    if (stalledFor > STALL_MS) {
      throw new Error(`no delivery landed for ${STALL_MS / 1000} s: expected ${JSON.stringify(expected)}, warehouse ${JSON.stringify(now)}`);
    }
    await sleep(100);
  }
}

/** `n` with thousands separators and `digits` decimals, as the figures in bench/README.md are written. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
