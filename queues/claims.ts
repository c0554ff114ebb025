import { webhookClaim, type WebhookClaim } from '../src/pipeline/messages';

export interface ClaimedMessage {
  message: Message<unknown>;
  claim: WebhookClaim;
}

/**
 * Parses each message as a claim check. A message that is not one cannot be processed by any
 * retry: the caller records it as malformed, with its body, so that nothing about it is lost.
 */
export function parseClaims(messages: readonly Message<unknown>[]) {
  const claimed: ClaimedMessage[] = [];
  const malformed: Message<unknown>[] = [];
  for (const message of messages) {
    const parsed = webhookClaim.safeParse(message.body);
    if (parsed.success) claimed.push({ message, claim: parsed.data });
    else malformed.push(message);
  }
  return { claimed, malformed };
}
