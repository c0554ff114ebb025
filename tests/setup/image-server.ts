/**
 * A local image host, as a shop's CDN would be: tests put files on it and the Worker fetches them.
 * It counts the fetches of each file, and misbehaves as the path asks.
 *
 *   PUT /files/NAME            stores the body; served with the request's content-type (none if absent)
 *   GET /files/NAME            the file with its Content-Length, or 404
 *   GET /slow/MS/NAME          the file, after MS milliseconds
 *   GET /chunked/NAME          the file without a Content-Length
 *   GET /declared/BYTES        image/jpeg declaring BYTES in its Content-Length, then a JPEG's first bytes
 *   GET /endless               image/jpeg without a Content-Length: a JPEG's first bytes, then zeros without end
 *   GET /fetches/NAME          how many times NAME was fetched (by any of the paths above): { fetches }
 */
import type { ServerResponse } from 'node:http';
import { startLocalServer } from './local-server';

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

export function startImageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const files = new Map<string, { body: Buffer; contentType?: string }>();
  const fetches = new Map<string, number>();
  const serve = (name: string, response: ServerResponse, { chunked = false } = {}) => {
    fetches.set(name, (fetches.get(name) ?? 0) + 1);
    const file = files.get(name);
    if (!file) return response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    const headers: Record<string, string> = file.contentType ? { 'content-type': file.contentType } : {};
    if (chunked) {
      response.writeHead(200, headers);
      response.write(file.body.subarray(0, 1));
      response.end(file.body.subarray(1));
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': String(file.body.byteLength) }).end(file.body);
  };
  return startLocalServer((request, body, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.split('/').slice(1).map(decodeURIComponent);
    const [route, first, second] = path;
    if (request.method === 'PUT' && route === 'files' && first) {
      files.set(first, { body, contentType: request.headers['content-type'] });
      return response.writeHead(204).end();
    }
    if (route === 'files' && first) return serve(first, response);
    if (route === 'chunked' && first) return serve(first, response, { chunked: true });
    if (route === 'slow' && first && second) return setTimeout(() => serve(second, response), Number(first));
    if (route === 'fetches' && first)
      return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fetches: fetches.get(first) ?? 0 }));
    if (route === 'declared' && first) {
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': first });
      response.write(JPEG_START);
      // The client is expected to hang up; if it does not, the connection ends short.
      setTimeout(() => response.destroy(), 5_000).unref();
      return;
    }
    if (route === 'endless') {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.write(JPEG_START);
      const zeros = Buffer.alloc(64 * 1024);
      const more = () => {
        while (!response.destroyed && response.write(zeros));
        if (!response.destroyed) response.once('drain', more);
      };
      response.on('close', () => response.removeAllListeners('drain'));
      more();
      return;
    }
    response.writeHead(404).end();
  });
}
