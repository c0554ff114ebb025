/**
 * R2 is the source of truth: anything accepted is there before it is acknowledged. The
 * reconciliation compares it with the ledger and re-drives what the ledger lacks:
 *
 * - deliveries in the intake index of a window that have no ledger entry (their claim check was
 *   lost: a runtime killed mid-drain, a dead-letter consumer out of retries) or whose entry is
 *   still `validated` (never loaded) go back on the ingest queue as replays;
 * - upload jobs of the window that are not done or failed are split again, which re-sends only
 *   the chunks not yet loaded (an accepted upload always has its job: the job is created before
 *   the 202);
 * - failures kept in R2 while the database was down are moved into the quarantine.
 *
 * The sweep runs it over the index behind a cursor with a safe lag; operators run it on demand
 * (`POST /v1/redrives`, `wharf redrive`). Everything it sends is idempotent downstream.
 */
import { log } from '../lib/log';
import type { Warehouse } from '../warehouse/db';
import { claimKey, deliveryStatuses } from '../warehouse/ledger';
import { unfinishedJobs } from '../warehouse/upload-jobs';
import { importStoredFailures } from './dead-letters';
import { claimOfIndexEntry, INDEX_PREFIX, receivedAtOfIndexKey, shopOfIndexKey, windowEnd, windowStart } from './intake-index';
import type { WebhookClaim } from './messages';
import { ingestQueue, uploadQueue } from './producers';
import { requeueClaims } from './replay';

export interface RedriveRequest {
  from: Date;
  to: Date;
  /** One shop's deliveries and uploads; every shop's when absent (the sweep). */
  shopDomain?: string;
  dryRun: boolean;
  /** Resume after this index key (the sweep's cursor). */
  after?: string;
  /** Index entries to examine in one run; a larger window is truncated, to be resumed. */
  maxEntries: number;
}

export interface RedriveReport {
  from: string;
  to: string;
  dryRun: boolean;
  deliveries: {
    /** Index entries examined (a delivery Shopify sent twice has two). */
    indexed: number;
    /** In the ledger and finished (loaded, quarantined, unmodelled). */
    finished: number;
    /** In the ledger, validated but never loaded. */
    unfinished: number;
    /** Not in the ledger at all. */
    missing: number;
    /** Indexed, but the raw object is gone (deleted by a compliance request): nothing to re-drive. */
    rawGone: number;
    redriven: number;
  };
  uploads: { unfinished: number; redriven: number };
  /** Failure records kept in R2 while the database was down, moved into the quarantine. */
  failuresImported: number;
  /** More of the window remains: run again from `resumeFrom`. */
  truncated: boolean;
  resumeFrom: string | null;
}

type Bindings = Pick<Env, 'RAW_BUCKET' | 'INGEST_QUEUE' | 'UPLOAD_QUEUE'>;
type Db = Pick<Warehouse, 'select' | 'update' | 'transaction'>;

const PAGE = 1000;
const HEADS_AT_ONCE = 50;
// A run checks the raw object of each delivery the ledger lacks: past this many, it stops after the
// page and says where to resume, so that a mass loss never takes a run past its subrequests.
const HEADS_PER_RUN = 2000;

interface IndexPage {
  entries: { key: string; claim: WebhookClaim }[];
  /** Entries whose metadata is not a claim check. */
  unreadable: string[];
  /** The last entry looked at, which a resumed run starts after. */
  lastKey: string | null;
  examined: number;
  done: boolean;
}

/** One page of the index window, filtered by shop. */
async function indexPage(bucket: R2Bucket, startAfter: string, end: string, shopDomain: string | undefined, limit: number): Promise<IndexPage> {
  // `include` is in the runtime (and in the types of compatibility dates from 2022-10-31), not in the default types.
  const listing = await bucket.list({ prefix: INDEX_PREFIX, startAfter, limit, include: ['customMetadata'] } as R2ListOptions);
  const page: IndexPage = { entries: [], unreadable: [], lastKey: null, examined: 0, done: !listing.truncated };
  for (const object of listing.objects) {
    if (object.key >= end) return { ...page, done: true };
    page.lastKey = object.key;
    page.examined++;
    if (shopDomain && shopOfIndexKey(object.key) !== shopDomain) continue;
    const claim = claimOfIndexEntry(object.customMetadata);
    if (claim) page.entries.push({ key: object.key, claim });
    else page.unreadable.push(object.key);
  }
  return page;
}

/** Which of these deliveries still have their raw object. */
async function withRawObject(bucket: R2Bucket, claims: readonly WebhookClaim[]): Promise<{ present: WebhookClaim[]; gone: WebhookClaim[] }> {
  const present: WebhookClaim[] = [];
  const gone: WebhookClaim[] = [];
  for (let i = 0; i < claims.length; i += HEADS_AT_ONCE) {
    const slice = claims.slice(i, i + HEADS_AT_ONCE);
    const heads = await Promise.all(slice.map((claim) => bucket.head(claim.rawKey)));
    for (const [j, claim] of slice.entries()) (heads[j] ? present : gone).push(claim);
  }
  return { present, gone };
}

type DeliveryReport = RedriveReport['deliveries'];

/**
 * Re-drives the deliveries of the index window [from, to) (resumed after `after`) that the ledger
 * lacks or never finished. Examines at most `maxEntries` entries (and the raw objects of about
 * HEADS_PER_RUN deliveries the ledger lacks): `after` then says where to resume.
 */
async function redriveDeliveries(
  bindings: Pick<Bindings, 'RAW_BUCKET' | 'INGEST_QUEUE'>,
  db: Db,
  request: Omit<RedriveRequest, 'from'> & { from?: Date },
): Promise<{ deliveries: DeliveryReport; truncated: boolean; after: string }> {
  const deliveries: DeliveryReport = { indexed: 0, finished: 0, unfinished: 0, missing: 0, rawGone: 0, redriven: 0 };
  const bucket = bindings.RAW_BUCKET;
  const end = windowEnd(request.to);
  let after = request.after ?? windowStart(request.from ?? request.to);
  let heads = 0;
  for (;;) {
    const page = await indexPage(bucket, after, end, request.shopDomain, Math.min(PAGE, request.maxEntries - deliveries.indexed));
    deliveries.indexed += page.examined;
    if (page.lastKey) after = page.lastKey;

    // Shopify's retries of one delivery have an entry each: one claim per delivery.
    const claims = [...new Map(page.entries.map(({ claim }) => [claimKey(claim), claim])).values()];
    const statuses = await deliveryStatuses(db, claims);
    const unfinished = claims.filter((c) => statuses.get(claimKey(c)) === 'validated');
    const missing = claims.filter((c) => !statuses.has(claimKey(c)));
    deliveries.finished += claims.length - unfinished.length - missing.length;
    deliveries.unfinished += unfinished.length;
    deliveries.missing += missing.length;
    const { present, gone } = await withRawObject(bucket, missing);
    heads += missing.length;
    deliveries.rawGone += gone.length;

    if (!request.dryRun) {
      await requeueClaims(db, ingestQueue(bindings), [...unfinished, ...present]);
      deliveries.redriven += unfinished.length + present.length;
      // Entries of erased deliveries, or that cannot be read, would only be examined again and again.
      const erased = new Set(gone.map(claimKey));
      const stale = [...page.unreadable, ...page.entries.filter(({ claim }) => erased.has(claimKey(claim))).map(({ key }) => key)];
      if (stale.length) await bucket.delete(stale);
    }
    if (page.done || page.examined === 0) return { deliveries, truncated: false, after: windowStart(request.to) };
    if (deliveries.indexed >= request.maxEntries || heads >= HEADS_PER_RUN) return { deliveries, truncated: true, after };
  }
}

/** Splits again the upload jobs created in [from, to) that are neither done nor failed: only their chunks not yet loaded are sent. */
async function redriveUploads(bindings: Pick<Bindings, 'UPLOAD_QUEUE'>, db: Db, request: Pick<RedriveRequest, 'from' | 'to' | 'shopDomain' | 'dryRun'>) {
  const jobs = await unfinishedJobs(db, { createdFrom: request.from.toISOString(), createdTo: request.to.toISOString(), shopDomain: request.shopDomain });
  if (!request.dryRun) await uploadQueue(bindings).sendAll(jobs.map((jobId) => ({ kind: 'upload', jobId })));
  return { unfinished: jobs.length, redriven: request.dryRun ? 0 : jobs.length };
}

/** The whole reconciliation of a window, as operators run it. */
export async function redrive(bindings: Bindings, db: Db, request: RedriveRequest): Promise<RedriveReport> {
  const imported = request.dryRun ? [] : await importStoredFailures(bindings.RAW_BUCKET, db);
  const uploads = await redriveUploads(bindings, db, request);
  const { deliveries, truncated, after } = await redriveDeliveries(bindings, db, request);
  const report: RedriveReport = {
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    dryRun: request.dryRun,
    deliveries,
    uploads,
    failuresImported: imported.filter((f) => !request.shopDomain || f.shopDomain === request.shopDomain).length,
    truncated,
    resumeFrom: truncated ? receivedAtOfIndexKey(after) : null,
  };
  if (deliveries.redriven || uploads.redriven) log.warn('re-drove what R2 holds and the ledger lacks', { ...report });
  return report;
}

/** Where the sweep's reconciliation of the index stopped: it goes on from there at its next run. */
const CURSOR_KEY = 'reconciliation/webhook-index.json';

/**
 * The sweep's reconciliation: the index from where the previous run stopped up to `lagMs` ago (long
 * enough for anything still moving through the queues to have reached the ledger), at most
 * `maxEntries` entries per run. The first run looks back one lag further.
 */
export async function reconcileBehind(
  bindings: Pick<Bindings, 'RAW_BUCKET' | 'INGEST_QUEUE'>,
  db: Db,
  options: { lagMs: number; maxEntries: number; now?: number },
) {
  const now = options.now ?? Date.now();
  const stored = await bindings.RAW_BUCKET.get(CURSOR_KEY);
  const cursor = stored ? ((await stored.json()) as { after: string }) : null;
  const to = new Date(now - options.lagMs);
  const result = await redriveDeliveries(bindings, db, {
    to,
    from: new Date(to.getTime() - options.lagMs),
    after: cursor?.after,
    dryRun: false,
    maxEntries: options.maxEntries,
  });
  if (!cursor || result.after > cursor.after) {
    await bindings.RAW_BUCKET.put(CURSOR_KEY, JSON.stringify({ after: result.after, at: new Date(now).toISOString() }));
  }
  return result;
}
