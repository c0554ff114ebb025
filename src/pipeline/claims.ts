import type { Warehouse } from '../warehouse/db';
import type { FailureRecord } from '../warehouse/dead-letters';
import { type WebhookClaim, webhookClaim } from './messages';

/** How the delivery stages settle the messages they are given; the consumer's settlement decides retries and records. */
export interface MessageSettler {
  ack(message: Message<unknown>): void;
  fail(message: Message<unknown>, error: unknown): void;
}

/** Where a delivery stage runs: the queue its messages came from, and the warehouse it loads. */
export interface DeliveryStage {
  env: Env;
  db: Warehouse;
  queue: string;
}

/** A message that is not a claim check, with the record that keeps it. */
export interface MalformedClaim {
  message: Message<unknown>;
  record: FailureRecord;
}

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
