/**
 * The warehouse connection. This is the only module that knows where Postgres runs:
 * - Production: Neon, reached by the Neon driver over a secure WebSocket (its defaults).
 * - Local and CI: any Postgres (PGlite or a PostgreSQL server) behind the small WebSocket-to-TCP
 *   bridge in scripts/ws-bridge.ts, named by DATABASE_WS_PROXY. The bridge speaks plain `ws://`
 *   and no TLS, so the driver's TLS and pipelining shortcuts are turned off.
 */
import { neonConfig, Pool } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { type WarehouseConfig, warehouseConfig } from '../config';
import { log } from '../lib/log';

export type Warehouse = ReturnType<typeof drizzle>;
export type WarehouseTransaction = Parameters<Parameters<Warehouse['transaction']>[0]>[0];

export interface WarehouseConnection {
  db: Warehouse;
  close(): Promise<void>;
}

export function connectWarehouse(config: Pick<WarehouseConfig, 'databaseUrl' | 'wsProxy'>): WarehouseConnection {
  if (config.wsProxy) {
    neonConfig.wsProxy = config.wsProxy;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
  let closing = false;
  // An idle client whose socket drops emits on the pool; the next query opens a fresh one. While
  // the pool closes, workerd may report errors on WebSockets the server has just closed cleanly.
  pool.on('error', (error: Error) => closing || log.warn('idle database connection lost', { error: error.message }));
  return {
    // No schema: Wharf does not use relational queries, and building their configuration from
    // the schema on every connection cost more than most of the requests that open one.
    db: drizzle({ client: pool }),
    close: async () => {
      closing = true;
      // Nothing is left to do with a connection that fails while closing.
      await pool.end().catch(() => {});
    },
  };
}

/** A round trip to the database: throws when it cannot be reached. */
export async function ping(db: Warehouse): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Runs `use` on a connection of its own, closed once `use` is done: the close is left to
 * `ctx.waitUntil`, so that it never holds up the response or the batch.
 */
export async function withWarehouse<T>(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, use: (db: Warehouse) => Promise<T>): Promise<T> {
  const connection = connectWarehouse(warehouseConfig(env));
  try {
    return await use(connection.db);
  } finally {
    ctx.waitUntil(connection.close());
  }
}
