/**
 * Resyncs from the Admin GraphQL API (bulk operations): installed shops, resync requests, their
 * bulk operations, the staged JSONL lines and the incremental cursors.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { dimShop, shopRef } from './dimensions';

/** How the stored access token was obtained, which says how it is renewed. */
export const tokenKind = pgEnum('token_kind', [
  /** Copied by hand (`wharf shops register`): never renewed. */
  'registered',
  /** Authorization code grant, non-expiring offline token. */
  'offline',
  /** Authorization code grant with `expiring=1`: an hour's access token and a 90-day refresh token, both rotated on refresh. */
  'expiring',
  /** Client credentials grant (an app of the shop's own organization): 24 hours, requested again. */
  'client_credentials',
]);

/** Whether Wharf can work for the shop: connected, waiting for a merchant to authorize it again, or uninstalled. */
export const connectionState = pgEnum('connection_state', ['connected', 'reauthorize', 'uninstalled']);

/**
 * An installed shop: where its Admin API is served (`https://{shop}`; requests go to
 * `{shop_url}/admin/api/{SHOPIFY_API_VERSION}/graphql.json`), its access token, encrypted, and the
 * state of its connection.
 */
export const shopInstall = pgTable('shop_install', {
  shopId: integer('shop_id')
    .primaryKey()
    .references(() => dimShop.shopId),
  shopUrl: text('shop_url').notNull(),
  accessTokenSealed: text('access_token_sealed').notNull(),
  /** Granted scopes, comma-separated, as the token request answered them. */
  scopes: text('scopes'),
  /** The Admin API's cost bucket as last reported, so the next client starts within budget. */
  throttle: jsonb('throttle'),
  installedAt: instant('installed_at').notNull().default(sql`now()`),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
  tokenKind: tokenKind('token_kind').notNull().default('registered'),
  accessTokenExpiresAt: instant('access_token_expires_at'),
  /** The refresh token of an expiring offline token, sealed like the access token. */
  refreshTokenSealed: text('refresh_token_sealed'),
  refreshTokenExpiresAt: instant('refresh_token_expires_at'),
  state: connectionState('state').notNull().default('connected'),
  /** Why the shop is not connected: the Admin API's or the token endpoint's answer, or the scopes missing. */
  stateReason: text('state_reason'),
  stateChangedAt: instant('state_changed_at'),
  subscriptionsCheckedAt: instant('subscriptions_checked_at'),
  /** What the last check of the shop's webhook subscriptions found and did (src/connect/subscriptions.ts). */
  subscriptionCheck: jsonb('subscription_check'),
});

/**
 * The `state` of an authorization request: single use, for one shop, for ten minutes. Only a hash
 * of the nonce is kept; the nonce itself travels in the redirect and in the browser's cookie.
 */
export const oauthState = pgTable(
  'oauth_state',
  {
    nonceHash: text('nonce_hash').primaryKey(),
    shopDomain: text('shop_domain').notNull(),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('oauth_state_expires').on(t.expiresAt)],
);

export const resyncKind = pgEnum('resync_kind', ['full', 'incremental']);
export const resyncStatus = pgEnum('resync_status', ['requested', 'running', 'downloading', 'loading', 'reconciled', 'failed']);

/**
 * One resync of a shop: its state machine, advanced by cron ticks, the bulk_operations/finish
 * webhook and its own queue. At most one is active per shop (the partial unique index), so
 * repeated ticks and requests find the running one instead of starting another.
 */
export const resync = pgTable(
  'resync',
  {
    id: text('id').primaryKey(),
    shopId: shopRef(),
    kind: resyncKind('kind').notNull(),
    status: resyncStatus('status').notNull().default('requested'),
    requestedBy: text('requested_by').notNull(),
    /** Incremental only: records updated at or after this instant (the cursor less the overlap). */
    windowFrom: instant('window_from'),
    /** The export's upper bound: cursors advance to it once every line is loaded and counted. */
    windowTo: instant('window_to').notNull(),
    linesTotal: bigint('lines_total', { mode: 'number' }).notNull().default(0),
    linesLoaded: bigint('lines_loaded', { mode: 'number' }).notNull().default(0),
    linesRejected: bigint('lines_rejected', { mode: 'number' }).notNull().default(0),
    linesDuplicate: bigint('lines_duplicate', { mode: 'number' }).notNull().default(0),
    deletesReconciled: integer('deletes_reconciled').notNull().default(0),
    /** When the polling tick now queued is due: one chain of polling ticks per resync. */
    nextTickAt: instant('next_tick_at'),
    error: text('error'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('resync_one_active_per_shop').on(t.shopId).where(sql`status not in ('reconciled', 'failed')`),
    index('resync_shop').on(t.shopId, t.createdAt),
  ],
);

/**
 * One bulk operation of a resync, per entity and attempt. A failed, expired or canceled
 * operation is retried as a new attempt after a backoff; its partial data is kept and staged.
 */
export const resyncOperation = pgTable(
  'resync_operation',
  {
    resyncId: text('resync_id')
      .notNull()
      .references(() => resync.id),
    entity: text('entity').notNull(),
    attempt: integer('attempt').notNull(),
    bulkOperationId: text('bulk_operation_id'),
    status: text('status'),
    errorCode: text('error_code'),
    objectCount: bigint('object_count', { mode: 'number' }),
    /** Set while one ticker starts or downloads the operation, so that another does not too. */
    claimedUntil: instant('claimed_until'),
    notBefore: instant('not_before'),
    rawKey: text('raw_key'),
    partial: boolean('partial'),
    jobId: text('job_id'),
    /**
     * A paginated export's progress: the last parent exported and the slices written so far. Each
     * tick exports one slice and stages it, so an export outlasts no single invocation.
     */
    exportCursor: text('export_cursor'),
    exportSlices: integer('export_slices').notNull().default(0),
    /** When the last of the entity's assembly ranges was loaded, and what they counted together (orphans among the rejects). */
    assembledAt: instant('assembled_at'),
    linesLoaded: bigint('lines_loaded', { mode: 'number' }).notNull().default(0),
    linesRejected: bigint('lines_rejected', { mode: 'number' }).notNull().default(0),
    /**
     * The root records assembled, loaded or rejected: parent lines, those without `__parentId` (an
     * order, not its lines), which `object_count`, counting every line, is not. Of them, those
     * created before the resync's `window_to`: what the data-quality rule `resync.counts.reconcile`
     * compares the warehouse with. Null when assembly began before records were counted, and
     * `records_created_before` for an export that selects no creation time.
     */
    records: bigint('records', { mode: 'number' }),
    recordsCreatedBefore: bigint('records_created_before', { mode: 'number' }),
    startedAt: instant('started_at'),
    completedAt: instant('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.resyncId, t.entity, t.attempt] }), uniqueIndex('resync_operation_bulk_id').on(t.bulkOperationId)],
);

/**
 * Bulk result lines waiting to be joined: children (`__parentId`) may come anywhere after their
 * parent, so every line is staged by entity and gid and records are assembled in SQL, never in
 * memory. The entity is part of the key: two exports may name the same object (an order is the
 * root of the orders export and of the returns export).
 */
export const resyncStaging = pgTable(
  'resync_staging',
  {
    resyncId: text('resync_id').notNull(),
    gid: text('gid').notNull(),
    entity: text('entity').notNull(),
    parentGid: text('parent_gid'),
    /** Where the line is in its file (1-based), for rejects. */
    lineNo: integer('line_no').notNull(),
    /** The line as it came, byte for byte. */
    body: text('body').notNull(),
    /** A parent's parts that children may name as their `__parentId` (an order's refunds and fulfillments). */
    anchors: text('anchors').array(),
  },
  (t) => [
    primaryKey({ columns: [t.resyncId, t.entity, t.gid] }),
    index('resync_staging_parent').on(t.resyncId, t.entity, t.parentGid),
    // Assembly pages through an entity's parents in gid order: a range of this index per page,
    // whatever the planner knows of a table that was filled moments ago.
    index('resync_staging_parents_in_order').on(t.resyncId, t.entity, t.gid).where(sql`parent_gid is null`),
  ],
);

/**
 * The anchors of staged parents, a row each, by type: the paginated exports page through an
 * entity's refunds in gid order from this key, instead of unnesting every staged parent's anchors
 * for each page. Written with the staged line (src/warehouse/resync-staging.ts); a later copy of a
 * parent adds its anchors (an order's refunds are never taken away in Shopify) and deleting a
 * staged parent deletes its own.
 */
export const resyncAnchor = pgTable(
  'resync_anchor',
  {
    resyncId: text('resync_id').notNull(),
    entity: text('entity').notNull(),
    /** The gid's type, e.g. `Refund`. */
    type: text('type').notNull(),
    gid: text('gid').notNull(),
    parentGid: text('parent_gid').notNull(),
  },
  (t) => [primaryKey({ columns: [t.resyncId, t.entity, t.type, t.gid] })],
);

/**
 * An entity's staged parents split into ranges of gids after staging, each assembled on its own by
 * whichever consumer claims it: `(after_gid, through_gid]`, open where null. A claim is a lease
 * (`claimed_until`) that each loaded page renews; a consumer that stops holding it (it crashed, or
 * its invocation ended) lets another take the range over from its progress mark.
 */
export const resyncRange = pgTable(
  'resync_range',
  {
    resyncId: text('resync_id')
      .notNull()
      .references(() => resync.id),
    entity: text('entity').notNull(),
    rangeNo: integer('range_no').notNull(),
    afterGid: text('after_gid'),
    throughGid: text('through_gid'),
    claimedUntil: instant('claimed_until'),
    /** The last parent gid loaded: each page commits with it, guarded by the mark it started from. */
    assembledThrough: text('assembled_through'),
    doneAt: instant('done_at'),
    linesLoaded: bigint('lines_loaded', { mode: 'number' }).notNull().default(0),
    linesRejected: bigint('lines_rejected', { mode: 'number' }).notNull().default(0),
    records: bigint('records', { mode: 'number' }).notNull().default(0),
    /** Null for an export that selects no creation time. */
    recordsCreatedBefore: bigint('records_created_before', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.resyncId, t.entity, t.rangeNo] }),
    // Claims look for the open ranges of a resync.
    index('resync_range_open').on(t.resyncId, t.entity).where(sql`done_at is null`),
  ],
);

/** How far each entity of a shop is loaded: incremental resyncs start here, less an overlap. */
export const resyncCursor = pgTable(
  'resync_cursor',
  {
    shopId: shopRef(),
    entity: text('entity').notNull(),
    loadedThrough: instant('loaded_through').notNull(),
    resyncId: text('resync_id').notNull(),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.entity] })],
);
