import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consumers as registered } from '../../queues/index';

/** The [[queues.consumers]] blocks of wrangler.toml: queue, max_retries, dead_letter_queue. */
function consumers() {
  const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  return toml
    .split('[[queues.consumers]]')
    .slice(1)
    .map((block) => ({
      queue: /queue = "([^"]+)"/.exec(block)![1]!,
      maxRetries: Number(/max_retries = (\d+)/.exec(block)?.[1]),
      deadLetterQueue: /dead_letter_queue = "([^"]+)"/.exec(block)?.[1],
    }));
}

describe('retry budgets', () => {
  it("match each queue's max_retries in wrangler.toml, so that a consumer knows its last attempt", () => {
    const budgets = Object.fromEntries(
      consumers()
        .filter((c) => c.deadLetterQueue)
        .map((c) => [c.queue, c.maxRetries]),
    );
    expect(budgets).toEqual(Object.fromEntries(Object.entries(registered).map(([queue, consumer]) => [queue, consumer.maxRetries])));
  });

  it('give every queue a dead-letter queue, and every dead-letter queue the most retries Queues allows', () => {
    const all = consumers();
    for (const consumer of all.filter((c) => c.queue.endsWith('-dlq'))) expect(consumer).toMatchObject({ maxRetries: 100, deadLetterQueue: undefined });
    for (const consumer of all.filter((c) => !c.queue.endsWith('-dlq'))) expect(all.map((c) => c.queue)).toContain(consumer.deadLetterQueue);
  });
});
