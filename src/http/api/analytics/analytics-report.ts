/**
 * GET /v1/analytics/{report}: the analytics marts for the caller's shop, as JSON or CSV. One
 * operation per report, all built here from the warehouse's report registry.
 */
import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { csvTable } from '../../../files/csv';
import { analyticsReport, GROUPINGS, isDailyReport, REPORTS, type ReportName, reportColumns, reportFilters } from '../../../warehouse/reads/analytics';
import type { AppEnv } from '../../app-env';
import { ApiRoute, dateParam, problemResponses, textParam } from '../api-route';

/** At most ten years a request: bounded work whatever the range asked. */
const MAX_DAYS = 3660;

const SUMMARIES: Record<ReportName, string> = {
  sales: 'Sales as Shopify reports them: gross, discounts, returns, net, shipping, taxes, duties, fees, total; orders and AOV',
  products: 'Sales per product and variant: units, money, cost of goods, margin and return rates',
  discounts: 'Per discount code or automatic discount: orders, gross, discount amount, net, new customers',
  channels: 'Shopify and uploaded channels side by side',
  funnel: 'Checkouts started, completed and abandoned; conversion and abandonment rates',
  fulfillment: 'Hours from order to first fulfillment (p50 and p90 per day), share fulfilled within 24 and 48 hours',
  customers: 'Customers who ordered in the range: history, RFM scores, segment and lifetime value estimate',
  cohorts: 'Monthly cohorts: customers retained and their net revenue per month since the first order',
  inventory: 'Stock per item and location now: 28-day sales pace, days of cover, sell-through, stockout days, turnover',
};

function querySchema(name: ReportName) {
  const filters = Object.fromEntries(reportFilters(name).map((filter) => [filter, textParam(128).optional().describe(`Only rows whose ${filter} is this`)]));
  return z
    .strictObject({
      from: dateParam.describe('First day (the shop calendar), inclusive'),
      to: dateParam.describe('Last day, inclusive'),
      format: z.enum(['json', 'csv']).default('json'),
      ...(isDailyReport(name)
        ? {
            group_by: z
              .enum(GROUPINGS)
              .default('day')
              .describe('Sum days into ISO weeks (from Monday), calendar months, or the whole range (one period, named by its first day)'),
          }
        : { limit: z.coerce.number().int().min(1).max(10_000).default(1000) }),
      ...filters,
    })
    .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
    .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, { message: `a range of at most ${MAX_DAYS} days`, path: ['to'] });
}

function reportRoute(name: ReportName) {
  return class extends ApiRoute {
    protected readonly scope = 'read' as const;
    override schema = {
      tags: ['Analytics'],
      summary: SUMMARIES[name],
      description: `Backed by the analytics marts (definitions in docs/analytics.md and docs/dictionary.md). Money and ratios are decimal strings; format=csv returns the same rows as CSV.`,
      request: { query: querySchema(name) },
      responses: {
        '200': {
          description: `Rows of the ${name} report`,
          ...contentJson(z.object({ report: z.string(), from: z.string(), to: z.string(), data: z.array(z.record(z.string(), z.unknown())) })),
        },
        ...problemResponses,
      },
    };

    override async handle(c: Context<AppEnv>) {
      const { db, shop } = this.caller(c);
      const { query } = (await this.getValidatedData<typeof this.schema>()) as { query: Record<string, string | number | undefined> };
      const filters = Object.fromEntries(reportFilters(name).flatMap((f) => (query[f] === undefined ? [] : [[f, String(query[f])]])));
      const rows = await analyticsReport(db, shop, name, {
        from: String(query.from),
        to: String(query.to),
        groupBy: query.group_by as (typeof GROUPINGS)[number] | undefined,
        limit: query.limit as number | undefined,
        filters,
      });
      if (query.format === 'csv') {
        return new Response(csvTable(reportColumns(name), rows), {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}-${query.from}-${query.to}.csv"` },
        });
      }
      return { report: name, from: query.from, to: query.to, ...(query.group_by ? { group_by: query.group_by } : {}), data: rows };
    }
  };
}

/** Every report's operation, by its path segment. */
export const ANALYTICS_ROUTES = REPORTS.map((name) => ({ path: `/v1/analytics/${name}`, route: reportRoute(name) }));
