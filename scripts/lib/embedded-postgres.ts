/**
 * The embedded default database: PGlite (Postgres compiled to WebAssembly, nothing to install)
 * served over the Postgres wire protocol, so that every client (the Neon driver through the
 * bridge, node-postgres for migrations, psql) talks to it as to any Postgres.
 *
 * PGlite is a single session. Clients take turns: a connection holds the session from its first
 * message until Postgres reports it idle again (ReadyForQuery 'I'), so a transaction or an
 * extended-protocol exchange (Parse/Bind/Execute/Sync) is never interleaved with another
 * connection's. Interleaving them is what breaks naive multiplexing: one client's Bind lands on
 * another's unnamed statement.
 */
import { mkdirSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** Splits a client's byte stream into whole frontend messages. */
class FrontendFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const messages: Buffer[] = [];
    for (;;) {
      const length = this.started ? (this.buffer.length >= 5 ? 1 + this.buffer.readInt32BE(1) : 0) : this.buffer.length >= 4 ? this.buffer.readInt32BE(0) : 0;
      if (length === 0 || this.buffer.length < length) return messages;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      if (!this.started && message.readInt32BE(4) === PROTOCOL_3) this.started = true;
      messages.push(message);
    }
  }
}

/** The transaction status of the last ReadyForQuery in a backend response, if it has one. */
function readyStatus(response: Uint8Array): string | undefined {
  let status: string | undefined;
  const view = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
  for (let offset = 0; offset + 5 <= view.length; offset += 1 + view.readInt32BE(offset + 1)) {
    if (view[offset] === 0x5a /* Z */) status = String.fromCharCode(view[offset + 5]!);
  }
  return status;
}

class SessionTurns {
  private holder: Socket | null = null;
  private waiting: (() => void)[] = [];

  async take(socket: Socket): Promise<void> {
    if (this.holder === socket) return;
    while (this.holder !== null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.holder = socket;
  }

  release(socket: Socket): void {
    if (this.holder !== socket) return;
    this.holder = null;
    this.waiting.shift()?.();
  }
}

export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const turns = new SessionTurns();
  const sockets = new Set<Socket>();
  let stopping = false;

  const serve = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new FrontendFramer();
    let chain = Promise.resolve();

    const handle = async (message: Buffer) => {
      if (message.length === 8 && [SSL_REQUEST, GSSENC_REQUEST].includes(message.readInt32BE(4))) {
        socket.write('N');
        return;
      }
      if (message.length === 16 && message.readInt32BE(4) === CANCEL_REQUEST) {
        socket.end();
        return;
      }
      await turns.take(socket);
      if (message[0] === 0x58 /* Terminate */) {
        // As a Postgres server does: clients wait for the close before they count as ended.
        socket.end();
        return;
      }
      const response = await db.execProtocolRaw(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (response.length && !socket.destroyed) socket.write(response);
      if (readyStatus(response) === 'I') turns.release(socket);
    };

    socket.on('data', (chunk) => {
      for (const message of framer.push(chunk)) chain = chain.then(() => handle(message)).catch(() => void socket.destroy());
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      if (stopping) return;
      // A client that vanished mid-transaction must not leave the session inside it. It may also
      // have gone between an Execute and its Sync (a COMMIT half done): the Sync a server would
      // wait for comes first, else the rollback finds the transaction ending and fails.
      chain = chain
        .then(async () => {
          await turns.take(socket);
          try {
            await db.execProtocolRaw(SYNC);
            if (db.isInTransaction()) await db.exec('rollback');
          } finally {
            turns.release(socket);
          }
        })
        .catch(() => {});
    });
  };

  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      stopping = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}
