/**
 * The warehouse connection. This is the only module that knows the drivers and where Postgres runs
 * (src/config.ts decides which, docs/configuration.md#database says how):
 * - Through Hyperdrive (a HYPERDRIVE binding): node-postgres over the Workers TCP socket API
 *   (nodejs_compat), to the connection string the binding gives. Hyperdrive keeps the pool of
 *   connections near the database, so each request or batch opens a client of its own.
 * - Otherwise the Neon serverless driver over a secure WebSocket (its defaults) to DATABASE_URL. Locally
 *   and in CI any Postgres (PGlite or a PostgreSQL server) sits behind the small WebSocket-to-TCP bridge
 *   in scripts/ws-bridge.ts, named by DATABASE_WS_PROXY. The bridge speaks plain `ws://` and no TLS,
 *   so the driver's TLS and pipelining shortcuts are turned off.
 */
import { Pool as NeonPool, neonConfig } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { type NeonDatabase, drizzle as neonDrizzle } from 'drizzle-orm/neon-serverless';
import { type WarehouseDatabase, warehouseConfig } from '../config';
import { log } from '../lib/log';

/**
 * One database type for both drivers. The Neon driver is a port of node-postgres: its pool, query
 * results (`rows`, `rowCount`) and errors (the SQLSTATE in `code`, Postgres' fields beside it) have
 * node-postgres' shapes, so drizzle's two adapters answer every call Wharf makes alike, and the
 * node-postgres database is one of these without a cast. Only the underlying client (`$client`) differs.
 */
export type Warehouse = NeonDatabase<Record<string, unknown>>;
export type WarehouseTransaction = Parameters<Parameters<Warehouse['transaction']>[0]>[0];

export interface WarehouseConnection {
  db: Warehouse;
  close(): Promise<void>;
}

/** Connections a request or batch may hold at once: below the six concurrent outbound connections a Worker invocation may open. */
const MAX_CONNECTIONS = 4;

interface DriverPool {
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): Promise<void>;
}

async function openPool(database: WarehouseDatabase): Promise<{ pool: DriverPool; db: Warehouse }> {
  if (database.driver === 'hyperdrive') {
    // Loaded only on this path: a Worker reached through the Neon driver never loads node-postgres.
    const [{ default: pg }, { drizzle: pgDrizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
    const pool = new pg.Pool({ connectionString: database.connectionString, max: MAX_CONNECTIONS });
    // No schema: Wharf does not use relational queries, and building their configuration from
    // the schema on every connection cost more than most of the requests that open one.
    return { pool, db: pgDrizzle({ client: pool }) };
  }
  if (database.wsProxy) {
    neonConfig.wsProxy = database.wsProxy;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new NeonPool({ connectionString: database.connectionString, max: MAX_CONNECTIONS });
  return { pool, db: neonDrizzle({ client: pool }) };
}

export async function connectWarehouse(database: WarehouseDatabase): Promise<WarehouseConnection> {
  const { pool, db } = await openPool(database);
  let closing = false;
  // An idle client whose socket drops emits on the pool; the next query opens a fresh one. While
  // the pool closes, workerd may report errors on sockets the server has just closed cleanly.
  pool.on('error', (error: Error) => closing || log.warn('idle database connection lost', { error: error.message }));
  return {
    db,
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
  const connection = await connectWarehouse(warehouseConfig(env).database);
  try {
    return await use(connection.db);
  } finally {
    ctx.waitUntil(connection.close());
  }
}
