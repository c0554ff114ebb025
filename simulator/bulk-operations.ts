/**
 * Bulk operations: CREATED → RUNNING → COMPLETED (or FAILED, EXPIRED, CANCELED when a fault is
 * armed) after the shop's delay. The result is a snapshot of the model taken as the operation
 * finishes; it is measured then (objectCount, fileSize) and rendered again when downloaded.
 */

import type { BulkQuery } from './bulk-query';
import { measureResult, rootObjectCount } from './bulk-result';
import type { OperationFault } from './faults';
import type { GqlObject } from './graphql-view';
import { gid } from './ids';
import { type ModelView, viewOf } from './model';
import type { SimulatedShop } from './shop-state';
import { utcIso } from './time';

export type BulkStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'EXPIRED';

/** API 2026-01 runs up to five bulk queries per shop at once. */
export const MAX_RUNNING_PER_SHOP = 5;

export interface BulkOperation {
  number: number;
  id: string;
  shop: SimulatedShop;
  query: BulkQuery;
  status: BulkStatus;
  errorCode: string | null;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  /** The snapshot the file is rendered from, once the operation has finished with data. */
  view: ModelView | null;
  /** Lines served: every line, or the prefix a failed operation got through. */
  servedLines: number;
  partial: boolean;
  fault: OperationFault | null;
}

export type FinishListener = (operation: BulkOperation) => void;

export class BulkOperations {
  private readonly operations = new Map<number, BulkOperation>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new AbortController();
  // Numbered across shops, like Shopify's gids; files are served by number.
  private nextNumber = 4_510_000_001;

  constructor(private readonly onFinish: FinishListener) {}

  running(shop: SimulatedShop): BulkOperation[] {
    return [...this.operations.values()].filter((op) => op.shop === shop && (op.status === 'CREATED' || op.status === 'RUNNING'));
  }

  latest(shop: SimulatedShop): BulkOperation | null {
    let latest: BulkOperation | null = null;
    for (const op of this.operations.values()) if (op.shop === shop) latest = op;
    return latest;
  }

  byNumber(number: number): BulkOperation | undefined {
    return this.operations.get(number);
  }

  ofShop(shop: SimulatedShop): BulkOperation[] {
    return [...this.operations.values()].filter((op) => op.shop === shop);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  start(shop: SimulatedShop, query: BulkQuery, fault: OperationFault | null): BulkOperation {
    const number = this.nextNumber++;
    const operation: BulkOperation = {
      number,
      id: gid('BulkOperation', String(number)),
      shop,
      query,
      status: 'CREATED',
      errorCode: null,
      createdAt: Date.now(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      view: null,
      servedLines: 0,
      partial: false,
      fault,
    };
    this.operations.set(number, operation);
    shop.reported(operation.createdAt);
    const delay = shop.bulkDelayMs;
    this.later(Math.min(5, delay / 2), () => {
      if (operation.status === 'CREATED') operation.status = 'RUNNING';
    });
    this.later(delay, () => {
      this.finish(operation).catch((error: unknown) => {
        if (this.aborts.signal.aborted || operation.status === 'CANCELED') return;
        operation.status = 'FAILED';
        operation.errorCode = 'INTERNAL_SERVER_ERROR';
        operation.completedAt = Date.now();
        console.error(`bulk operation ${operation.id} failed in the simulator:`, error);
        this.onFinish(operation);
      });
    });
    return operation;
  }

  private async finish(operation: BulkOperation): Promise<void> {
    if (operation.status !== 'RUNNING' && operation.status !== 'CREATED') return;
    operation.status = 'RUNNING';
    const signal = this.aborts.signal;
    if (operation.fault === 'canceled' || operation.fault === 'expired') {
      operation.status = operation.fault === 'canceled' ? 'CANCELED' : 'EXPIRED';
    } else {
      const view = viewOf(operation.shop.model);
      const total = await measureResult(view, operation.query, Infinity, signal, operation.fault === 'missing-parent');
      if (operation.status !== 'RUNNING') return;
      operation.rootObjectCount = rootObjectCount(view, operation.query);
      let served = total;
      if (operation.fault === 'failed-partial') {
        // Shopify keeps what it wrote before failing: complete lines, about half of them here.
        served = await measureResult(view, operation.query, Math.floor(total.lines / 2), signal);
        if (operation.status !== 'RUNNING') return;
        Object.assign(operation, { status: 'FAILED', errorCode: 'INTERNAL_SERVER_ERROR', partial: true });
      } else {
        operation.status = 'COMPLETED';
      }
      operation.objectCount = served.lines;
      operation.servedLines = served.lines;
      // An operation that found nothing has no file: Shopify answers url null, not an empty file.
      operation.fileSize = served.lines > 0 ? served.bytes : null;
      operation.view = served.lines > 0 ? view : null;
    }
    operation.completedAt = Date.now();
    this.onFinish(operation);
  }

  /** A replaced or removed shop's operations end, and their files go. */
  forget(shop: SimulatedShop): void {
    for (const [number, op] of this.operations) {
      if (op.shop !== shop) continue;
      if (op.status === 'CREATED' || op.status === 'RUNNING') op.status = 'CANCELED';
      op.view = null;
      this.operations.delete(number);
    }
  }

  close(): void {
    this.aborts.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export function resultPath(operation: BulkOperation): string {
  return operation.partial ? `/bulk/${operation.number}.partial.jsonl` : `/bulk/${operation.number}.jsonl`;
}

/** The operation as the BulkOperation GraphQL type; urls are absolute under `baseUrl`. */
export function gqlBulkOperation(operation: BulkOperation, baseUrl: string): GqlObject {
  const hasFile = operation.view !== null;
  return {
    id: operation.id,
    status: operation.status,
    errorCode: operation.errorCode,
    objectCount: String(operation.objectCount),
    rootObjectCount: String(operation.rootObjectCount),
    fileSize: operation.fileSize === null ? null : String(operation.fileSize),
    url: hasFile && operation.status === 'COMPLETED' ? `${baseUrl}${resultPath(operation)}` : null,
    partialDataUrl: hasFile && operation.partial ? `${baseUrl}${resultPath(operation)}` : null,
    createdAt: utcIso(operation.createdAt),
    completedAt: operation.completedAt === null ? null : utcIso(operation.completedAt),
    query: operation.query.text,
    type: 'QUERY',
  };
}
