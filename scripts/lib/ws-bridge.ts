/**
 * A WebSocket-to-TCP bridge: the Neon driver speaks the Postgres protocol over a WebSocket, and a
 * plain Postgres (PGlite, a local server) listens on TCP. Every WebSocket connection becomes one
 * TCP connection to the configured target; the driver's `?address=` is ignored so that the bridge
 * can reach nothing else. Listens on loopback only.
 */

import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { type RawData, WebSocketServer } from 'ws';

export interface WsBridge {
  /** host:port for DATABASE_WS_PROXY. */
  address: string;
  stop(): Promise<void>;
}

const toBuffer = (data: RawData) => (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));

export async function startWsBridge(target: { host: string; port: number }, port = 0): Promise<WsBridge> {
  const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
  server.on('connection', (socket, request) => {
    const tcp = connect({ host: target.host, port: target.port, noDelay: true });
    const pending: Buffer[] = [];
    tcp.on('connect', () => {
      for (const chunk of pending.splice(0)) tcp.write(chunk);
    });
    socket.on('message', (data) => (tcp.connecting ? pending.push(toBuffer(data)) : tcp.write(toBuffer(data))));
    tcp.on('data', (chunk) => socket.send(chunk, { binary: true }));
    // Postgres closed the connection (after the driver's Terminate, or on its own): end the TCP
    // connection under the WebSocket once what Postgres sent is flushed, without a Close frame, as
    // a TCP proxy would. workerd answers a Close frame itself (web_socket_auto_reply_to_close, on
    // from compatibility date 2026-04-07) and then reports "Network connection lost" on the socket
    // it has just closed cleanly; a connection that simply ends is a close event (1006) and nothing
    // else, which the driver handles like a TCP socket ending.
    tcp.on('close', () => request.socket.end());
    tcp.on('error', () => socket.terminate());
    socket.on('close', () => tcp.end());
    socket.on('error', () => tcp.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${bound}/v1`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
