/** The console's page frame: navigation, the shop switch for keys that span shops, sign-out. */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const PAGES = [
  ['overview', 'Overview'],
  ['deliveries', 'Deliveries'],
  ['dead-letters', 'Dead letters'],
  ['uploads', 'Uploads'],
  ['resyncs', 'Resyncs'],
  ['quality', 'Quality'],
  ['alerts', 'Alerts'],
  ['analytics', 'Analytics'],
] as const;

/** An instant as the console shows it: to the second, in UTC. */
export const when = (instant: string | null | undefined) => (instant ? instant.replace('T', ' ').replace(/\.\d+/, '').replace('+00:00', ' UTC') : '—');

export interface Frame {
  page: (typeof PAGES)[number][0] | 'sign-in';
  title: string;
  shop?: string;
  shops?: readonly string[];
  csrf?: string;
  /** Pages that show work in progress reload themselves this often. */
  refreshSeconds?: number;
}

/** How often the pages of live state reload: the overview's figures, jobs' and resyncs' progress. */
export const REFRESH_SECONDS: Partial<Record<Frame['page'], number>> = { overview: 30, uploads: 10, resyncs: 10 };

/** JSON for a page's chart, safe inside a <script type="application/json"> element. */
export const chartJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function layout(frame: Frame, body: Html): Html {
  const nav = frame.shop
    ? html`<header>
        <strong>Wharf</strong>
        ${PAGES.map(([page, label]) => html`<a href="/console/${page}?shop=${frame.shop}" ${page === frame.page ? html`aria-current="page"` : ''}>${label}</a>`)}
        <form method="get" action="/console/${frame.page}">
          <label>Shop
            <select name="shop" data-submit>
              ${(frame.shops ?? [frame.shop]).map((s) => html`<option ${s === frame.shop ? html`selected` : ''}>${s}</option>`)}
            </select>
          </label>
        </form>
        <form method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="${frame.csrf}" /><button>Sign out</button></form>
      </header>`
    : html`<header><strong>Wharf</strong></header>`;
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    ${frame.refreshSeconds ? html`<meta http-equiv="refresh" content="${frame.refreshSeconds}" />` : ''}
    <title>${frame.title} · Wharf</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/console/assets/uplot.css" />
    <link rel="stylesheet" href="/console/assets/console.css" />
  </head>
  <body>
    ${nav}
    <main>
      <h1>${frame.title}</h1>
      ${body}
    </main>
    <script src="/console/assets/uplot.js"></script>
    <script src="/console/assets/console.js"></script>
  </body>
</html>`;
}
