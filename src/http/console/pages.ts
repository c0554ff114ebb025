/** The console's pages: what each shows, from the warehouse's reads, as HTML. */
import { html, raw } from 'hono/html';
import { ALERT_RULES } from '../../alerts/rules';
import { QUALITY_RULES } from '../../quality/rules';
import { ANOMALY_RULES, scoresOf } from '../../quality/run';
import { listAlerts } from '../../warehouse/alerts';
import type { Warehouse } from '../../warehouse/db';
import type { FailureFilter } from '../../warehouse/dead-letters';
import { listFailures } from '../../warehouse/dead-letters';
import { qualityRuns } from '../../warehouse/quality';
import { analyticsReport } from '../../warehouse/reads/analytics';
import { pipelineMetrics } from '../../warehouse/reads/pipeline-metrics';
import type { ShopScope } from '../../warehouse/reads/scope';
import { chartJson, type Html, when } from './layout';

const scoreClass = (score: number) => (score >= 99 ? 'good' : score < 90 ? 'bad' : '');

function alertsTable(alerts: Awaited<ReturnType<typeof listAlerts>>): Html {
  if (alerts.length === 0) return html`<p class="muted">No alerts.</p>`;
  return html`<table>
    <tr><th>Opened</th><th>Rule</th><th>About</th><th>What</th><th>Last seen</th><th>Resolved</th></tr>
    ${alerts.map(
      (a) =>
        html`<tr><td>${when(a.openedAt)}</td><td>${a.rule}</td><td>${a.subject || '—'}</td><td>${a.summary}</td><td>${when(a.lastSeenAt)}</td><td class="${a.resolvedAt ? 'good' : 'bad'}">${a.resolvedAt ? when(a.resolvedAt) : 'open'}</td></tr>`,
    )}
  </table>`;
}

export async function overviewPage(db: Warehouse, scope: ShopScope): Promise<Html> {
  const metrics = await pipelineMetrics(db, scope, { hours: 24, bucketMinutes: 1 });
  const open = await listAlerts(db, scope, { open: true, limit: 50 });
  const chart = {
    labels: ['received', 'loaded', 'quarantined'],
    rows: [
      metrics.series.map((b) => Date.parse(b.at) / 1000),
      metrics.series.map((b) => b.received),
      metrics.series.map((b) => b.loaded),
      metrics.series.map((b) => b.quarantined),
    ],
  };
  const d = metrics.deliveries;
  return html`
    <section>
      <h2>Last 24 hours</h2>
      <div class="figures">
        <div class="figure"><b>${d.received}</b>deliveries</div>
        <div class="figure"><b>${d.loaded}</b>loaded</div>
        <div class="figure"><b class="${d.quarantined ? 'bad' : ''}">${d.quarantined}</b>quarantined</div>
        <div class="figure"><b class="${metrics.backlog.deliveries ? 'bad' : ''}">${metrics.backlog.deliveries}</b>accepted, not loaded (oldest ${when(metrics.backlog.oldestReceivedAt)})</div>
        <div class="figure"><b>${metrics.loadLagSeconds.p95 === null ? '—' : `${metrics.loadLagSeconds.p95.toFixed(1)} s`}</b>load lag, p95</div>
      </div>
    </section>
    <section>
      <h2>Deliveries per minute</h2>
      <figure data-chart><div class="chart"></div><script type="application/json">${raw(chartJson(chart))}</script></figure>
    </section>
    <section>
      <h2>Open alerts</h2>
      ${alertsTable(open)}
    </section>
    <section>
      <h2>Freshness per topic</h2>
      ${
        metrics.topics.length
          ? html`<table><tr><th>Topic</th><th class="num">Deliveries, 24 h</th><th>Last delivery</th><th>Last load</th></tr>
          ${metrics.topics.map((t) => html`<tr><td>${t.topic}</td><td class="num">${t.received}</td><td>${when(t.lastReceivedAt)}</td><td>${when(t.lastLoadedAt)}</td></tr>`)}</table>`
          : html`<p class="muted">No deliveries yet.</p>`
      }
    </section>
    <section>
      <h2>Dead letters per stage</h2>
      ${
        metrics.failures.length
          ? html`<table><tr><th>Stage</th><th class="num">Recorded, 24 h</th><th class="num">Open</th></tr>
          ${metrics.failures.map((f) => html`<tr><td>${f.stage}</td><td class="num">${f.opened}</td><td class="num ${f.open ? 'bad' : ''}">${f.open}</td></tr>`)}</table>`
          : html`<p class="muted">None.</p>`
      }
    </section>
    <section>
      <h2>Resyncs and uploads</h2>
      ${
        metrics.resyncs.length
          ? html`<table><tr><th>Resync</th><th>Kind</th><th>State</th><th>Lines</th><th>Started</th><th>Finished</th></tr>
          ${metrics.resyncs.map(
            (r) =>
              html`<tr><td>${r.id}</td><td>${r.kind}</td><td>${r.status}</td><td><progress max="${Math.max(r.linesTotal, 1)}" value="${r.linesLoaded}"></progress> ${r.linesLoaded} / ${r.linesTotal}</td><td>${when(r.createdAt)}</td><td>${when(r.finishedAt)}</td></tr>`,
          )}</table>`
          : html`<p class="muted">No resync in the last 24 hours.</p>`
      }
      ${
        metrics.uploads.length
          ? html`<table><tr><th>Upload jobs</th><th class="num">Jobs</th><th class="num">Rows loaded</th><th class="num">Rows rejected</th></tr>
          ${metrics.uploads.map((u) => html`<tr><td>${u.status}</td><td class="num">${u.jobs}</td><td class="num">${u.rowsLoaded}</td><td class="num">${u.rowsRejected}</td></tr>`)}</table>`
          : html`<p class="muted">No upload job in the last 24 hours.</p>`
      }
    </section>`;
}

export async function alertsPage(db: Warehouse, scope: ShopScope): Promise<Html> {
  const alerts = await listAlerts(db, scope, { open: false, limit: 200 });
  return html`
    <section><h2>Alerts, newest first</h2>${alertsTable(alerts)}</section>
    <section>
      <h2>Rules</h2>
      <table><tr><th>Rule</th><th>Fires when</th></tr>${ALERT_RULES.map((r) => html`<tr><td>${r.name}</td><td>${r.description}</td></tr>`)}</table>
      <p class="muted">Set a rule or a channel with <code>PUT /v1/alerts/rules/{rule}</code> and <code>POST /v1/alerts/channels</code>, or <code>npx wharf alerts</code>.</p>
    </section>`;
}

export async function qualityPage(db: Warehouse, scope: ShopScope, shop: string, csrf: string): Promise<Html> {
  const runs = await qualityRuns(db, scope, 24);
  const latest = runs[0];
  const scores = latest ? scoresOf(latest.findings) : undefined;
  const trend = {
    labels: ['overall score'],
    yRange: [0, 100],
    rows: [[...runs].reverse().map((r) => Date.parse(r.startedAt) / 1000), [...runs].reverse().map((r) => scoresOf(r.findings).overall)],
  };
  const described = new Map<string, string>(QUALITY_RULES.map((r) => [r.name, r.description]));
  for (const name of ANOMALY_RULES) described.set(name, 'yesterday against the same weekday of the six weeks before (modified z-score beyond 3.5)');
  return html`
    <section>
      <form method="post" action="/console/quality/run?shop=${shop}"><input type="hidden" name="csrf" value="${csrf}" /><button>Run the rules now</button></form>
    </section>
    ${
      latest && scores
        ? html`<section>
        <h2>Latest run: ${when(latest.startedAt)} (${latest.trigger})</h2>
        <div class="figures">
          <div class="figure"><b class="${scoreClass(scores.overall)}">${scores.overall}</b>overall</div>
          ${Object.entries(scores.dimensions).map(([dimension, score]) => html`<div class="figure"><b class="${scoreClass(score)}">${score}</b>${dimension}</div>`)}
        </div>
      </section>
      <section>
        <h2>Score over the last runs</h2>
        <figure data-chart><div class="chart"></div><script type="application/json">${raw(chartJson(trend))}</script></figure>
      </section>
      <section>
        <h2>Rules</h2>
        <table><tr><th>Rule</th><th>Checks</th><th class="num">Checked</th><th class="num">Failing</th><th class="num">Score</th><th>First failing</th></tr>
        ${latest.findings.map(
          (f) =>
            html`<tr><td>${f.rule}</td><td>${described.get(f.rule) ?? f.dimension}</td><td class="num">${f.checked}</td><td class="num ${f.failed ? 'bad' : ''}">${f.failed}</td>${
              f.score === null
                ? html`<td class="num muted">skipped</td><td class="muted">${f.skipped}</td>`
                : html`<td class="num ${scoreClass(f.score)}">${f.score}</td><td><code>${f.failed ? JSON.stringify(f.samples) : ''}</code></td>`
            }</tr>`,
        )}
        </table>
      </section>`
        : html`<section><p class="muted">No quality run yet.</p></section>`
    }`;
}

export async function deadLettersPage(db: Warehouse, shop: string, filter: FailureFilter, csrf: string, notice?: string): Promise<Html> {
  const letters = await listFailures(db, { ...filter, shopDomain: shop }, { limit: 200 });
  return html`
    ${notice ? html`<section class="good">${notice}</section>` : ''}
    <section>
      <form method="get" action="/console/dead-letters">
        <input type="hidden" name="shop" value="${shop}" />
        <label>Stage <input name="stage" value="${filter.stage ?? ''}" size="10" /></label>
        <label>Topic <input name="topic" value="${filter.topic ?? ''}" size="18" /></label>
        <label>Class <input name="class" value="${filter.errorClass ?? ''}" size="10" /></label>
        <label>Failed from <input name="from" value="${filter.from ?? ''}" size="20" /></label>
        <label>to <input name="to" value="${filter.to ?? ''}" size="20" /></label>
        <button>Filter</button>
      </form>
    </section>
    <section>
      <h2>${letters.length} open</h2>
      ${(['replay', 'resolve'] as const).map(
        (action) => html`<form method="post" action="/console/dead-letters/${action}?shop=${shop}">
          <input type="hidden" name="csrf" value="${csrf}" />
          <input type="hidden" name="stage" value="${filter.stage ?? ''}" />
          <input type="hidden" name="topic" value="${filter.topic ?? ''}" />
          <input type="hidden" name="class" value="${filter.errorClass ?? ''}" />
          <input type="hidden" name="from" value="${filter.from ?? ''}" />
          <input type="hidden" name="to" value="${filter.to ?? ''}" />
          <button ${letters.length ? '' : 'disabled'}>${action === 'replay' ? 'Replay every one shown' : 'Resolve every one shown, without replaying'}</button>
        </form>`,
      )}
      ${
        letters.length
          ? html`<table><tr><th>Id</th><th>Stage</th><th>Class</th><th>Topic or subject</th><th class="num">Attempts</th><th>Last failed</th><th>Reason</th></tr>
          ${letters.map(
            (l) =>
              html`<tr><td>${l.id}</td><td>${l.stage}</td><td>${l.errorClass}</td><td>${l.topic ?? l.subject}</td><td class="num">${l.attempts}</td><td>${when(l.lastFailedAt)}</td><td>${l.reason}</td></tr>`,
          )}</table>`
          : html`<p class="muted">Nothing waits.</p>`
      }
    </section>`;
}

/** Days before today (in UTC; the reports cut by the shop's calendar) that the analytics page covers. */
const ANALYTICS_DAYS = 90;
const HEAT_STEPS = 10;

export async function analyticsPage(db: Warehouse, scope: ShopScope): Promise<Html> {
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const range = { from: day(ANALYTICS_DAYS - 1), to: day(0) };
  const sales = (await analyticsReport(db, scope, 'sales', { ...range, groupBy: 'day', limit: 10_000 })).data;
  const byDay = new Map<string, { net: number; orders: number }>();
  for (const row of sales) {
    const total = byDay.get(String(row.period)) ?? { net: 0, orders: 0 };
    total.net += Number(row.net_sales);
    total.orders += Number(row.orders);
    byDay.set(String(row.period), total);
  }
  const days = [...byDay.keys()].sort();
  const chart = {
    labels: ['net sales', 'orders'],
    rows: [
      days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
      days.map((d) => Math.round(byDay.get(d)!.net * 100) / 100),
      days.map((d) => byDay.get(d)!.orders),
    ],
  };
  const products = (await analyticsReport(db, scope, 'products', { ...range, groupBy: 'range', limit: 10_000 })).data
    .sort((a, b) => Number(b.net_sales) - Number(a.net_sales))
    .slice(0, 20);
  const cohorts = (await analyticsReport(db, scope, 'cohorts', { from: day(365), to: range.to, limit: 10_000 })).data;
  const months = [...new Set(cohorts.map((c) => Number(c.months_since_first_order)))].sort((a, b) => a - b);
  const byCohort = new Map<string, Map<number, (typeof cohorts)[number]>>();
  for (const c of cohorts) {
    const cohort = byCohort.get(String(c.cohort_month)) ?? byCohort.set(String(c.cohort_month), new Map()).get(String(c.cohort_month))!;
    cohort.set(Number(c.months_since_first_order), c);
  }
  // Retention as a step of the heat scale: a class, since the CSP allows no inline style.
  const heat = (rate: number) => `heat-${Math.min(HEAT_STEPS - 1, Math.floor(rate * HEAT_STEPS))}`;
  return html`
    <section>
      <h2>Net sales and orders per day, last ${ANALYTICS_DAYS} days</h2>
      ${days.length ? html`<figure data-chart><div class="chart"></div><script type="application/json">${raw(chartJson(chart))}</script></figure>` : html`<p class="muted">No sales in the range.</p>`}
    </section>
    <section>
      <h2>Top products by net sales, last ${ANALYTICS_DAYS} days</h2>
      ${
        products.length
          ? html`<table><tr><th>Product</th><th>Variant</th><th>SKU</th><th class="num">Units</th><th class="num">Returned</th><th class="num">Net sales</th><th class="num">Gross margin</th></tr>
          ${products.map(
            (p) =>
              html`<tr><td>${p.product_title ?? p.product_id ?? 'custom item'}</td><td>${p.variant_title ?? ''}</td><td>${p.sku ?? ''}</td><td class="num">${p.units_sold}</td><td class="num">${p.units_returned}</td><td class="num">${p.net_sales}</td><td class="num">${p.gross_margin ?? '—'}</td></tr>`,
          )}</table>`
          : html`<p class="muted">No product sold in the range.</p>`
      }
    </section>
    <section>
      <h2>Monthly cohorts: customers retained</h2>
      ${
        byCohort.size
          ? html`<table class="heat"><tr><th>Cohort</th><th class="num">Customers</th>${months.map((m) => html`<th class="num">+${m}</th>`)}</tr>
          ${[...byCohort].map(
            ([month, cells]) =>
              html`<tr><td>${month.slice(0, 7)}</td><td class="num">${cells.get(0)?.cohort_customers ?? ''}</td>${months.map((m) => {
                const cell = cells.get(m);
                return cell
                  ? html`<td class="num ${heat(Number(cell.retention_rate))}">${Math.round(Number(cell.retention_rate) * 1000) / 10} %</td>`
                  : html`<td></td>`;
              })}</tr>`,
          )}</table>`
          : html`<p class="muted">No customer cohorts yet.</p>`
      }
    </section>`;
}
