/** One evaluation of every alert rule for every shop, and the open alerts brought in line with it. */
import { alertSettings, syncAlerts } from '../warehouse/alerts';
import type { Warehouse } from '../warehouse/db';
import { ALERT_RULES } from './rules';

export async function evaluateAlerts(db: Warehouse): Promise<{ opened: number; resolved: number }> {
  const settings = await alertSettings(db);
  const firing = [];
  for (const rule of ALERT_RULES) {
    const setting = (shopId: number) => settings.get(`${shopId}/${rule.name}`);
    const conditions = await rule.evaluate(db, (shopId) => setting(shopId)?.threshold ?? rule.threshold?.default ?? 0);
    // A disabled rule's open alerts resolve: nothing of it fires.
    firing.push(...conditions.filter((c) => setting(c.shopId)?.enabled !== false).map((c) => ({ ...c, rule: rule.name })));
  }
  return syncAlerts(
    db,
    ALERT_RULES.map((r) => r.name),
    firing,
  );
}
