/**
 * The warehouse: a star schema BI tools query directly, plus the pipeline's ledger, partner access,
 * uploads and resyncs. Every warehouse row carries `shop_id` (tenancy) and lineage: `raw_key`, the
 * R2 object it came from, and `loaded_at`. Deletes are soft (`deleted_at`) so that history and totals
 * stay explainable. drizzle-kit reads this index to write migrations.
 */

export * from './alerts';
export * from './api-access';
export * from './console';
export * from './dimensions';
export * from './exports';
export * from './facts';
export * from './images';
export * from './ledger';
export * from './lifecycle';
export * from './quality';
export * from './resyncs';
export * from './uploads';
