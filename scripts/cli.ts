#!/usr/bin/env -S npx --no-install tsx
/**
 * wharf: the operator CLI. Talks to the warehouse directly (see lib/cli-database.ts) and to a
 * local or deployed Worker over HTTP. Exit codes: 0 done, 1 failed, 2 usage.
 */
import { parseArgs } from 'node:util';
import { desc, eq, sql } from 'drizzle-orm';
import { createApiKey, listApiKeys, revokeApiKey, SCOPES, SPANNING_NEEDS_ADMIN, type Scope } from '../src/auth/api-keys';
import { csvField } from '../src/files/csv';
import { MIN_SECRET_CHARS } from '../src/config';
import { registerShop, resealTokens } from '../src/resync/installs';
import { jobById } from '../src/uploads/jobs';
import { dimShop, quarantine, rawEvent, resync, shopInstall, uploadJob, uploadReject } from '../src/warehouse/schema';
import { openCliWarehouse } from './lib/cli-database';
import { ensureDevVars } from './lib/dev-vars';
import { migrateDatabase } from './lib/migrate';
import { sendWebhook } from './lib/send-webhook';

const HELP = `wharf <command> [options]

Commands
  migrate                                   apply migrations/ to the warehouse
  keys create --shop DOMAIN --scopes LIST   create an API key (scopes: read,upload,admin); shown once
        [--name NAME] [--expires ISO-8601]  --shop A,B,...: an admin key spanning shops (the first is
                                            its own; requests pick another with a Wharf-Shop header)
  keys list                                 list keys (prefixes, shops, scopes, state)
  keys revoke PREFIX                        revoke a key by its prefix
  jobs list [--shop DOMAIN]                 upload jobs, newest first
  jobs show JOB                             one job: status, row counts, chunks, timings
  rejects JOB                               a job's rejected rows (CSV)
  dlq list [--shop DOMAIN] [--stage S]      quarantined and dead-lettered deliveries
  dlq replay ID --key KEY                   replay one through the Worker's API
  replay --key KEY --from ISO --to ISO      replay a window of deliveries through the Worker's API
        [--topic TOPIC]
  shops register --shop DOMAIN              store a shop's Admin API access token (sealed) for resyncs
        --token TOKEN [--shop-url URL]      (or SHOPIFY_ACCESS_TOKEN); --shop-url for a simulator
  shops list                                registered shops and their latest resync
  shops reseal                              seal every access token again under the current SHOPIFY_TOKEN_KEY
                                            (after a rotation; SHOPIFY_TOKEN_KEY_PREVIOUS opens the old ones)
  resync --key KEY [--kind full|incremental] request a resync of the key's shop through the Worker's API
        [--wait]                            and follow it until it is reconciled or failed
  resyncs show ID --key KEY                 one resync: state, bulk operations, line counts
  webhook send TOPIC [FILE] [--shop DOMAIN] sign and send a test delivery
  status                                    the Worker's health and the pipeline's ledger

Options
  --url URL     the Worker (default http://127.0.0.1:8787, or WHARF_URL)
  --json        machine-readable output
  -h, --help    this text

The warehouse is DATABASE_URL when set, else the embedded database of npm start.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shop: { type: 'string' },
    scopes: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
    stage: { type: 'string' },
    key: { type: 'string', default: process.env.WHARF_API_KEY },
    from: { type: 'string' },
    to: { type: 'string' },
    topic: { type: 'string' },
    token: { type: 'string', default: process.env.SHOPIFY_ACCESS_TOKEN },
    'shop-url': { type: 'string' },
    kind: { type: 'string', default: 'incremental' },
    wait: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.WHARF_URL ?? 'http://127.0.0.1:8787' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

class UsageError extends Error {}

function output(value: unknown, human: () => string) {
  console.log(values.json ? JSON.stringify(value, null, 2) : human());
}

async function withWarehouse<T>(run: (db: Awaited<ReturnType<typeof openCliWarehouse>>['db']) => Promise<T>): Promise<T> {
  const warehouse = await openCliWarehouse();
  try {
    return await run(warehouse.db);
  } finally {
    await warehouse.close();
  }
}

async function callApi(path: string, init: RequestInit = {}) {
  if (!values.key) throw new UsageError('--key (or WHARF_API_KEY) is required: an admin API key of the shop');
  const response = await fetch(`${values.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${values.key}`, 'content-type': 'application/json' },
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

interface ResyncView {
  id: string;
  kind: string;
  status: string;
  error: string | null;
  lines: { total: number; loaded: number; rejected: number; duplicates: number };
  deletesReconciled: number;
  operations: { entity: string; attempt: number; status: string | null; lines: { loaded: number; rejected: number } }[];
}

function describeResync(r: ResyncView): string {
  return [
    `resync     ${r.id} (${r.kind})`,
    `status     ${r.status}${r.error ? `: ${r.error}` : ''}`,
    `lines      ${r.lines.total} in files: loaded ${r.lines.loaded}, rejected ${r.lines.rejected}, duplicates ${r.lines.duplicates}`,
    `deletes    ${r.deletesReconciled} reconciled`,
    ...r.operations.map((op) => `  ${op.entity.padEnd(15)} attempt ${op.attempt}  ${op.status ?? 'waiting'}  loaded ${op.lines.loaded}, rejected ${op.lines.rejected}`),
  ].join('\n');
}

function parseScopes(list: string | undefined): Scope[] {
  const scopes = (list ?? '').split(',').filter(Boolean);
  const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (scopes.length === 0 || unknown.length) throw new UsageError(`--scopes takes a list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  return scopes as Scope[];
}

/** The token keys the Worker has: the current SHOPIFY_TOKEN_KEY, then SHOPIFY_TOKEN_KEY_PREVIOUS during a rotation. */
function tokenKeys(): [string, ...string[]] {
  const local = () => ensureDevVars().vars;
  const current = process.env.SHOPIFY_TOKEN_KEY ?? local().SHOPIFY_TOKEN_KEY;
  if (!current) throw new UsageError('SHOPIFY_TOKEN_KEY is not set: the same secret the Worker seals tokens with');
  if (current.length < MIN_SECRET_CHARS) throw new UsageError(`SHOPIFY_TOKEN_KEY must have at least ${MIN_SECRET_CHARS} characters`);
  const previous = process.env.SHOPIFY_TOKEN_KEY_PREVIOUS ?? local().SHOPIFY_TOKEN_KEY_PREVIOUS;
  return previous ? [current, previous] : [current];
}

const commands: Record<string, () => Promise<void>> = {
  async migrate() {
    const url = process.env.DATABASE_URL;
    if (url) await migrateDatabase(url);
    else await withWarehouse(async () => {});
    output({ migrated: true }, () => 'migrations applied');
  },

  async 'keys create'() {
    const [shopDomain, ...alsoShops] = (values.shop ?? '').split(',').filter(Boolean);
    if (!shopDomain) throw new UsageError('--shop is required');
    const scopes = parseScopes(values.scopes);
    if (alsoShops.length && !scopes.includes('admin')) throw new UsageError(SPANNING_NEEDS_ADMIN);
    if (values.expires && Number.isNaN(Date.parse(values.expires))) throw new UsageError('--expires takes an ISO-8601 timestamp');
    const created = await withWarehouse((db) =>
      createApiKey(db, { name: values.name ?? `${shopDomain} key`, shopDomain, alsoShops, scopes, expiresAt: values.expires }),
    );
    output(created, () => `${created.key}\n\nThis key is shown once. Prefix ${created.prefix} identifies it in lists and revocations.`);
  },

  async 'keys list'() {
    const keys = await withWarehouse((db) => listApiKeys(db));
    output(keys, () =>
      keys.length
        ? keys
            .map((k) => `${k.prefix}  ${[k.shop, ...k.alsoShops].join(',')}  ${k.scopes.join(',')}  ${k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active'}  ${k.name}`)
            .join('\n')
        : 'no keys',
    );
  },

  async 'keys revoke'() {
    const prefix = positionals[2];
    if (!prefix) throw new UsageError('keys revoke takes a key prefix');
    const revoked = await withWarehouse((db) => revokeApiKey(db, prefix));
    output({ revoked }, () => (revoked ? `revoked ${prefix}` : `no active key with prefix ${prefix}`));
    if (!revoked) process.exitCode = 1;
  },

  async 'jobs list'() {
    const jobs = await withWarehouse((db) =>
      db
        .select({ id: uploadJob.id, shop: dimShop.domain, source: uploadJob.source, status: uploadJob.status, seen: uploadJob.rowsSeen, loaded: uploadJob.rowsLoaded, rejected: uploadJob.rowsRejected, duplicates: uploadJob.rowsDuplicate, createdAt: uploadJob.createdAt })
        .from(uploadJob)
        .innerJoin(dimShop, eq(dimShop.shopId, uploadJob.shopId))
        .where(values.shop ? eq(dimShop.domain, values.shop) : undefined)
        .orderBy(desc(uploadJob.id))
        .limit(100),
    );
    output(jobs, () =>
      jobs.length
        ? jobs.map((j) => `${j.id}  ${j.shop}  ${j.source}  ${j.status}  seen ${j.seen}, loaded ${j.loaded}, rejected ${j.rejected}, duplicates ${j.duplicates}`).join('\n')
        : 'no jobs',
    );
  },

  async 'jobs show'() {
    const id = positionals[2];
    if (!id) throw new UsageError('jobs show takes a job id (see jobs list)');
    const job = await withWarehouse((db) => jobById(db, id));
    if (!job) throw new Error(`no job ${id}`);
    output(job, () =>
      [
        `job        ${job.id} (${job.source}${job.mappingId ? ` read by ${job.mappingId}` : ''}, ${job.bytes} bytes)`,
        `status     ${job.status}${job.error ? `: ${job.error}` : ''}`,
        `rows       seen ${job.rowsSeen}, loaded ${job.rowsLoaded}, rejected ${job.rowsRejected}, duplicates ${job.rowsDuplicate}`,
        `chunks     ${job.chunksDone} of ${job.chunksTotal ?? '?'}`,
        `timings    created ${job.createdAt}, started ${job.startedAt ?? '-'}, finished ${job.finishedAt ?? '-'}`,
      ].join('\n'),
    );
  },

  async rejects() {
    const id = positionals[1];
    if (!id) throw new UsageError('rejects takes a job id');
    const rows = await withWarehouse((db) =>
      db.select({ row: uploadReject.rowNumber, field: uploadReject.field, value: uploadReject.value, reason: uploadReject.reason }).from(uploadReject).where(eq(uploadReject.jobId, id)).orderBy(uploadReject.rowNumber),
    );
    output(rows, () => ['row,field,value,reason', ...rows.map((r) => [r.row, r.field, r.value, r.reason].map(csvField).join(','))].join('\n'));
  },

  async 'dlq list'() {
    const rows = await withWarehouse((db) =>
      db
        .select({ id: quarantine.id, shop: quarantine.shopDomain, stage: quarantine.stage, topic: quarantine.topic, reason: quarantine.reason, rawKey: quarantine.rawKey, replayedAt: quarantine.replayedAt })
        .from(quarantine)
        .where(sql`${values.shop ? eq(quarantine.shopDomain, values.shop) : sql`true`} and ${values.stage ? sql`${quarantine.stage}::text = ${values.stage}` : sql`true`}`)
        .orderBy(desc(quarantine.id))
        .limit(200),
    );
    output(rows, () => (rows.length ? rows.map((r) => `${r.id}  ${r.stage}  ${r.shop}  ${r.topic}  ${r.reason}${r.replayedAt ? '  (replayed)' : ''}`).join('\n') : 'nothing quarantined'));
  },

  async 'dlq replay'() {
    const id = positionals[2];
    if (!id) throw new UsageError('dlq replay takes a dead-letter id (see dlq list)');
    const result = await callApi(`/v1/dead-letters/${id}/replay`, { method: 'POST' });
    output(result, () => `queued dead letter ${id} for replay`);
  },

  async replay() {
    if (!values.from || !values.to) throw new UsageError('replay needs --from and --to (ISO-8601)');
    const result = await callApi('/v1/replays', {
      method: 'POST',
      body: JSON.stringify({ received_from: values.from, received_to: values.to, ...(values.topic ? { topic: values.topic } : {}) }),
    });
    output(result, () => `queued ${(result as { queued: number }).queued} deliveries for replay`);
  },

  async 'shops register'() {
    if (!values.shop || !values.token) throw new UsageError('shops register needs --shop and --token (or SHOPIFY_ACCESS_TOKEN)');
    const [tokenKey] = tokenKeys();
    const registered = await withWarehouse((db) =>
      registerShop(db, tokenKey, { shopDomain: values.shop!, accessToken: values.token!, shopUrl: values['shop-url'] }),
    );
    output(registered, () => `registered ${values.shop} (shop ${registered.shopId}), Admin API at ${registered.shopUrl}`);
  },

  async 'shops reseal'() {
    const outcome = await withWarehouse((db) => resealTokens(db, tokenKeys()));
    const unopenable = outcome.unopenable.length ? `; opens under neither key (register again): ${outcome.unopenable.join(', ')}` : '';
    output(outcome, () => `sealed ${outcome.resealed} access token${outcome.resealed === 1 ? '' : 's'} again under the current SHOPIFY_TOKEN_KEY${unopenable}`);
    if (outcome.unopenable.length) process.exitCode = 1;
  },

  async 'shops list'() {
    const shops = await withWarehouse((db) =>
      db.execute<{ domain: string; shop_url: string; installed_at: string; last_resync: string | null; last_status: string | null }>(sql`
        select s.domain, i.shop_url, i.installed_at, r.id as last_resync, r.status::text as last_status
        from ${shopInstall} i join ${dimShop} s using (shop_id)
        left join lateral (select id, status from ${resync} where shop_id = i.shop_id order by id desc limit 1) r on true
        order by s.domain`),
    );
    output(shops.rows, () =>
      shops.rows.length ? shops.rows.map((r) => `${r.domain}  ${r.shop_url}  last resync ${r.last_resync ? `${r.last_resync} ${r.last_status}` : 'never'}`).join('\n') : 'no shops registered',
    );
  },

  async resync() {
    if (values.kind !== 'full' && values.kind !== 'incremental') throw new UsageError('--kind is full or incremental');
    let current = (await callApi('/v1/resyncs', { method: 'POST', body: JSON.stringify({ kind: values.kind }) })) as ResyncView;
    if (!values.json) console.log(`${current.id}  ${current.kind} resync ${current.status}`);
    while (values.wait && current.status !== 'reconciled' && current.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      current = (await callApi(`/v1/resyncs/${current.id}`)) as ResyncView;
    }
    output(current, () => describeResync(current));
    if (current.status === 'failed') process.exitCode = 1;
  },

  async 'resyncs show'() {
    const id = positionals[2];
    if (!id) throw new UsageError('resyncs show takes a resync id');
    const current = (await callApi(`/v1/resyncs/${id}`)) as ResyncView;
    output(current, () => describeResync(current));
  },

  async 'webhook send'() {
    const topic = positionals[2];
    if (!topic) throw new UsageError('webhook send takes a topic, e.g. orders/create');
    const sent = await sendWebhook({
      topic,
      file: positionals[3],
      url: `${values.url}/webhooks/shopify`,
      shop: values.shop ?? 'wharf-demo.myshopify.com',
      secret: process.env.SHOPIFY_WEBHOOK_SECRET ?? ensureDevVars().vars.SHOPIFY_WEBHOOK_SECRET!,
    });
    output(sent, () => `${sent.status} ${sent.statusText}  ${topic}, webhook id ${sent.webhookId}`);
    if (sent.status >= 300) process.exitCode = 1;
  },

  async status() {
    const worker = await fetch(`${values.url}/healthz`)
      .then(async (r) => ({ status: r.status, body: await r.json() }))
      .catch((error: Error) => ({ status: 0, body: { error: error.message } }));
    const ledger = await withWarehouse(async (db) => ({
      deliveries: await db.select({ status: rawEvent.status, count: sql<number>`count(*)::int` }).from(rawEvent).groupBy(rawEvent.status),
      quarantined: (await db.select({ count: sql<number>`count(*)::int` }).from(quarantine))[0]?.count ?? 0,
    }));
    output({ worker, ...ledger }, () =>
      [
        `worker     ${values.url}: ${worker.status === 200 ? 'ok' : `unreachable or unhealthy (${worker.status || JSON.stringify(worker.body)})`}`,
        `deliveries ${ledger.deliveries.map((d) => `${d.status} ${d.count}`).join(', ') || 'none yet'}`,
        `quarantine ${ledger.quarantined}`,
      ].join('\n'),
    );
    if (worker.status !== 200) process.exitCode = 1;
  },
};

const command = [positionals[0], positionals[1]].filter(Boolean).join(' ');
const run = commands[command] ?? commands[positionals[0] ?? ''];
if (values.help || !run) {
  console.log(HELP);
  process.exit(values.help ? 0 : 2);
}
try {
  await run();
} catch (error) {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : `failed: ${(error as Error).message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
