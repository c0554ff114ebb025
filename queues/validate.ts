/**
 * Ingest consumer: checks each delivery's raw body against its topic's schema, records it in the
 * ledger, quarantines what is invalid (acknowledged, never retried forever) and loads the valid
 * ones into the warehouse from the same read (load-deliveries.ts); what fails to load is handed
 * to the transform queue. A delivery already loaded goes no further.
 */
import { warehouseConfig } from '../src/config';
import { piiPolicies } from '../src/domain/pii';
import { log } from '../src/log';
import { readDelivery, type DeliveryVerdict } from '../src/pipeline/read-delivery';
import type { WebhookClaim } from '../src/pipeline/messages';
import { connectWarehouse } from '../src/warehouse/db';
import { claimKey, quarantineRecords, recordDeliveries, type QuarantineRecord, type RawEventStatus } from '../src/warehouse/ledger';
import { parseClaims, type ClaimedMessage } from './claims';
import { loadDeliveries, sourceOf } from './load-deliveries';
import { Settlement } from './settlement';

interface Inspected extends ClaimedMessage {
  seen: number;
  verdict: DeliveryVerdict;
}

const STATUS: Record<DeliveryVerdict['kind'], RawEventStatus> = {
  valid: 'validated',
  unmodelled: 'unmodelled',
  invalid: 'quarantined',
};

function quarantineRecord(claim: WebhookClaim, verdict: Extract<DeliveryVerdict, { kind: 'invalid' }>): QuarantineRecord {
  return {
    stage: 'validate',
    reason: verdict.reason,
    path: verdict.path,
    rawKey: claim.rawKey,
    shopDomain: claim.shopDomain,
    topic: claim.topic,
    webhookId: claim.webhookId,
    details: verdict.issues ? { issues: verdict.issues } : undefined,
  };
}

/** One message per delivery: a repeat within the batch is counted and acknowledged with the first. */
function firstPerDelivery(claimed: readonly ClaimedMessage[]) {
  const first = new Map<string, ClaimedMessage & { seen: number }>();
  const repeats: Message<unknown>[] = [];
  for (const entry of claimed) {
    const key = claimKey(entry.claim);
    const seen = first.get(key);
    if (seen) {
      seen.seen++;
      repeats.push(entry.message);
    } else first.set(key, { ...entry, seen: 1 });
  }
  return { unique: [...first.values()], repeats };
}

export async function validateBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const config = warehouseConfig(env);
  const pii = piiPolicies(config.pii);
  const settlement = new Settlement(batch.messages);
  const { claimed, malformed } = parseClaims(batch.messages, 'validate');
  const { unique, repeats } = firstPerDelivery(claimed);

  const inspected: Inspected[] = [];
  await Promise.all(
    unique.map(async (entry) => {
      try {
        inspected.push({ ...entry, verdict: await readDelivery(env.RAW_BUCKET, entry.claim) });
      } catch (error) {
        log.warn('raw object unreadable; retrying', { rawKey: entry.claim.rawKey, error });
        settlement.retry(entry.message);
      }
    }),
  );

  const connection = connectWarehouse(config);
  try {
    const ledger = await connection.db.transaction(async (tx) => {
      const recorded = await recordDeliveries(
        tx,
        inspected.map(({ claim, verdict, seen }) => ({
          claim,
          seen,
          status: STATUS[verdict.kind],
          subjects: verdict.kind === 'valid' ? verdict.subjects : {},
          notes: verdict.kind === 'valid' ? verdict.notes : [],
        })),
      );
      const invalid = inspected.filter(
        (i): i is Inspected & { verdict: Extract<DeliveryVerdict, { kind: 'invalid' }> } =>
          i.verdict.kind === 'invalid' && recorded.get(claimKey(i.claim))?.firstSeen === true,
      );
      await quarantineRecords(tx, [...malformed.map((m) => m.record), ...invalid.map((i) => quarantineRecord(i.claim, i.verdict))]);
      return recorded;
    });

    // Load what the ledger says still needs loading (new valid deliveries, and repeats of ones not
    // loaded yet) from what was just read. What cannot be loaded now goes to the transform queue,
    // which retries it with backoff; retrying the ingest message instead would count it as seen again.
    const toLoad = inspected.flatMap((i) =>
      i.verdict.kind === 'valid' && ledger.get(claimKey(i.claim))?.status === 'validated'
        ? [{ message: i.message, claim: i.claim, subjects: i.verdict.subjects, rows: i.verdict.toRows(sourceOf(i.claim), pii) }]
        : [],
    );
    const handOver = await loadDeliveries(connection.db, env, toLoad).then(
      (outcome) => outcome.retry,
      (error: unknown) => {
        log.warn('loading validated deliveries failed; handing them to the transform queue', { deliveries: toLoad.length, error });
        return toLoad;
      },
    );
    if (handOver.length > 0) {
      await env.TRANSFORM_QUEUE.sendBatch(handOver.map(({ claim }) => ({ body: claim, contentType: 'json' as const })));
    }
    for (const message of [...inspected.map((i) => i.message), ...malformed.map((m) => m.message), ...repeats]) {
      settlement.ack(message);
    }
  } catch (error) {
    log.error('validate batch failed; retrying', { queue: batch.queue, messages: batch.messages.length, error });
    settlement.retryUnsettled();
  } finally {
    ctx.waitUntil(connection.close());
  }
}
