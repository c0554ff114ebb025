/**
 * One entity's bulk result, fetched from the Shopify simulator outside Wharf: the same query Wharf
 * runs, started and polled over the Admin GraphQL API, its file streamed to disk. Timed apart: how
 * long the simulator takes to finish the operation (it renders the whole result once to measure
 * it) and to serve the file (it renders it again, line by line, while sending).
 */
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BULK_OPERATION_STATUS, type BulkEntity, bulkQuery, RUN_BULK_QUERY } from '../../src/shopify/bulk/queries';

export interface BulkFile {
  file: string;
  lines: number;
  bytes: number;
  /** From bulkOperationRunQuery to the poll that saw COMPLETED (polled every 50 ms). */
  operationMs: number;
  downloadMs: number;
}

interface Operation {
  status: string;
  url: string | null;
  objectCount: string;
  errorCode: string | null;
}

export async function downloadBulkResult(shop: { adminApiUrl: string; accessToken: string }, entity: BulkEntity, file: string): Promise<BulkFile> {
  const graphql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    for (;;) {
      const response = await fetch(shop.adminApiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': shop.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      const throttled = JSON.stringify(body.errors ?? '').includes('THROTTLED');
      if (response.ok && body.data && !throttled) return body.data;
      if (!throttled) throw new Error(`simulator answered ${response.status}: ${JSON.stringify(body)}`);
      await sleep(1000);
    }
  };

  const started = performance.now();
  const run = await graphql<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: unknown[] } }>(RUN_BULK_QUERY, {
    query: bulkQuery(entity),
  });
  const id = run.bulkOperationRunQuery.bulkOperation?.id;
  if (!id) throw new Error(`the simulator refused the ${entity} bulk query: ${JSON.stringify(run.bulkOperationRunQuery.userErrors)}`);
  let operation: Operation;
  for (;;) {
    operation = (await graphql<{ node: Operation }>(BULK_OPERATION_STATUS, { id })).node;
    if (operation.status === 'COMPLETED') break;
    if (operation.status !== 'CREATED' && operation.status !== 'RUNNING')
      throw new Error(`the ${entity} bulk operation ended ${operation.status} (${operation.errorCode})`);
    await sleep(50);
  }
  const operationMs = performance.now() - started;
  if (!operation.url) throw new Error(`the ${entity} bulk operation has no result file`);

  const downloadStarted = performance.now();
  const response = await fetch(operation.url);
  if (!response.ok || !response.body) throw new Error(`downloading ${operation.url} answered ${response.status}`);
  let lines = 0;
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      done(null, chunk);
    },
  });
  await pipeline(response.body, count, createWriteStream(file));
  const downloadMs = performance.now() - downloadStarted;
  if (lines !== Number(operation.objectCount)) throw new Error(`the ${entity} file has ${lines} lines, its operation reports ${operation.objectCount}`);
  return { file, lines, bytes, operationMs, downloadMs };
}
