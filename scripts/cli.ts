#!/usr/bin/env -S npx --no-install tsx
/**
 * wharf: the operator CLI. Talks to the warehouse directly (see lib/cli-database.ts) and to a
 * local or deployed Worker over HTTP. Exit codes: 0 done, 1 failed, 2 usage.
 */
import { parseArgs } from 'node:util';
import { deliverAlerts } from '../src/alerts/deliver';
import { evaluateAlerts } from '../src/alerts/evaluate';
import { createApiKey, SCOPES, type Scope, SPANNING_NEEDS_ADMIN } from '../src/auth/api-keys';
import { MIN_SECRET_CHARS } from '../src/config';
import { appTomlFragment } from '../src/connect/app-toml';
import { csvLines } from '../src/files/csv';
import { SHOP_HEADER } from '../src/http/api/middleware';
import { runQuality, runQualityForAll, scoresOf } from '../src/quality/run';
import { registerShop, resealTokens } from '../src/resync/installs';
import { listApiKeys, revokeApiKey } from '../src/warehouse/api-keys';
import { countOpenFailures, FAILURE_CLASSES, type FailureFilter, listFailures, STAGES } from '../src/warehouse/dead-letters';
import { installsWithLatestResync } from '../src/warehouse/installs';
import { countDeliveries } from '../src/warehouse/ledger';
import { qualityRuns } from '../src/warehouse/quality';
import { GROUPINGS, REPORTS, type ReportName, type ReportRow, reportColumns, reportPages } from '../src/warehouse/reads/analytics';
import { type listRejects, recentJobs, rejectPages } from '../src/warehouse/reads/jobs';
import { lineageOf, lineageTables, type Source } from '../src/warehouse/reads/lineage';
import { knownShopId } from '../src/warehouse/shops';
import { jobById } from '../src/warehouse/upload-jobs';
import { withCliWarehouse } from './lib/cli-database';
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
  dlq list [--shop DOMAIN] [--stage S]      what the pipeline could not take, newest first: quarantined
        [--topic T] [--class C] [--state S]  deliveries and dead letters with their causes (--state open,
                                            the default, resolved or all; --class invalid, permanent,
                                            transient, malformed or unknown)
  dlq replay ID --key KEY [--shop DOMAIN]   replay one through the Worker's API
  dlq replay --key KEY [--shop DOMAIN]      replay every open one of the shop that matches, in bulk
        [--stage S] [--topic T] [--class C] [--from ISO] [--to ISO]   (window of the last failure)
  replay --key KEY --from ISO --to ISO      replay a window of deliveries through the Worker's API
        [--topic TOPIC]
  redrive --key KEY --from ISO --to ISO     re-drive what R2 holds and the ledger lacks: deliveries received
        [--shop DOMAIN] [--dry-run]         in the window that were never recorded or never loaded, upload
                                            jobs not finished; every shop the key spans unless --shop
  shops register --shop DOMAIN              store a shop's Admin API access token (sealed) for resyncs
        --token TOKEN [--shop-url URL]      (or SHOPIFY_ACCESS_TOKEN); --shop-url for a simulator
  shops connect --shop DOMAIN               print the install link (on --url) and wait until the merchant has
        [--client-credentials --key KEY]    authorized Wharf; --client-credentials connects an app of the
                                            shop's own organization at once, through the Worker's API
  shops check [--shop DOMAIN]               each shop's token (kind, state, expiry), missing scopes and what
        [--now --key KEY]                   the last check of its webhook subscriptions found; --now checks
                                            the key's shop first, through the Worker's API
  shops app-toml [--api-version V]          a shopify.app.toml fragment for an app configured declaratively
                                            (scopes, callback, webhooks with the compliance topics) on --url
  shops list                                registered shops and their latest resync
  shops reseal                              seal every access token again under the current SHOPIFY_TOKEN_KEY
                                            (after a rotation; SHOPIFY_TOKEN_KEY_PREVIOUS opens the old ones)
  resync --key KEY [--kind full|incremental] request a resync of the key's shop through the Worker's API
        [--wait]                            and follow it until it is reconciled or failed
  resyncs show ID --key KEY                 one resync: state, bulk operations, line counts
  export --key KEY [--table T]... [--full]  export the key's shop to Parquet files in R2 through the Worker's
        [--wait]                            API (every table, or each --table; --full: every row, not only
                                            what was loaded since the last export) and follow it with --wait
  exports show ID --key KEY                 one export: state, tables, files with signed download links
  report NAME --shop DOMAIN --from DAY      an analytics report as a table (NAME: sales, products, customers,
        --to DAY [--group-by day|week|month|range] cohorts, inventory, discounts, channels, funnel, fulfillment);
        [--csv]                             --csv prints CSV
  lineage TABLE KEY --shop DOMAIN           where a warehouse row came from (its raw object, the delivery,
                                            upload job and row or resync) and every delivery that touched it
  quality run [--shop DOMAIN]               run the data-quality rules now, for one shop or every shop with data
  quality report --shop DOMAIN              the shop's last runs: scores overall and per dimension, and what fails
  alerts list --key KEY [--state open|all]  the shop's alerts, newest first
  alerts rules --key KEY                    every alert rule, what it watches and the shop's setting of it
  alerts set RULE --key KEY                 set a rule for the shop: --threshold N, or --disable
        [--threshold N] [--disable]
  alerts channel-add URL --key KEY          send the shop's alerts to a webhook (Slack-compatible JSON,
                                            signed); prints the signing secret, shown once
  alerts channel-add --email ADDRESS        send them to an email address (where the Worker has the
        --key KEY                           ALERT_EMAIL send_email binding)
  alerts channels --key KEY                 the shop's alert channels
  alerts channel-remove ID --key KEY        stop sending to a channel
  alerts check                              evaluate every rule for every shop and send the outbox now
                                            (the Worker does both every 5 minutes; emails only it sends)
  webhook send TOPIC [FILE] [--shop DOMAIN] sign and send a test delivery
  status [--key KEY] [--from ISO]           the Worker's health, the ledger, the open dead letters and, with a
                                            key, the deliveries R2 holds and the ledger lacks (last 24 hours)

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
    class: { type: 'string' },
    state: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    key: { type: 'string', default: process.env.WHARF_API_KEY },
    from: { type: 'string' },
    to: { type: 'string' },
    topic: { type: 'string' },
    token: { type: 'string', default: process.env.SHOPIFY_ACCESS_TOKEN },
    'shop-url': { type: 'string' },
    kind: { type: 'string', default: 'incremental' },
    table: { type: 'string', multiple: true },
    full: { type: 'boolean', default: false },
    wait: { type: 'boolean', default: false },
    'client-credentials': { type: 'boolean', default: false },
    now: { type: 'boolean', default: false },
    'api-version': { type: 'string', default: process.env.SHOPIFY_API_VERSION ?? '2026-01' },
    'group-by': { type: 'string', default: 'day' },
    threshold: { type: 'string' },
    email: { type: 'string' },
    disable: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
    url: { type: 'string', default: process.env.WHARF_URL ?? 'http://127.0.0.1:8787' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

class UsageError extends Error {}

function output(value: unknown, human: () => string) {
  console.log(values.json ? JSON.stringify(value, null, 2) : human());
}

async function callApi(path: string, init: RequestInit = {}, shop?: string) {
  if (!values.key) throw new UsageError('--key (or WHARF_API_KEY) is required: an admin API key of the shop');
  const response = await fetch(`${values.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${values.key}`, 'content-type': 'application/json', ...(shop ? { [SHOP_HEADER]: shop } : {}) },
  });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
  return body;
}

interface ConnectionView {
  shop: string;
  tokenKind: string;
  state: string;
  stateReason: string | null;
  accessTokenExpiresAt: string | null;
  missingScopes: string[];
  installUrl: string | null;
}

function describeConnection(c: ConnectionView): string {
  const lines = [`${c.shop}  ${c.tokenKind} token, ${c.state}${c.stateReason ? `: ${c.stateReason}` : ''}`];
  if (c.accessTokenExpiresAt) lines.push(`  token expires ${c.accessTokenExpiresAt}`);
  if (c.missingScopes.length) lines.push(`  scopes not granted: ${c.missingScopes.join(', ')}`);
  if (c.state !== 'connected' && c.installUrl) lines.push(`  install link: ${c.installUrl}`);
  return lines.join('\n');
}

type InstallRow = Awaited<ReturnType<typeof installsWithLatestResync>>[number];

/** A shop's connection as `shops check` prints it: token, state, and the last subscription check. */
function describeInstall(r: InstallRow): string {
  const check = r.subscription_check as {
    checkedAt?: string;
    inPlace?: string[];
    dropped?: string[];
    failures?: { topic: string; reason: string }[];
    missingScopes?: string[];
    subscriptionsBy?: string;
  } | null;
  const lines = [`${r.domain}  ${r.token_kind} token, ${r.state}${r.state_reason ? `: ${r.state_reason}` : ''}`];
  if (r.access_token_expires_at) lines.push(`  token expires ${new Date(r.access_token_expires_at).toISOString()}`);
  if (!check) lines.push('  subscriptions never checked');
  else if (check.subscriptionsBy === 'app') lines.push(`  subscriptions by the app's configuration (checked ${check.checkedAt})`);
  else {
    lines.push(`  subscriptions checked ${check.checkedAt}: ${check.inPlace?.length ?? 0} in place`);
    if (check.dropped?.length) lines.push(`  dropped by Shopify and recreated: ${check.dropped.join(', ')}`);
    for (const f of check.failures ?? []) lines.push(`  not in place: ${f.topic}: ${f.reason}`);
  }
  if (check?.missingScopes?.length) lines.push(`  scopes not granted: ${check.missingScopes.join(', ')}`);
  return lines.join('\n');
}

function describeSource(source: Source): string {
  switch (source.kind) {
    case 'delivery':
      return `delivery ${source.webhookId ?? '?'} (${source.topic ?? '?'}, received ${source.receivedAt ?? '?'}): ${source.rawKey}`;
    case 'upload':
      return `upload job ${source.jobId} (${source.format ?? '?'})${source.rowNumber === null ? '' : `, row ${source.rowNumber}`}: ${source.rawKey}`;
    case 'resync':
      return `${source.resyncKind ?? ''} resync ${source.resyncId}${source.file ? `, file ${source.file}` : ''}: ${source.rawKey}`;
    default:
      return source.rawKey;
  }
}

interface AlertView {
  id: number;
  rule: string;
  subject: string;
  summary: string;
  openedAt: string;
  resolvedAt: string | null;
}

type ChannelView = { id: number; createdAt: string } & ({ kind: 'webhook'; url: string } | { kind: 'email'; email: string });

const describeChannel = (c: ChannelView) => (c.kind === 'webhook' ? c.url : `email ${c.email}`);

interface RuleView {
  rule: string;
  description: string;
  enabled: boolean;
  threshold: number | null;
  thresholdMeaning: string | null;
}

interface ExportView {
  id: string;
  status: string;
  full: boolean;
  partition: string;
  error: string | null;
  tables: { name: string; mode: string; parts: number; rows: number; done: boolean }[];
  files: { key: string; rows: number; bytes: number; url: string | null }[];
  linksExpireAt: string | null;
}

function describeExport(e: ExportView): string {
  const lines = [`${e.id}  ${e.full ? 'full' : 'incremental'} export ${e.status}  ${e.partition}${e.error ? `: ${e.error}` : ''}`];
  for (const t of e.tables)
    lines.push(`  ${t.name.padEnd(32)} ${t.mode.padEnd(9)} ${String(t.rows).padStart(10)} rows  ${t.parts} files${t.done ? '' : ' (writing)'}`);
  if (e.linksExpireAt) {
    lines.push(`files (links valid until ${e.linksExpireAt}):`);
    for (const f of e.files) lines.push(`  ${f.key}  ${f.rows} rows  ${f.bytes} bytes\n    ${f.url}`);
  }
  return lines.join('\n');
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
    ...r.operations.map(
      (op) => `  ${op.entity.padEnd(15)} attempt ${op.attempt}  ${op.status ?? 'waiting'}  loaded ${op.lines.loaded}, rejected ${op.lines.rejected}`,
    ),
  ].join('\n');
}

function parseScopes(list: string | undefined): Scope[] {
  const scopes = (list ?? '').split(',').filter(Boolean);
  const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (scopes.length === 0 || unknown.length)
    throw new UsageError(`--scopes takes a list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
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

/** An option's value, refused unless it is one of `allowed`. */
function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) throw new UsageError(`--${name} takes one of ${allowed.join(', ')}`);
  return value as T | undefined;
}

/** Rows as a table: a header, then one line per row, columns padded to their widest cell. */
function table(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

const commands: Record<string, () => Promise<void>> = {
  async report() {
    const name = positionals[1] as ReportName;
    if (!REPORTS.includes(name)) throw new UsageError(`report takes one of ${REPORTS.join(', ')}`);
    if (!values.shop) throw new UsageError('--shop DOMAIN is required');
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!values.from || !values.to || !day.test(values.from) || !day.test(values.to) || values.from > values.to)
      throw new UsageError('--from and --to take days (YYYY-MM-DD), from not after to');
    const groupBy = oneOf('group-by', values['group-by'], GROUPINGS);
    const domain = values.shop;
    const columns = reportColumns(name);
    const rows = await withCliWarehouse(async (db) => {
      const shopId = await knownShopId(db, domain);
      if (shopId === undefined) throw new Error(`no shop ${domain} in this warehouse`);
      const all: ReportRow[] = [];
      // Every row of every page: a CSV is written as the pages come, in flat memory.
      if (values.csv) process.stdout.write(`${columns.join(',')}\n`);
      for await (const page of reportPages(db, { shopId }, name, { from: values.from!, to: values.to!, groupBy, limit: 5000 })) {
        if (values.csv) process.stdout.write(csvLines(columns, page));
        else all.push(...page);
      }
      return all;
    });
    if (!values.csv) output(rows, () => (rows.length ? table(columns, rows) : `no ${name} rows for ${domain} from ${values.from} to ${values.to}`));
  },
  async migrate() {
    const url = process.env.DATABASE_URL;
    if (url) await migrateDatabase(url);
    else await withCliWarehouse(async () => {});
    output({ migrated: true }, () => 'migrations applied');
  },

  async 'keys create'() {
    const [shopDomain, ...alsoShops] = (values.shop ?? '').split(',').filter(Boolean);
    if (!shopDomain) throw new UsageError('--shop is required');
    const scopes = parseScopes(values.scopes);
    if (alsoShops.length && !scopes.includes('admin')) throw new UsageError(SPANNING_NEEDS_ADMIN);
    if (values.expires && Number.isNaN(Date.parse(values.expires))) throw new UsageError('--expires takes an ISO-8601 timestamp');
    const created = await withCliWarehouse((db) =>
      createApiKey(db, { name: values.name ?? `${shopDomain} key`, shopDomain, alsoShops, scopes, expiresAt: values.expires }),
    );
    output(created, () => `${created.key}\n\nThis key is shown once. Prefix ${created.prefix} identifies it in lists and revocations.`);
  },

  async 'keys list'() {
    const keys = await withCliWarehouse((db) => listApiKeys(db));
    output(keys, () =>
      keys.length
        ? keys
            .map(
              (k) =>
                `${k.prefix}  ${[k.shop, ...k.alsoShops].join(',')}  ${k.scopes.join(',')}  ${k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active'}  ${k.name}`,
            )
            .join('\n')
        : 'no keys',
    );
  },

  async 'keys revoke'() {
    const prefix = positionals[2];
    if (!prefix) throw new UsageError('keys revoke takes a key prefix');
    const revoked = await withCliWarehouse((db) => revokeApiKey(db, prefix));
    output({ revoked }, () => (revoked ? `revoked ${prefix}` : `no active key with prefix ${prefix}`));
    if (!revoked) process.exitCode = 1;
  },

  async 'jobs list'() {
    const jobs = await withCliWarehouse((db) => recentJobs(db, { shopDomain: values.shop, limit: 100 }));
    output(jobs, () =>
      jobs.length
        ? jobs
            .map((j) => `${j.id}  ${j.shop}  ${j.source}  ${j.status}  seen ${j.seen}, loaded ${j.loaded}, rejected ${j.rejected}, duplicates ${j.duplicates}`)
            .join('\n')
        : 'no jobs',
    );
  },

  async 'jobs show'() {
    const id = positionals[2];
    if (!id) throw new UsageError('jobs show takes a job id (see jobs list)');
    const job = await withCliWarehouse((db) => jobById(db, id));
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
    const rows = await withCliWarehouse(async (db) => {
      const job = await jobById(db, id);
      const all: Awaited<ReturnType<typeof listRejects>>['data'] = [];
      // Page by page, as the API reads them (an unknown job has none).
      if (job) for await (const page of rejectPages(db, { shopId: job.shopId }, id)) all.push(...page);
      return all;
    });
    const columns = ['row', 'field', 'value', 'reason'];
    output(rows, () => `${columns.join(',')}\n${csvLines(columns, rows)}`.trimEnd());
  },

  async 'dlq list'() {
    const rows = await withCliWarehouse((db) => listFailures(db, { shopDomain: values.shop, ...failureFilter() }, { limit: 200 }));
    output(rows.slice(0, 200), () =>
      rows.length
        ? rows
            .slice(0, 200)
            .map(
              (r) =>
                `${r.id}  ${r.stage}  ${r.errorClass}  ${r.shopDomain ?? '-'}  ${r.topic ?? r.subject}  ${r.attempts}×  ${r.lastFailedAt}  ${r.reason}${r.resolvedAt ? '  (resolved)' : r.replayedAt ? '  (replayed)' : ''}`,
            )
            .join('\n')
        : 'nothing quarantined',
    );
  },

  async 'dlq replay'() {
    const id = positionals[2];
    if (id) {
      const result = await callApi(`/v1/dead-letters/${id}/replay`, { method: 'POST' }, values.shop);
      return output(result, () => `queued dead letter ${id} for replay`);
    }
    const filter = failureFilter();
    const body = {
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.topic ? { topic: filter.topic } : {}),
      ...(filter.errorClass ? { error_class: filter.errorClass } : {}),
      ...(filter.from ? { failed_from: filter.from } : {}),
      ...(filter.to ? { failed_to: filter.to } : {}),
      ...(filter.state ? { state: filter.state } : {}),
    };
    const total = { queued: 0, skipped: 0 };
    let afterId: number | undefined;
    for (;;) {
      const page = (await callApi(
        '/v1/dead-letters/replay',
        { method: 'POST', body: JSON.stringify({ ...body, ...(afterId ? { after_id: afterId } : {}) }) },
        values.shop,
      )) as {
        queued: number;
        skipped: number;
        truncated: boolean;
        lastId: number | null;
      };
      total.queued += page.queued;
      total.skipped += page.skipped;
      if (!page.truncated || page.lastId === null) break;
      afterId = page.lastId;
    }
    output(total, () => `queued ${total.queued} dead letters for replay${total.skipped ? `; ${total.skipped} had nothing to replay` : ''}`);
  },

  async replay() {
    if (!values.from || !values.to) throw new UsageError('replay needs --from and --to (ISO-8601)');
    const result = await callApi('/v1/replays', {
      method: 'POST',
      body: JSON.stringify({ received_from: values.from, received_to: values.to, ...(values.topic ? { topic: values.topic } : {}) }),
    });
    output(result, () => `queued ${(result as { queued: number }).queued} deliveries for replay`);
  },

  async redrive() {
    if (!values.from || !values.to || Number.isNaN(Date.parse(values.from)) || Number.isNaN(Date.parse(values.to))) {
      throw new UsageError('redrive needs --from and --to (ISO-8601)');
    }
    const totals = await redriveWindow(values.from, values.to, values['dry-run']);
    output(totals, () => {
      const d = totals.deliveries;
      const verb = totals.dryRun ? 'would re-drive' : 're-drove';
      return [
        `window      ${values.from} to ${values.to}, ${totals.shops} shop${totals.shops === 1 ? '' : 's'}${totals.dryRun ? ' (dry run)' : ''}`,
        `deliveries  ${d.finished} finished; ${d.missing} never recorded, ${d.unfinished} never loaded: ${verb} ${totals.dryRun ? d.missing - d.rawGone + d.unfinished : d.redriven}${d.rawGone ? `; ${d.rawGone} erased by compliance requests` : ''}`,
        `uploads     ${totals.uploads.unfinished} jobs unfinished: ${verb} ${totals.dryRun ? totals.uploads.unfinished : totals.uploads.redriven}`,
        `dead letters ${totals.failuresImported} moved from R2 into the quarantine`,
      ].join('\n');
    });
  },

  async 'shops register'() {
    if (!values.shop || !values.token) throw new UsageError('shops register needs --shop and --token (or SHOPIFY_ACCESS_TOKEN)');
    const [tokenKey] = tokenKeys();
    const registered = await withCliWarehouse((db) =>
      registerShop(db, tokenKey, { shopDomain: values.shop!, accessToken: values.token!, shopUrl: values['shop-url'] }),
    );
    output(registered, () => `registered ${values.shop} (shop ${registered.shopId}), Admin API at ${registered.shopUrl}`);
  },

  async 'shops reseal'() {
    const outcome = await withCliWarehouse((db) => resealTokens(db, tokenKeys()));
    const unopenable = outcome.unopenable.length ? `; opens under neither key (register again): ${outcome.unopenable.join(', ')}` : '';
    output(outcome, () => `sealed ${outcome.resealed} access token${outcome.resealed === 1 ? '' : 's'} again under the current SHOPIFY_TOKEN_KEY${unopenable}`);
    if (outcome.unopenable.length) process.exitCode = 1;
  },

  async lineage() {
    const [, table, key] = positionals;
    if (!table || !key || !values.shop) throw new UsageError('lineage TABLE KEY --shop DOMAIN');
    const domain = values.shop;
    const lineage = await withCliWarehouse(async (db) => {
      const shopId = await knownShopId(db, domain);
      if (shopId === undefined) throw new Error(`no shop ${domain} in this warehouse`);
      if (!lineageTables().some((t) => t.table === table))
        throw new UsageError(
          `lineage takes a table of ${lineageTables()
            .map((t) => t.table)
            .join(', ')}`,
        );
      return lineageOf(db, { shopId }, table, key);
    });
    if (!lineage) throw new Error(`no ${table} row under ${key} in ${domain}`);
    output(lineage, () =>
      [
        ...lineage.rows.map(({ loadedAt, source }) => `row loaded ${loadedAt} from ${describeSource(source)}`),
        lineage.deliveries.length ? 'deliveries that touched it, newest first:' : 'no delivery in the ledger touched it',
        ...lineage.deliveries.map(
          (d) => `  ${d.receivedAt}  ${d.topic}  ${d.webhookId}  ${d.status}${d.seenCount > 1 ? `  (${d.seenCount}×)` : ''}  ${d.rawKey}`,
        ),
      ].join('\n'),
    );
  },

  async 'quality run'() {
    const domain = values.shop;
    const runs = await withCliWarehouse(async (db) => {
      if (!domain) return runQualityForAll(db, 'cli');
      const shopId = await knownShopId(db, domain);
      if (shopId === undefined) throw new Error(`no shop ${domain} in this warehouse`);
      return [{ shopId, ...(await runQuality(db, { shopId }, 'cli')) }];
    });
    output(runs, () =>
      runs.length
        ? runs
            .map(
              (r) =>
                `shop ${r.shopId}, run ${r.runId}: ${r.scores.overall}  (${Object.entries(r.scores.dimensions)
                  .map(([d, v]) => `${d} ${v}`)
                  .join(', ')})`,
            )
            .join('\n')
        : 'no shop holds data yet',
    );
  },

  async 'quality report'() {
    const domain = values.shop;
    if (!domain) throw new UsageError('quality report --shop DOMAIN');
    const runs = await withCliWarehouse(async (db) => {
      const shopId = await knownShopId(db, domain);
      if (shopId === undefined) throw new Error(`no shop ${domain} in this warehouse`);
      return qualityRuns(db, { shopId }, 24);
    });
    output(runs, () => {
      if (!runs.length) return `no quality runs for ${domain} yet (npx wharf quality run --shop ${domain})`;
      const [latest] = runs;
      const failing = latest!.findings.filter((f) => f.failed > 0);
      const skipped = latest!.findings.filter((f) => f.skipped !== null);
      return [
        ...runs.map((r) => {
          const scores = scoresOf(r.findings);
          return `${r.startedAt}  ${String(scores.overall).padStart(6)}  ${Object.entries(scores.dimensions)
            .map(([d, v]) => `${d} ${v}`)
            .join(', ')}`;
        }),
        failing.length ? 'failing in the latest run:' : 'nothing fails in the latest run',
        ...failing.map((f) => `  ${f.rule}: ${f.failed} of ${f.checked} (${f.score})  ${JSON.stringify(f.samples)}`),
        ...(skipped.length ? ['skipped in the latest run, not scored:', ...skipped.map((f) => `  ${f.rule}: ${f.skipped}`)] : []),
      ].join('\n');
    });
  },

  async 'alerts list'() {
    const state = oneOf('state', values.state, ['open', 'all'] as const) ?? 'open';
    const { data } = (await callApi(`/v1/alerts?state=${state}`, {}, values.shop)) as { data: AlertView[] };
    output(data, () =>
      data.length
        ? data
            .map(
              (a) => `${a.id}  ${a.openedAt}  ${a.rule}${a.subject ? ` ${a.subject}` : ''}  ${a.summary}${a.resolvedAt ? `  (resolved ${a.resolvedAt})` : ''}`,
            )
            .join('\n')
        : `no ${state === 'open' ? 'open ' : ''}alerts`,
    );
  },

  async 'alerts rules'() {
    const { data } = (await callApi('/v1/alerts/rules', {}, values.shop)) as { data: RuleView[] };
    output(data, () =>
      data
        .map((r) => `${r.rule}  ${r.enabled ? 'on' : 'off'}${r.threshold === null ? '' : `  ${r.threshold} (${r.thresholdMeaning})`}\n    ${r.description}`)
        .join('\n'),
    );
  },

  async 'alerts set'() {
    const rule = positionals[2];
    if (!rule) throw new UsageError('alerts set RULE [--threshold N] [--disable]');
    const threshold = values.threshold === undefined ? null : Number(values.threshold);
    if (threshold !== null && !(threshold > 0)) throw new UsageError('--threshold takes a positive number');
    const result = await callApi(`/v1/alerts/rules/${rule}`, { method: 'PUT', body: JSON.stringify({ enabled: !values.disable, threshold }) }, values.shop);
    output(result, () => `${rule}: ${values.disable ? 'disabled' : `enabled${threshold === null ? '' : `, threshold ${threshold}`}`}`);
  },

  async 'alerts channel-add'() {
    const url = positionals[2];
    if ((url === undefined) === (values.email === undefined)) throw new UsageError('alerts channel-add URL, or alerts channel-add --email ADDRESS');
    const channel = (await callApi(
      '/v1/alerts/channels',
      { method: 'POST', body: JSON.stringify(url ? { url } : { email: values.email }) },
      values.shop,
    )) as ChannelView & { secret?: string };
    output(channel, () => `channel ${channel.id}: ${describeChannel(channel)}${channel.secret ? `\nsigning secret (shown once): ${channel.secret}` : ''}`);
  },

  async 'alerts channels'() {
    const { data } = (await callApi('/v1/alerts/channels', {}, values.shop)) as { data: ChannelView[] };
    output(data, () => (data.length ? data.map((c) => `${c.id}  ${describeChannel(c)}  since ${c.createdAt}`).join('\n') : 'no alert channels'));
  },

  async 'alerts channel-remove'() {
    const id = positionals[2];
    if (!id || !/^\d+$/.test(id)) throw new UsageError('alerts channel-remove ID');
    const response = await fetch(`${values.url}/v1/alerts/channels/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${values.key ?? ''}`, ...(values.shop ? { [SHOP_HEADER]: values.shop } : {}) },
    });
    if (response.status !== 204) throw new Error(`${response.status}: ${await response.text()}`);
    output({ removed: Number(id) }, () => `channel ${id} removed`);
  },

  async 'alerts check'() {
    const keys = tokenKeys();
    // Email deliveries wait for the Worker: only it has the send_email binding.
    const outcome = await withCliWarehouse(async (db) => ({ ...(await evaluateAlerts(db)), ...(await deliverAlerts(db, { tokenKeys: keys })) }));
    output(outcome, () => `alerts opened ${outcome.opened}, resolved ${outcome.resolved}; deliveries sent ${outcome.sent}, failed attempts ${outcome.failed}`);
  },

  async 'shops connect'() {
    const shop = values.shop;
    if (!shop) throw new UsageError('shops connect needs --shop DOMAIN');
    if (values['client-credentials']) {
      const connection = (await callApi('/v1/connection', { method: 'POST', body: JSON.stringify({ grant: 'client_credentials' }) }, shop)) as ConnectionView;
      output(connection, () => describeConnection(connection));
      return;
    }
    const started = new Date();
    const link = `${values.url}/shopify/install?shop=${encodeURIComponent(shop)}`;
    if (!values.json)
      console.log(`Open this link as the store's owner or staff, and approve Wharf:\n\n  ${link}\n\nWaiting for the authorization (Ctrl-C to stop)…`);
    const connected = await withCliWarehouse(async (db) => {
      for (;;) {
        const found = (await installsWithLatestResync(db)).find(
          (r) => r.domain === shop && new Date(r.installed_at) >= started && r.token_kind !== 'registered',
        );
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    });
    output(
      { link, ...connected },
      () => `connected ${shop}: ${connected.token_kind} token, ${connected.state}; first full resync ${connected.last_resync ?? 'queued'}`,
    );
  },

  async 'shops check'() {
    if (values.now) {
      const connection = (await callApi('/v1/connection/checks', { method: 'POST' }, values.shop)) as ConnectionView;
      if (!values.json) console.log(describeConnection(connection), '\n');
    }
    const shops = (await withCliWarehouse((db) => installsWithLatestResync(db))).filter((r) => !values.shop || r.domain === values.shop);
    output(shops, () => (shops.length ? shops.map(describeInstall).join('\n\n') : 'no shops registered'));
  },

  async 'shops app-toml'() {
    console.log(appTomlFragment(values.url.replace(/\/+$/, ''), values['api-version']));
  },

  async 'shops list'() {
    const shops = await withCliWarehouse((db) => installsWithLatestResync(db));
    output(shops, () =>
      shops.length
        ? shops.map((r) => `${r.domain}  ${r.shop_url}  last resync ${r.last_resync ? `${r.last_resync} ${r.last_status}` : 'never'}`).join('\n')
        : 'no shops registered',
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

  async export() {
    const request = { full: values.full, ...(values.table ? { tables: values.table } : {}) };
    let current = (await callApi('/v1/exports', { method: 'POST', body: JSON.stringify(request) })) as ExportView;
    if (!values.json) console.log(`${current.id}  export ${current.status}`);
    while (values.wait && current.status !== 'complete' && current.status !== 'failed') {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      current = (await callApi(`/v1/exports/${current.id}`)) as ExportView;
    }
    output(current, () => describeExport(current));
    if (current.status === 'failed') process.exitCode = 1;
  },

  async 'exports show'() {
    const id = positionals[2];
    if (!id) throw new UsageError('exports show takes an export id');
    const current = (await callApi(`/v1/exports/${id}`)) as ExportView;
    output(current, () => describeExport(current));
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
    const ledger = await withCliWarehouse(async (db) => ({ deliveries: await countDeliveries(db), deadLetters: await countOpenFailures(db, values.shop) }));
    const open = ledger.deadLetters.reduce((total, d) => total + d.count, 0);
    // With a key, what R2 holds and the ledger lacks, up to a minute ago (later ones may still be in the queues).
    const since = values.from ?? new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
    const until = new Date(Date.now() - 60_000).toISOString();
    const unreconciled = values.key && worker.status === 200 ? (await redriveWindow(since, until, true)).deliveries : null;
    const lacking = unreconciled ? unreconciled.missing - unreconciled.rawGone + unreconciled.unfinished : 0;
    output({ worker, ...ledger, unreconciled }, () =>
      [
        `worker       ${values.url}: ${worker.status === 200 ? 'ok' : `unreachable or unhealthy (${worker.status || JSON.stringify(worker.body)})`}`,
        `deliveries   ${ledger.deliveries.map((d) => `${d.status} ${d.count}`).join(', ') || 'none yet'}`,
        `dead letters ${open ? `${open} open: ${ledger.deadLetters.map((d) => `${d.stage}/${d.errorClass} ${d.count}`).join(', ')}` : 'none open'}`,
        unreconciled
          ? `R2           since ${since}: ${lacking ? `${lacking} accepted deliveries not loaded (${unreconciled.missing - unreconciled.rawGone} never recorded): run wharf redrive` : 'every accepted delivery is in the ledger'}`
          : `R2           not checked (give --key to compare R2 with the ledger)`,
      ].join('\n'),
    );
    if (worker.status !== 200 || lacking > 0) process.exitCode = 1;
  },
};

interface RedriveView {
  truncated: boolean;
  resumeFrom: string | null;
  deliveries: { indexed: number; finished: number; unfinished: number; missing: number; rawGone: number; redriven: number };
  uploads: { unfinished: number; redriven: number };
  failuresImported: number;
}

/** `POST /v1/redrives` over [from, to) for --shop or every shop the key spans, resumed until done; the reports added up. */
async function redriveWindow(from: string, to: string, dryRun: boolean) {
  const shops = values.shop ? [values.shop] : await shopsOfKey();
  const reports: { shop: string; report: RedriveView }[] = [];
  for (const shop of shops) {
    let start = from;
    for (;;) {
      const report = (await callApi('/v1/redrives', { method: 'POST', body: JSON.stringify({ from: start, to, dry_run: dryRun }) }, shop)) as RedriveView;
      reports.push({ shop, report });
      if (!report.truncated || !report.resumeFrom) break;
      start = report.resumeFrom;
    }
  }
  const sum = (pick: (r: RedriveView) => number) => reports.reduce((total, { report }) => total + pick(report), 0);
  return {
    shops: shops.length,
    dryRun,
    deliveries: {
      indexed: sum((r) => r.deliveries.indexed),
      finished: sum((r) => r.deliveries.finished),
      unfinished: sum((r) => r.deliveries.unfinished),
      missing: sum((r) => r.deliveries.missing),
      rawGone: sum((r) => r.deliveries.rawGone),
      redriven: sum((r) => r.deliveries.redriven),
    },
    uploads: { unfinished: sum((r) => r.uploads.unfinished), redriven: sum((r) => r.uploads.redriven) },
    failuresImported: sum((r) => r.failuresImported),
    reports,
  };
}

/** The dead-letter filter given by --stage, --topic, --class, --from, --to and --state. */
function failureFilter(): Omit<FailureFilter, 'shopDomain'> {
  for (const name of ['from', 'to'] as const) {
    if (values[name] && Number.isNaN(Date.parse(values[name]))) throw new UsageError(`--${name} takes an ISO-8601 timestamp`);
  }
  return {
    stage: oneOf('stage', values.stage, STAGES),
    topic: values.topic,
    errorClass: oneOf('class', values.class, FAILURE_CLASSES),
    from: values.from,
    to: values.to,
    state: oneOf('state', values.state, ['open', 'resolved', 'all'] as const),
  };
}

/** Every shop the API key acts on: its own and those it spans. */
async function shopsOfKey(): Promise<string[]> {
  const prefix = /^wharf_([a-z0-9]{12})_/.exec(values.key ?? '')?.[1];
  if (!prefix) throw new UsageError('--key (or WHARF_API_KEY) is required: an admin API key');
  const key = (await withCliWarehouse((db) => listApiKeys(db))).find((k) => k.prefix === prefix);
  if (!key) throw new Error(`no API key with prefix ${prefix} in this warehouse`);
  return [key.shop, ...key.alsoShops];
}

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
