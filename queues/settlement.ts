/**
 * Settles each message of a batch exactly once: acknowledged, or retried with exponential backoff
 * (capped at ten minutes, jittered so that a batch that failed together does not return together).
 * Whatever is still unsettled when a batch fails is retried, never silently dropped.
 */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(600, 2 ** Math.min(attempts, 10) * 2);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export class Settlement {
  private readonly settled = new Set<Message<unknown>>();

  constructor(private readonly messages: readonly Message<unknown>[]) {}

  ack(message: Message<unknown>): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    message.ack();
  }

  retry(message: Message<unknown>): void {
    if (this.settled.has(message)) return;
    this.settled.add(message);
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }

  retryUnsettled(): void {
    for (const message of this.messages) this.retry(message);
  }
}
