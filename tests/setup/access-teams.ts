/**
 * A local stand-in for Cloudflare Access team domains: each first path segment is a team, whose
 * signing keys a test publishes and the Worker fetches, as it would from
 * https://<team>.cloudflareaccess.com/cdn-cgi/access/certs.
 *
 *   PUT /NAME/cdn-cgi/access/certs   publishes the JSON Web Key Set in the body
 *   GET /NAME/cdn-cgi/access/certs   the published set (404 before one is); each GET is counted
 *   GET /NAME/fetches                how many times the set was fetched: { count }
 */
import { startLocalServer } from './local-server';

export function startAccessTeams(): Promise<{ url: string; close(): Promise<void> }> {
  const published = new Map<string, string>();
  const fetches = new Map<string, number>();
  return startLocalServer((request, body, response) => {
    const [team, ...rest] = (request.url ?? '').split('/').filter(Boolean);
    const path = `${request.method} ${rest.join('/')}`;
    if (team && path === 'PUT cdn-cgi/access/certs') {
      published.set(team, body.toString('utf8'));
      response.writeHead(204).end();
    } else if (team && path === 'GET cdn-cgi/access/certs') {
      fetches.set(team, (fetches.get(team) ?? 0) + 1);
      const keys = published.get(team);
      if (keys) response.writeHead(200, { 'content-type': 'application/json' }).end(keys);
      else response.writeHead(404).end();
    } else if (team && path === 'GET fetches') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: fetches.get(team) ?? 0 }));
    } else {
      response.writeHead(404).end();
    }
  });
}
