/**
 * One quality run for a shop: every rule measured, the daily order volume and net sales checked for
 * anomalies against the same weekday's baseline, all stored as one run with its scores.
 */
import { weekdayAnomaly } from '../domain/anomaly';
import type { Warehouse } from '../warehouse/db';
import { dailySales, measure, type QualityFinding, saveQualityRun, shopsToCheck } from '../warehouse/quality';
import type { ShopScope } from '../warehouse/reads/scope';
import { QUALITY_RULES } from './rules';

/** Days of sales read for the anomaly checks: six weeks of same weekdays before yesterday. */
const HISTORY_DAYS = 43;

/** The anomaly checks, by the daily figure each judges. */
const ANOMALY_FIGURES = { 'orders.daily.anomaly': 'orders', 'net_sales.daily.anomaly': 'netSales' } as const;
type AnomalyRule = keyof typeof ANOMALY_FIGURES;
export const ANOMALY_RULES = Object.keys(ANOMALY_FIGURES) as AnomalyRule[];

/** 100 × the share of checked rows that pass; 100 when nothing was there to check. */
export const score = (checked: number, failed: number) => (checked === 0 ? 100 : Math.round((10_000 * (checked - failed)) / checked) / 100);

export async function runQuality(db: Warehouse, scope: ShopScope, trigger: string) {
  const findings: QualityFinding[] = [];
  for (const rule of QUALITY_RULES) {
    const { checked, failed, samples, skipped } = await measure(db, scope, rule.check);
    findings.push({
      rule: rule.name,
      dimension: rule.dimension,
      table: rule.table,
      checked,
      failed,
      score: skipped ? null : score(checked, failed),
      samples,
      skipped: skipped ?? null,
    });
  }
  const days = await dailySales(db, scope, HISTORY_DAYS);
  for (const [rule, figure] of Object.entries(ANOMALY_FIGURES) as [AnomalyRule, 'orders' | 'netSales'][]) {
    const anomaly = weekdayAnomaly(days.map((d) => ({ date: d.date, value: d[figure] })));
    const failed = anomaly?.anomalous ? 1 : 0;
    findings.push({
      rule,
      dimension: 'anomaly',
      table: 'analytics.sales_daily',
      checked: anomaly ? 1 : 0,
      failed,
      score: score(anomaly ? 1 : 0, failed),
      samples: anomaly,
      skipped: null,
    });
  }
  const runId = await saveQualityRun(db, scope, trigger, findings);
  return { runId, findings, scores: scoresOf(findings) };
}

/** Every shop that holds data, one run each. */
export async function runQualityForAll(db: Warehouse, trigger: string) {
  const runs = [];
  for (const shop of await shopsToCheck(db)) runs.push({ shopId: shop.shopId, ...(await runQuality(db, shop, trigger)) });
  return runs;
}

/** Scores 0–100 of the whole run, per dimension and per table: the share of all checked rows that pass; skipped rules aside. */
export function scoresOf(all: readonly Pick<QualityFinding, 'dimension' | 'table' | 'checked' | 'failed' | 'skipped'>[]) {
  const findings = all.filter((f) => f.skipped === null);
  const by = (pick: (f: (typeof findings)[number]) => string) => {
    const groups = new Map<string, { checked: number; failed: number }>();
    for (const f of findings) {
      const group = groups.get(pick(f)) ?? groups.set(pick(f), { checked: 0, failed: 0 }).get(pick(f))!;
      group.checked += f.checked;
      group.failed += f.failed;
    }
    return Object.fromEntries([...groups].map(([name, g]) => [name, score(g.checked, g.failed)]));
  };
  const checked = findings.reduce((sum, f) => sum + f.checked, 0);
  const failed = findings.reduce((sum, f) => sum + f.failed, 0);
  return { overall: score(checked, failed), dimensions: by((f) => f.dimension), tables: by((f) => f.table) };
}
