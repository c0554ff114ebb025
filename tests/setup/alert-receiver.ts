/**
 * A local HTTP receiver for alert channels, as a team's webhook endpoint would be: it records
 * every request by the name in its path and answers as the path says.
 *
 *   POST /hooks/ok/NAME          200
 *   POST /hooks/status/CODE/NAME CODE
 *   GET  /received/NAME          what NAME received, oldest first: { headers, body }[]
 */
import type { IncomingHttpHeaders } from 'node:http';
import { startLocalServer } from './local-server';

export function startAlertReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const received = new Map<string, { headers: IncomingHttpHeaders; body: string }[]>();
  return startLocalServer((request, body, response) => {
    const parts = (request.url ?? '').split('/').filter(Boolean);
    if (request.method === 'GET' && parts[0] === 'received' && parts[1]) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received.get(parts[1]) ?? []));
      return;
    }
    if (request.method === 'POST' && parts[0] === 'hooks') {
      const [status, name] = parts[1] === 'status' ? [Number(parts[2]), parts[3]] : [200, parts[2]];
      if (name) {
        const list = received.get(name) ?? received.set(name, []).get(name)!;
        list.push({ headers: request.headers, body: body.toString('utf8') });
        response.writeHead(status).end();
        return;
      }
    }
    response.writeHead(404).end();
  });
}
