import { webhookClaim, type WebhookClaim } from '../src/pipeline/messages';
import type { QuarantineRecord } from '../src/warehouse/ledger';

export interface ClaimedMessage {
  message: Message<unknown>;
  claim: WebhookClaim;
}

/**
 * Parses each message as a claim check. A message that is not one cannot be processed by any
 * retry; it is quarantined with its body so that nothing about it is lost.
 */
export function parseClaims(messages: readonly Message<unknown>[], stage: QuarantineRecord['stage']) {
  const claimed: ClaimedMessage[] = [];
  const malformed: { message: Message<unknown>; record: QuarantineRecord }[] = [];
  for (const message of messages) {
    const parsed = webhookClaim.safeParse(message.body);
    if (parsed.success) claimed.push({ message, claim: parsed.data });
    else
      malformed.push({
        message,
        record: { stage, reason: `malformed claim check: ${parsed.error.issues[0]?.message}`, details: { body: message.body } },
      });
  }
  return { claimed, malformed };
}
