/** The console's pages on what came in: deliveries (and one delivery), upload jobs, resyncs. */
import { html } from 'hono/html';
import type { Warehouse } from '../../warehouse/db';
import { type DeliverySearch, searchDeliveries } from '../../warehouse/ledger';
import { listJobs, listRejects } from '../../warehouse/reads/jobs';
import { lineageOf } from '../../warehouse/reads/lineage';
import type { ShopScope } from '../../warehouse/reads/scope';
import { operationsOf } from '../../warehouse/resync-operations';
import { recentResyncs } from '../../warehouse/resyncs';
import { type Html, when } from './layout';

/** How much of a raw payload the delivery page shows. */
const PAYLOAD_CHARS = 64 * 1024;

const progress = (done: number, total: number | null) =>
  total ? html`<progress max="${total}" value="${done}"></progress> ${done} / ${total}` : html`<span class="muted">${done} / ?</span>`;

export async function deliveriesPage(db: Warehouse, shop: string, search: DeliverySearch): Promise<Html> {
  const deliveries = await searchDeliveries(db, shop, search, 200);
  const field = (name: string, label: string, value: string | undefined, size = 14) =>
    html`<label>${label} <input name="${name}" value="${value ?? ''}" size="${size}" /></label>`;
  return html`
    <section>
      <form method="get" action="/console/deliveries">
        <input type="hidden" name="shop" value="${shop}" />
        ${field('topic', 'Topic', search.topic)} ${field('webhook', 'Webhook id', search.webhookId, 24)} ${field('order', 'Order', search.orderId)}
        ${field('customer', 'Customer', search.customerId)} ${field('status', 'Status', search.status, 10)}
        ${field('from', 'From', search.receivedFrom, 20)} ${field('to', 'To', search.receivedTo, 20)}
        <button>Search</button>
      </form>
    </section>
    <section>
      <h2>${deliveries.length === 200 ? 'The newest 200' : `${deliveries.length} deliveries`}</h2>
      ${
        deliveries.length
          ? html`<table><tr><th>Received</th><th>Topic</th><th>Webhook id</th><th>Status</th><th class="num">Seen</th><th>Order</th><th>Customer</th></tr>
          ${deliveries.map(
            (d) =>
              html`<tr><td>${when(d.receivedAt)}</td><td>${d.topic}</td><td><a href="/console/deliveries/${encodeURIComponent(d.webhookId)}?shop=${shop}">${d.webhookId}</a></td><td class="${d.status === 'quarantined' ? 'bad' : ''}">${d.status}</td><td class="num">${d.seenCount}</td><td>${d.orderId ?? ''}</td><td>${d.customerId ?? ''}</td></tr>`,
          )}</table>`
          : html`<p class="muted">No delivery matches.</p>`
      }
    </section>`;
}

/** One delivery: its record, its raw payload from R2, the warehouse rows of its order or customer, and a replay. */
export async function deliveryPage(db: Warehouse, bucket: R2Bucket, scope: ShopScope, shop: string, webhookId: string, csrf: string): Promise<Html | null> {
  const [delivery] = await searchDeliveries(db, shop, { webhookId }, 1);
  if (!delivery) return null;
  const object = await bucket.get(delivery.rawKey);
  const text = object ? await object.text() : null;
  const lineages = [
    delivery.orderId ? await lineageOf(db, scope, 'fact_order', delivery.orderId) : null,
    delivery.customerId ? await lineageOf(db, scope, 'customer_version', delivery.customerId) : null,
  ].filter((l): l is NonNullable<typeof l> => l !== null);
  return html`
    <section>
      <table>
        <tr><th>Topic</th><td>${delivery.topic}</td></tr>
        <tr><th>Webhook id</th><td>${delivery.webhookId}</td></tr>
        <tr><th>Status</th><td>${delivery.status}${delivery.notes ? html` <code>${JSON.stringify(delivery.notes)}</code>` : ''}</td></tr>
        <tr><th>Received</th><td>${when(delivery.receivedAt)} (Shopify sent it ${delivery.seenCount}×)</td></tr>
        <tr><th>Loaded</th><td>${when(delivery.loadedAt)}</td></tr>
        <tr><th>Raw object</th><td><code>${delivery.rawKey}</code></td></tr>
      </table>
      <form method="post" action="/console/deliveries/${encodeURIComponent(delivery.webhookId)}/replay?shop=${shop}">
        <input type="hidden" name="csrf" value="${csrf}" /><button>Replay this delivery</button>
      </form>
    </section>
    <section>
      <h2>Warehouse rows</h2>
      ${
        lineages.length
          ? lineages.map(
              (lineage) => html`<h3>${lineage.table} ${lineage.key}</h3>
              <table><tr><th>Loaded</th><th>From</th><th>Row</th></tr>
              ${lineage.rows.map(
                (r) =>
                  html`<tr><td>${when(r.loadedAt)}</td><td>${r.source.rawKey === delivery.rawKey ? html`<b>this delivery</b>` : html`<code>${r.source.rawKey}</code>`}</td><td><code>${JSON.stringify(r.row)}</code></td></tr>`,
              )}</table>`,
            )
          : html`<p class="muted">This delivery names no order or customer, or its rows are not loaded.</p>`
      }
    </section>
    <section>
      <h2>Payload, as received</h2>
      ${
        text === null
          ? html`<p class="bad">The raw object is missing from R2.</p>`
          : html`<pre>${text.length > PAYLOAD_CHARS ? `${text.slice(0, PAYLOAD_CHARS)}\n… (${text.length - PAYLOAD_CHARS} more characters)` : text}</pre>`
      }
    </section>`;
}

export async function uploadsPage(db: Warehouse, scope: ShopScope, shop: string): Promise<Html> {
  const jobs = (await listJobs(db, scope, { limit: 50 })).data;
  return html`<section>
    ${
      jobs.length
        ? html`<table><tr><th>Job</th><th>Format</th><th>Status</th><th>Chunks</th><th class="num">Rows seen</th><th class="num">Loaded</th><th class="num">Rejected</th><th class="num">Duplicates</th><th>Created</th><th>Finished</th></tr>
        ${jobs.map(
          (j) =>
            html`<tr><td><a href="/console/uploads/${j.id}?shop=${shop}">${j.id}</a></td><td>${j.source}</td><td class="${j.status === 'failed' ? 'bad' : ''}">${j.status}${j.error ? html`: ${j.error}` : ''}</td><td>${progress(j.chunksDone, j.chunksTotal)}</td><td class="num">${j.rowsSeen}</td><td class="num">${j.rowsLoaded}</td><td class="num ${j.rowsRejected ? 'bad' : ''}">${j.rowsRejected}</td><td class="num">${j.rowsDuplicate}</td><td>${when(j.createdAt)}</td><td>${when(j.finishedAt)}</td></tr>`,
        )}</table>`
        : html`<p class="muted">No upload job yet.</p>`
    }
  </section>`;
}

export async function uploadPage(db: Warehouse, scope: ShopScope, shop: string, jobId: string): Promise<Html> {
  const rejects = await listRejects(db, scope, jobId, { limit: 200 });
  return html`<section>
    <p><a href="/console/uploads/${jobId}/rejects.csv?shop=${shop}">Download every reject as CSV</a></p>
    ${
      rejects.data.length
        ? html`<table><tr><th class="num">Row</th><th>Field</th><th>Value</th><th>Reason</th></tr>
        ${rejects.data.map((r) => html`<tr><td class="num">${r.row}</td><td>${r.field}</td><td><code>${r.value ?? ''}</code></td><td>${r.reason}</td></tr>`)}</table>
        ${rejects.nextCursor ? html`<p class="muted">The first 200; the CSV has them all.</p>` : ''}`
        : html`<p class="muted">No rejected row.</p>`
    }
  </section>`;
}

export async function resyncsPage(db: Warehouse, scope: ShopScope): Promise<Html> {
  const resyncs = await recentResyncs(db, scope.shopId, 20);
  if (resyncs.length === 0) return html`<section><p class="muted">No resync yet.</p></section>`;
  const parts = [];
  for (const r of resyncs) {
    const operations = await operationsOf(db, r.id);
    parts.push(html`<section>
      <h2>${r.kind} resync ${r.id}: <span class="${r.status === 'failed' ? 'bad' : r.status === 'reconciled' ? 'good' : ''}">${r.status}</span></h2>
      <p>Requested ${when(r.createdAt)} by ${r.requestedBy} → started ${when(r.startedAt)} → finished ${when(r.finishedAt)}. Lines: ${progress(r.linesLoaded, r.linesTotal || null)},
        ${r.linesRejected} rejected, ${r.linesDuplicate} duplicate; ${r.deletesReconciled} deletions reconciled.${r.error ? html` <span class="bad">${r.error}</span>` : ''}</p>
      ${
        operations.length
          ? html`<table><tr><th>Entity</th><th class="num">Attempt</th><th>Bulk operation</th><th>Status</th><th class="num">Objects</th><th class="num">Records</th><th class="num">Lines loaded</th><th class="num">Rejected</th><th>Started</th><th>Completed</th></tr>
          ${operations.map(
            (o) =>
              html`<tr><td>${o.entity}</td><td class="num">${o.attempt}</td><td><code>${o.bulkOperationId ?? (o.exportSlices ? `${o.exportSlices} export slices` : '—')}</code></td><td>${o.status ?? '—'}${o.errorCode ? html` <span class="bad">${o.errorCode}</span>` : ''}</td><td class="num">${o.objectCount ?? ''}</td><td class="num">${o.records ?? ''}</td><td class="num">${o.linesLoaded}</td><td class="num">${o.linesRejected}</td><td>${when(o.startedAt)}</td><td>${when(o.completedAt)}</td></tr>`,
          )}</table>`
          : ''
      }
    </section>`);
  }
  return html`${parts}`;
}
