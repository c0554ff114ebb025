import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { ALERT_RULES, alertRule } from '../../../alerts/rules';
import { type AlertRuleName, alertSettings, saveAlertSetting } from '../../../warehouse/alerts';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { ruleName } from './schemas';

const ruleSetting = z.object({
  rule: ruleName,
  description: z.string(),
  enabled: z.boolean(),
  threshold: z.number().nullable().describe("The shop's threshold, else the rule's default; null for rules that fire on the condition alone"),
  thresholdMeaning: z.string().nullable(),
});

export class ListAlertRules extends ApiRoute {
  protected readonly scope = 'read' as const;
  override schema = {
    tags: ['Alerts'],
    summary: 'Every alert rule, what it watches, and how this shop has set it',
    responses: { '200': { description: 'Rules', ...contentJson(z.object({ data: z.array(ruleSetting) })) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    // Refuses parameters the operation does not take.
    await this.getValidatedData<typeof this.schema>();
    const settings = await alertSettings(db);
    return {
      data: ALERT_RULES.map((rule) => {
        const setting = settings.get(`${shop.shopId}/${rule.name}`);
        return {
          rule: rule.name,
          description: rule.description,
          enabled: setting?.enabled ?? true,
          threshold: rule.threshold ? (setting?.threshold ?? rule.threshold.default) : null,
          thresholdMeaning: rule.threshold?.meaning ?? null,
        };
      }),
    };
  }
}

export class SetAlertRule extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Alerts'],
    summary: 'Enable or disable a rule for this shop, or set its threshold',
    request: {
      params: z.object({ rule: ruleName }),
      body: contentJson(z.strictObject({ enabled: z.boolean().default(true), threshold: z.number().positive().max(1_000_000).nullable().default(null) })),
    },
    responses: {
      '200': { description: 'Saved', ...contentJson(z.object({ rule: ruleName, enabled: z.boolean(), threshold: z.number().nullable() })) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { params, body } = await this.getValidatedData<typeof this.schema>();
    const rule = alertRule(params.rule)!;
    if (body.threshold !== null && !rule.threshold) throw new Problem(400, `${rule.name} takes no threshold: it fires on the condition alone`);
    await saveAlertSetting(db, shop, rule.name as AlertRuleName, { enabled: body.enabled, threshold: body.threshold });
    return { rule: rule.name, enabled: body.enabled, threshold: body.threshold ?? rule.threshold?.default ?? null };
  }
}
