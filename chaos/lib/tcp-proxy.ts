/**
 * A TCP proxy in front of Postgres that can be switched off: `refuse()` drops every connection it
 * carries and turns new ones away at once (as a database that went down would), `accept()` lets
 * them through again. Listens on loopback only.
 */
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  refuse(): void;
  accept(): void;
  /** Connections refused or dropped since the proxy started. */
  refused(): number;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let refused = 0;
  const server = createServer((client) => {
    if (refusing) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = connect({ host: target.host, port: target.port, noDelay: true });
    open.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.pipe(upstream).pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    refuse() {
      refusing = true;
      refused += open.size / 2;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    accept() {
      refusing = false;
    },
    refused: () => refused,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
