/**
 * The database a local Worker uses: the Postgres named by DATABASE_URL, or else the embedded one,
 * migrated, and reachable from workerd through the WebSocket bridge when it is local. A remote
 * database (Neon) is reached directly, as in production.
 */
import type { WarehouseDatabase } from '../../src/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';
import { startWsBridge } from './ws-bridge';

export interface LocalDatabase {
  /** What the Worker gets as DATABASE_URL and DATABASE_WS_PROXY. */
  databaseUrl: string;
  wsProxy: string;
  /** The same, for connectWarehouse in a Node process (with a WebSocket constructor given to the Neon driver). */
  warehouse: WarehouseDatabase;
  embedded: boolean;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export async function openLocalDatabase(options: {
  databaseUrl?: string;
  dataDir?: string;
  pgPort?: number;
  bridgePort?: number;
  /** Apply pending migrations first (default). */
  migrate?: boolean;
}): Promise<LocalDatabase> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.pgPort });
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    if (options.migrate ?? true) await migrateDatabase(databaseUrl);

    const url = new URL(databaseUrl);
    let wsProxy = '';
    if (LOOPBACK.has(url.hostname)) {
      const bridge = await startWsBridge({ host: url.hostname, port: Number(url.port || 5432) }, options.bridgePort);
      stops.push(bridge.stop);
      wsProxy = bridge.address;
    }
    return {
      databaseUrl,
      wsProxy,
      warehouse: { driver: 'neon', connectionString: databaseUrl, wsProxy: wsProxy || undefined },
      embedded: !options.databaseUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
