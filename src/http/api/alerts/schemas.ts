import { z } from 'zod';
import { ALERT_RULES } from '../../../alerts/rules';

export const ruleName = z.enum(ALERT_RULES.map((r) => r.name) as [string, ...string[]]);

export const alertSchema = z.object({
  id: z.number(),
  rule: ruleName,
  subject: z.string().describe("What the condition is about (a resync or job id); '' for the shop as a whole"),
  summary: z.string(),
  details: z.unknown(),
  openedAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const webhookChannelSchema = z.object({ id: z.number(), kind: z.literal('webhook'), url: z.string(), createdAt: z.string() });
export const emailChannelSchema = z.object({ id: z.number(), kind: z.literal('email'), email: z.string(), createdAt: z.string() });
export const channelSchema = z.discriminatedUnion('kind', [webhookChannelSchema, emailChannelSchema]);
