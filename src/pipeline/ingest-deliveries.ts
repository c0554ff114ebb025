/**
 * Ingesting webhook deliveries: each delivery's raw body is checked against its topic's schema,
 * recorded in the ledger, quarantined when invalid (acknowledged, never retried forever), and the
 * valid ones are loaded into the warehouse from the same read (load-deliveries.ts); what fails to
 * load is handed to the transform queue. A delivery already loaded goes no further.
 *
 * A delivery the ledger itself refuses (a value out of a column's range) is isolated from its
 * batch: recorded without what it concerns and quarantined with the database's reason, while the
 * rest of the batch goes on.
 */
import { warehouseConfig } from '../config';
import { piiPolicies } from '../domain/pii';
import { log } from '../lib/log';
import type { Warehouse } from '../warehouse/db';
import { type FailureRecord, recordFailures } from '../warehouse/dead-letters';
import { isTransientDatabaseError } from '../warehouse/errors';
import { claimKey, type LedgerEntry, type RawEventStatus, recordDeliveries } from '../warehouse/ledger';
import type { ClaimedMessage, DeliveryStage, MalformedClaim, MessageSettler } from './claims';
import { causeOf } from './dead-letters';
import { loadDeliveries, sourceOf } from './load-deliveries';
import type { WebhookClaim } from './messages';
import { transformQueue } from './producers';
import { type DeliveryVerdict, readDelivery } from './read-delivery';

interface Inspected extends ClaimedMessage {
  /** When each message of this delivery in the batch was received (a replay: when the delivery it replays was). */
  receivedAt: string[];
  /** Some message of it is a replay or a re-drive. */
  replayed: boolean;
  /** Further messages of the same delivery in this batch: settled with the first. */
  repeats: Message<unknown>[];
  verdict: DeliveryVerdict;
}

const STATUS: Record<DeliveryVerdict['kind'], RawEventStatus> = {
  valid: 'validated',
  unmodelled: 'unmodelled',
  invalid: 'quarantined',
};

const aboutDelivery = (claim: WebhookClaim) => ({
  subject: claim.rawKey,
  queue: 'wharf-ingest',
  rawKey: claim.rawKey,
  shopDomain: claim.shopDomain,
  topic: claim.topic,
  webhookId: claim.webhookId,
});

function invalidRecord(claim: WebhookClaim, verdict: Extract<DeliveryVerdict, { kind: 'invalid' }>): FailureRecord {
  return {
    stage: 'validate',
    ...aboutDelivery(claim),
    errorClass: 'invalid',
    reason: verdict.reason,
    path: verdict.path,
    details: verdict.issues ? { issues: verdict.issues } : undefined,
  };
}

/** One entry per delivery: a repeat within the batch is counted with the first, and settled with it. */
function firstPerDelivery(claimed: readonly ClaimedMessage[]) {
  const first = new Map<string, Omit<Inspected, 'verdict'>>();
  for (const entry of claimed) {
    const seen = first.get(claimKey(entry.claim));
    if (seen) {
      seen.receivedAt.push(entry.claim.receivedAt);
      seen.replayed ||= entry.claim.replay === true;
      seen.repeats.push(entry.message);
    } else first.set(claimKey(entry.claim), { ...entry, receivedAt: [entry.claim.receivedAt], replayed: entry.claim.replay === true, repeats: [] });
  }
  return [...first.values()];
}

type Invalid = Inspected & { verdict: Extract<DeliveryVerdict, { kind: 'invalid' }> };

/** Records the deliveries and quarantines the invalid ones (the first time, or again when replayed), in one transaction. */
async function record(db: Warehouse, inspected: readonly Inspected[], malformed: readonly FailureRecord[]) {
  return db.transaction(async (tx) => {
    const recorded = await recordDeliveries(
      tx,
      inspected.map(({ claim, verdict, receivedAt }) => ({
        claim,
        receivedAt,
        status: STATUS[verdict.kind],
        subjects: verdict.kind === 'valid' ? verdict.subjects : {},
        notes: verdict.kind === 'valid' ? verdict.notes : [],
      })),
    );
    const invalid = inspected.filter((i): i is Invalid => i.verdict.kind === 'invalid' && (recorded.get(claimKey(i.claim))?.firstSeen === true || i.replayed));
    await recordFailures(tx, [...malformed, ...invalid.map((i) => invalidRecord(i.claim, i.verdict))]);
    return recorded;
  });
}

/** A delivery the ledger refused: recorded without what it concerns, as quarantined, with the database's reason. */
async function recordRefused(db: Warehouse, entry: Inspected, error: unknown) {
  const cause = causeOf(error);
  await db.transaction(async (tx) => {
    await recordDeliveries(tx, [{ claim: entry.claim, receivedAt: entry.receivedAt, status: 'quarantined', subjects: {} }]);
    await recordFailures(tx, [
      {
        stage: 'validate',
        ...aboutDelivery(entry.claim),
        errorClass: 'permanent',
        reason: `the ledger rejected the delivery: ${cause.reason}`,
        sqlstate: cause.sqlstate,
        attempts: entry.message.attempts,
      },
    ]);
  });
}

/**
 * Records the batch; when the database rejects it for good, records each delivery on its own so that
 * one that cannot be recorded does not hold back the others. Deliveries that fail transiently on
 * their own are retried (`fail`), and left out of the result.
 */
async function recordIsolating(
  db: Warehouse,
  inspected: readonly Inspected[],
  malformed: readonly FailureRecord[],
  fail: (entry: Inspected, error: unknown) => void,
) {
  try {
    return await record(db, inspected, malformed);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    log.warn('the ledger rejected a batch; recording its deliveries one by one', { error: causeOf(error).reason });
  }
  const ledger = new Map<string, LedgerEntry>();
  await recordFailures(db, malformed);
  for (const entry of inspected) {
    try {
      for (const [key, value] of await record(db, [entry], [])) ledger.set(key, value);
    } catch (error) {
      if (isTransientDatabaseError(error)) fail(entry, error);
      else {
        await recordRefused(db, entry, error);
        ledger.set(claimKey(entry.claim), { status: 'quarantined', firstSeen: true });
      }
    }
  }
  return ledger;
}

/**
 * Ingests a batch of claim checks: reads and checks each delivery, records the batch (and the
 * records of its malformed messages) in the ledger, loads what still needs loading and settles
 * every message. A failure of the whole batch throws, leaving the unsettled messages to the caller.
 */
export async function ingestDeliveries(
  { env, db, queue }: DeliveryStage,
  claimed: readonly ClaimedMessage[],
  malformed: readonly MalformedClaim[],
  settle: MessageSettler,
): Promise<void> {
  const pii = piiPolicies(warehouseConfig(env).pii);
  const ack = (entry: Omit<Inspected, 'verdict'>) => {
    for (const message of [entry.message, ...entry.repeats]) settle.ack(message);
  };
  const fail = (entry: Omit<Inspected, 'verdict'>, error: unknown) => {
    for (const message of [entry.message, ...entry.repeats]) settle.fail(message, error);
  };

  const inspected: Inspected[] = [];
  await Promise.all(
    firstPerDelivery(claimed).map(async (entry) => {
      try {
        inspected.push({ ...entry, verdict: await readDelivery(env.RAW_BUCKET, entry.claim) });
      } catch (error) {
        fail(entry, error);
      }
    }),
  );

  const ledger = await recordIsolating(
    db,
    inspected,
    malformed.map((m) => m.record),
    fail,
  );
  const recorded = inspected.filter((i) => ledger.has(claimKey(i.claim)));

  // Load what the ledger says still needs loading (new valid deliveries, repeats of ones not
  // loaded yet, replays) from what was just read. What cannot be loaded now goes to the transform
  // queue, which retries it with backoff; retrying the ingest message instead would count it as
  // seen again. Should that hand-over fail too, the ledger still says `validated`, and the
  // stalled-work sweep replays it.
  const toLoad = recorded.flatMap((i) =>
    i.verdict.kind === 'valid' && ledger.get(claimKey(i.claim))?.status === 'validated'
      ? [{ message: i.message, claim: i.claim, subjects: i.verdict.subjects, rows: i.verdict.toRows(sourceOf(i.claim), pii) }]
      : [],
  );
  const handOver: { claim: WebhookClaim }[] = await loadDeliveries(db, env, queue, toLoad).then(
    (outcome) => outcome.retry,
    (error: unknown) => {
      log.warn('loading validated deliveries failed; handing them to the transform queue', { deliveries: toLoad.length, error: causeOf(error).reason });
      return toLoad;
    },
  );
  if (handOver.length > 0) {
    await transformQueue(env)
      .sendAll(handOver.map(({ claim }) => claim))
      .catch((error: unknown) =>
        log.error('hand-over to the transform queue failed; the stalled-work sweep replays these deliveries', { deliveries: handOver.length, error }),
      );
  }
  for (const entry of recorded) ack(entry);
  for (const { message } of malformed) settle.ack(message);
}
