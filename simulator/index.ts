/**
 * A local Shopify: generated shops served through the Admin GraphQL API (bulk operations,
 * throttling, faults) and delivered as signed webhooks, for tests, demos and benchmarks.
 * Everything but starting it is driven over HTTP (see server.ts), so Workers tests can use it;
 * `checkBulkQuery` tells, without a server, whether Shopify would run a bulk query.
 */
export { startShopifySimulator, type RunningSimulator, type SimulatorOptions } from './server';
export type { ShopCounts, RequestLogEntry } from './shop-state';
export { checkBulkQuery, type BulkQueryCheck } from './bulk-restrictions';
