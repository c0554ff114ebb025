/**
 * Counting the webhook deliveries refused for their signature, per shop and minute, for the
 * `signature_failures` alert rule. Whoever sends them chooses how many there are and which shop
 * they name, so the count must cost Wharf little however hostile the sender:
 *
 * - A refusal is tallied in this isolate, and the tally is written at most once per
 *   `FLUSH_SECONDS`, after the 401 has been sent (ctx.waitUntil): database writes grow with the
 *   isolates Cloudflare runs, not with the requests, and a flood never waits on the database nor
 *   fails with it. A write per refusal (an upsert per shop and minute) would bound the rows but
 *   open a connection to the database for every bad request.
 * - The tally holds at most `MAX_PENDING` shops and minutes; past that, a refusal that names a new
 *   one is not counted until the next write.
 * - The write keeps shops Wharf knows only (src/warehouse/signature-failures.ts), so the table
 *   holds at most one row per known shop and minute, and the alert cron prunes it after a day.
 *
 * The tally is the one mutable thing at module scope, on purpose: it must outlive a request to
 * aggregate. An isolate that is evicted loses at most its last few seconds of counts.
 */
import { log } from '../lib/log';
import { withWarehouse } from '../warehouse/db';
import { addSignatureFailures } from '../warehouse/signature-failures';

const FLUSH_SECONDS = 5;
const MAX_PENDING = 1000;

/** Refusals not yet written, by "<minute> <shop domain>". */
const pending = new Map<string, number>();
/** When the next write may be scheduled (epoch ms): until then, the scheduled one takes the new counts too. */
let nextFlushAt = 0;

/** Counts one refusal of a delivery that names `shopDomain` (none when it names no well-formed shop). */
export function countSignatureFailure(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, shopDomain: string | null): void {
  if (shopDomain === null) return;
  const now = Date.now();
  const key = `${new Date(now - (now % 60_000)).toISOString()} ${shopDomain}`;
  const count = pending.get(key);
  if (count !== undefined) pending.set(key, count + 1);
  else if (pending.size < MAX_PENDING) pending.set(key, 1);
  if (now >= nextFlushAt) {
    nextFlushAt = now + FLUSH_SECONDS * 1000;
    ctx.waitUntil(flushLater(env, ctx));
  }
}

/** Waits for the refusals that follow, then writes what is tallied. */
async function flushLater(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, FLUSH_SECONDS * 1000));
  const tallies = [...pending].map(([key, count]) => {
    const [minute, shopDomain] = key.split(' ') as [string, string];
    return { minute, shopDomain, count };
  });
  pending.clear();
  try {
    await withWarehouse(env, ctx, (db) => addSignatureFailures(db, tallies));
  } catch (error) {
    // A count is worth less than the database's health: it is not tried again.
    log.warn('signature failures not counted', { error, tallies: tallies.length });
  }
}
