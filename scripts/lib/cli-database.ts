/**
 * The warehouse for the operator CLI: DATABASE_URL when set (Neon or any Postgres), else the
 * embedded database of a running `npm start`, else the embedded database opened directly.
 */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { neonConfig } from '@neondatabase/serverless';
import { WebSocket } from 'ws';
import { connectWarehouse, type Warehouse } from '../../src/warehouse/db';
import { openLocalDatabase } from './database';
import { ensureDevVars } from './dev-vars';

const EMBEDDED_PORT = Number(process.env.WHARF_PG_PORT ?? 54329);

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.destroy() && true));
    socket.once('error', () => resolve(false));
  });
}

async function openCliWarehouse(): Promise<{ db: Warehouse; describe: string; close(): Promise<void> }> {
  // Node has no global WebSocket the Neon driver can use.
  neonConfig.webSocketConstructor = WebSocket;
  const configured = process.env.DATABASE_URL || ensureDevVars().vars.DATABASE_URL || undefined;
  const running = !configured && (await listening(EMBEDDED_PORT));
  const local = await openLocalDatabase({
    databaseUrl: configured ?? (running ? `postgres://postgres@127.0.0.1:${EMBEDDED_PORT}/postgres` : undefined),
    dataDir: fileURLToPath(new URL('../../.wharf/pglite', import.meta.url)),
    migrate: !configured && !running,
  });
  const connection = await connectWarehouse(local.warehouse);
  return {
    db: connection.db,
    describe: configured ? 'DATABASE_URL' : running ? 'the embedded database of npm start' : 'the embedded database in .wharf/pglite',
    close: async () => {
      await connection.close();
      await local.stop();
    },
  };
}

/** Runs `work` on the CLI's warehouse, closed (with the embedded database, if opened) once it is done. */
export async function withCliWarehouse<T>(work: (db: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openCliWarehouse();
  try {
    return await work(warehouse.db);
  } finally {
    await warehouse.close();
  }
}
