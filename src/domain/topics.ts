/**
 * The webhook topics Wharf models: for each, the payload schema and the mapping to warehouse rows.
 * A topic missing here is still accepted and kept raw; it is recorded as unmodelled.
 */
import type { z } from 'zod';
import { order } from '../shopify/payloads/order';
import type { JsonValue } from '../shopify/json';
import { orderRows } from './orders';
import type { PiiPolicy } from './pii';
import type { Source, WarehouseRows } from './rows';

export interface PayloadIssue {
  path: string;
  message: string;
}

export type ValidatedPayload =
  | { ok: true; toRows(source: Source, pii: PiiPolicy): WarehouseRows }
  | { ok: false; reason: string; path: string; issues: PayloadIssue[] };

export interface TopicModel {
  validate(payload: JsonValue): ValidatedPayload;
}

const MAX_REPORTED_ISSUES = 20;

function describe(issues: z.core.$ZodIssue[]): PayloadIssue[] {
  return issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function model<S extends z.ZodType>(
  schema: S,
  toRows: (payload: z.infer<S>, source: Source, pii: PiiPolicy) => WarehouseRows,
): TopicModel {
  return {
    validate(payload) {
      const parsed = schema.safeParse(payload);
      if (parsed.success) return { ok: true, toRows: (source, pii) => toRows(parsed.data, source, pii) };
      const issues = describe(parsed.error.issues);
      const first = issues[0] ?? { path: '', message: 'invalid payload' };
      return { ok: false, reason: `${first.path || 'payload'}: ${first.message}`, path: first.path, issues };
    },
  };
}

const orderModel = model(order, orderRows);

const topicModels: Readonly<Record<string, TopicModel>> = {
  'orders/create': orderModel,
  'orders/updated': orderModel,
  'orders/paid': orderModel,
  'orders/cancelled': orderModel,
  'orders/fulfilled': orderModel,
  'orders/partially_fulfilled': orderModel,
};

export function topicModel(topic: string): TopicModel | undefined {
  return Object.hasOwn(topicModels, topic) ? topicModels[topic] : undefined;
}
