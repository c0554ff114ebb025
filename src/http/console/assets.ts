/**
 * The console's static files, bundled into the Worker (no CDN, so it works offline and the
 * Content-Security-Policy can allow scripts and styles from the Worker only): uPlot for charts,
 * the console's own script, which draws the charts from JSON the page carries, and its styles.
 */

import uplotScript from 'uplot/dist/uPlot.iife.min.js';
import uplotCss from 'uplot/dist/uPlot.min.css';

/** Draws each `<figure data-chart>` from the JSON of its `<script type="application/json">`: x is unix seconds, then one series per label; `yRange` fixes the y axis. */
const consoleScript = `'use strict';
document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
  var data = JSON.parse(figure.querySelector('script[type="application/json"]').textContent);
  var colors = ['#2563eb', '#16a34a', '#dc2626', '#9333ea'];
  var series = [{}].concat(data.labels.map(function (label, i) { return { label: label, stroke: colors[i % colors.length], width: 1.5 }; }));
  var width = Math.max(320, figure.clientWidth || 900);
  var scales = { x: { time: data.time !== false }, y: data.yRange ? { range: data.yRange } : {} };
  new uPlot({ width: width, height: 220, series: series, axes: [{}, { size: 50 }], scales: scales }, data.rows, figure.querySelector('.chart'));
});
document.querySelectorAll('select[data-submit]').forEach(function (select) {
  select.addEventListener('change', function () { select.form.submit(); });
});
`;

const consoleCss = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #111827; color: #f9fafb; }
header a { color: #d1d5db; text-decoration: none; } header a[aria-current] { color: #fff; font-weight: 600; }
header form { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
main { padding: 1rem 1.2rem; max-width: 1200px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; } h2 { font-size: 1rem; margin: 0 0 .6rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #f3f4f6; vertical-align: top; }
th { font-weight: 600; color: #374151; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; gap: 1rem; flex-wrap: wrap; } .figure { min-width: 9rem; } .figure b { display: block; font-size: 1.5rem; }
.bad { color: #b91c1c; } .good { color: #15803d; } .muted { color: #6b7280; }
pre { white-space: pre-wrap; word-break: break-all; background: #f3f4f6; padding: .6rem; border-radius: 4px; max-height: 40rem; overflow: auto; }
progress { width: 10rem; } .error { background: #fef2f2; border: 1px solid #fecaca; padding: .6rem; border-radius: 6px; }
table.heat td.num { color: #111827; }
.heat-0 { background: #eff6ff; } .heat-1 { background: #dbeafe; } .heat-2 { background: #bfdbfe; } .heat-3 { background: #93c5fd; } .heat-4 { background: #60a5fa; }
.heat-5 { background: #3b82f6; color: #fff !important; } .heat-6 { background: #2563eb; color: #fff !important; } .heat-7 { background: #1d4ed8; color: #fff !important; }
.heat-8 { background: #1e40af; color: #fff !important; } .heat-9 { background: #1e3a8a; color: #fff !important; }
button { cursor: pointer; } input, select, button { font: inherit; padding: .25rem .5rem; }
`;

export const CONSOLE_ASSETS: Readonly<Record<string, { body: string; type: string }>> = {
  'uplot.js': { body: uplotScript, type: 'text/javascript; charset=utf-8' },
  'uplot.css': { body: uplotCss, type: 'text/css; charset=utf-8' },
  'console.js': { body: consoleScript, type: 'text/javascript; charset=utf-8' },
  'console.css': { body: consoleCss, type: 'text/css; charset=utf-8' },
};
