/**
 * GET /v1/analytics/{report}: the analytics marts for the caller's shop, as JSON or CSV. One
 * operation per report, all built here from the warehouse's report registry.
 */
import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { warehouseConfig } from '../../../config';
import { csvStream } from '../../../files/csv';
import { connectWarehouse } from '../../../warehouse/db';
import {
  analyticsReport,
  type DailyReportName,
  GROUPINGS,
  isDailyReport,
  REPORTS,
  type ReportName,
  type ReportQuery,
  reportColumns,
  reportCursorKinds,
  reportFilters,
  reportPages,
} from '../../../warehouse/reads/analytics';
import { encodeCursor, type ShopScope } from '../../../warehouse/reads/scope';
import type { AppEnv } from '../../app-env';
import { ApiRoute, cursorParam, dateParam, idParam, problemResponses, textParam } from '../api-route';
import { cursorKey } from '../cursor';

/** At most ten years a request: bounded work whatever the range asked. */
const MAX_DAYS = 3660;
/** Rows a page when a report is downloaded as CSV, all pages one after another. */
const CSV_PAGE_ROWS = 5000;

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
            limit: z.coerce.number().int().min(1).max(10_000).default(1000).describe('Rows a page (JSON); CSV has every row'),
            cursor: cursorParam,
          }
        : { limit: z.coerce.number().int().min(1).max(10_000).default(1000).describe('The first rows in the report’s order') }),
      ...filters,
    })
    .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
    .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, { message: `a range of at most ${MAX_DAYS} days`, path: ['to'] });
}

/** How each part of a daily report's cursor is checked before it reaches a query. */
const CURSOR_PARTS = { date: dateParam, id: z.union([idParam, z.literal('-1')]), text: textParam(512) } as const;

function cursorParts(name: DailyReportName): z.ZodType<string>[] {
  return reportCursorKinds(name).map((kind) => CURSOR_PARTS[kind as keyof typeof CURSOR_PARTS] ?? textParam(512));
}

/**
 * Every row of the report as CSV, page after page in flat memory. The stream outlives the request
 * handler, so it has a connection of its own, closed when it ends.
 */
async function reportCsv(env: Env, scope: ShopScope, name: ReportName, query: ReportQuery): Promise<ReadableStream<Uint8Array>> {
  const connection = await connectWarehouse(warehouseConfig(env).database);
  const pageRows = isDailyReport(name) ? CSV_PAGE_ROWS : query.limit;
  return csvStream(reportColumns(name), reportPages(connection.db, scope, name, { ...query, limit: pageRows }), connection.close);
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
          ...contentJson(
            z.object({
              report: z.string(),
              from: z.string(),
              to: z.string(),
              data: z.array(z.record(z.string(), z.unknown())),
              ...(isDailyReport(name) ? { nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page') } : {}),
            }),
          ),
        },
        ...problemResponses,
      },
    };

    override async handle(c: Context<AppEnv>) {
      const { db, shop } = this.caller(c);
      const { query } = (await this.getValidatedData<typeof this.schema>()) as { query: Record<string, string | number | undefined> };
      const report: ReportQuery = {
        from: String(query.from),
        to: String(query.to),
        groupBy: query.group_by as (typeof GROUPINGS)[number] | undefined,
        limit: query.limit as number | undefined,
        filters: Object.fromEntries(reportFilters(name).flatMap((f) => (query[f] === undefined ? [] : [[f, String(query[f])]]))),
        after: isDailyReport(name) ? cursorKey(query.cursor as string | undefined, cursorParts(name)) : undefined,
      };
      if (query.format === 'csv') {
        return new Response(await reportCsv(c.env, shop, name, report), {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}-${query.from}-${query.to}.csv"` },
        });
      }
      const page = await analyticsReport(db, shop, name, report);
      return {
        report: name,
        from: query.from,
        to: query.to,
        ...(query.group_by ? { group_by: query.group_by } : {}),
        data: page.data,
        ...(isDailyReport(name) ? { nextCursor: page.next ? encodeCursor(page.next) : null } : {}),
      };
    }
  };
}

/** Every report's operation, by its path segment. */
export const ANALYTICS_ROUTES = REPORTS.map((name) => ({ path: `/v1/analytics/${name}`, route: reportRoute(name) }));
