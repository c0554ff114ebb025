/**
 * A local Shopify: generated shops served through the Admin GraphQL API (bulk operations,
 * throttling, faults) and delivered as signed webhooks, for tests, demos and benchmarks.
 * Everything but starting it is driven over HTTP (see server.ts), so Workers tests can use it;
 * `checkBulkQuery` tells, without a server, whether Shopify would run a bulk query.
 */

export { type BulkQueryCheck, checkBulkQuery } from './bulk-restrictions';
export { type RunningSimulator, type SimulatorOptions, startShopifySimulator } from './server';
export type { RequestLogEntry, ShopCounts } from './shop-state';
