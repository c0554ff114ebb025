/**
 * A local HTTP receiver for alert channels, as a team's webhook endpoint would be: it records
 * every request by the name in its path and answers as the path says. It also hands back the
 * emails the local send_email binding was given: Miniflare writes each raw message to
 * <temporary directory>/miniflare-<random>/files/email/<uuid>.eml and logs that path instead of
 * sending it (miniflare's src/workers/email/send_email.worker.ts).
 *
 *   POST /hooks/ok/NAME          200
 *   POST /hooks/status/CODE/NAME CODE
 *   GET  /received/NAME          what NAME received, oldest first: { headers, body }[]
 *   GET  /emails/ADDRESS         the raw messages sent to ADDRESS, oldest first: string[]
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from './local-server';

/** Every message the local send_email bindings of this machine hold whose To: is `address`. */
async function emailsTo(address: string): Promise<string[]> {
  const folders = (await readdir(tmpdir())).filter((name) => name.startsWith('miniflare-')).map((name) => join(tmpdir(), name, 'files', 'email'));
  const files = (
    await Promise.all(
      folders.map((folder) =>
        readdir(folder).then(
          (names) => names.map((name) => join(folder, name)),
          () => [],
        ),
      ),
    )
  ).flat();
  const messages = await Promise.all(files.map(async (file) => ({ raw: await readFile(file, 'utf8'), at: (await stat(file)).mtimeMs })));
  return messages
    .filter((m) => m.raw.split('\r\n').includes(`To: ${address}`))
    .sort((a, b) => a.at - b.at)
    .map((m) => m.raw);
}

export function startAlertReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const received = new Map<string, { headers: IncomingHttpHeaders; body: string }[]>();
  return startLocalServer((request, body, response) => {
    const parts = (request.url ?? '').split('/').filter(Boolean);
    if (request.method === 'GET' && parts[0] === 'received' && parts[1]) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received.get(parts[1]) ?? []));
      return;
    }
    if (request.method === 'GET' && parts[0] === 'emails' && parts[1]) {
      emailsTo(decodeURIComponent(parts[1])).then(
        (emails) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(emails)),
        (error: Error) => response.writeHead(500).end(error.message),
      );
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
