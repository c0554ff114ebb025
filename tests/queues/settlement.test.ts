import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Settlement, settleInTurn } from '../../queues/settlement';

const chunk = z.object({ chunk: z.number() });

/** Messages as the runtime hands them over, recording how each was settled. */
function batchOf(bodies: unknown[]) {
  const settled: string[] = [];
  const messages = bodies.map((body, i) => ({
    id: `message-${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack: () => settled.push(`ack ${i}`),
    retry: () => settled.push(`retry ${i}`),
  }));
  return { settlement: new Settlement({ queue: 'wharf-chunks', messages }, { maxAttempts: 6, firstDelaySeconds: 4 }), settled };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('settling a batch in turn', () => {
  it('prepares the next message while the current one commits, and never runs two commits at once', async () => {
    const { settlement, settled } = batchOf([{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }]);
    const events: string[] = [];
    let committing = 0;

    await settleInTurn(
      settlement,
      chunk,
      async ({ chunk: n }) => {
        events.push(`prepare ${n}`);
        await tick();
        return n;
      },
      async (n) => {
        committing++;
        expect(committing).toBe(1);
        events.push(`commit ${n}`);
        await tick();
        events.push(`committed ${n}`);
        committing--;
      },
    );

    expect(events).toEqual(['prepare 0', 'prepare 1', 'commit 0', 'committed 0', 'prepare 2', 'commit 1', 'committed 1', 'commit 2', 'committed 2']);
    expect(settled).toEqual(['ack 0', 'ack 1', 'ack 2']);
  });

  it('retries only the message whose preparation failed', async () => {
    const { settlement, settled } = batchOf([{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }]);
    const committed: number[] = [];

    await settleInTurn(
      settlement,
      chunk,
      async ({ chunk: n }) => {
        if (n === 1) throw new Error('raw object is missing');
        return n;
      },
      async (n) => void committed.push(n),
    );

    expect(committed).toEqual([0, 2]);
    expect(settled).toEqual(['ack 0', 'retry 1', 'ack 2']);
  });

  it('retries a message whose commit failed and goes on with the next', async () => {
    const { settlement, settled } = batchOf([{ chunk: 0 }, { chunk: 1 }]);

    await settleInTurn(
      settlement,
      chunk,
      async ({ chunk: n }) => n,
      async (n) => {
        if (n === 0) throw new Error('connection reset');
      },
    );

    expect(settled).toEqual(['retry 0', 'ack 1']);
  });

  it('ends a body that can never be handled as a malformed failure, without preparing or retrying it', async () => {
    const { settlement, settled } = batchOf([{ chunk: 'zero' }, { chunk: 1 }]);
    const prepared: number[] = [];

    await settleInTurn(
      settlement,
      chunk,
      async ({ chunk: n }) => void prepared.push(n),
      async () => {},
    );

    expect(prepared).toEqual([1]);
    expect(settled).toEqual(['ack 1']);
    expect(settlement.failures.map((f) => f.message.id)).toEqual(['message-0']);
  });

  it('runs up to `commits` commits at once, each started once the one before has started', async () => {
    const { settlement, settled } = batchOf([{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }, { chunk: 3 }]);
    let committing = 0;
    let most = 0;
    let secondStarted = () => {};
    const second = new Promise<void>((resolve) => (secondStarted = resolve));

    await settleInTurn(
      settlement,
      chunk,
      async ({ chunk: n }) => n,
      async (n) => {
        committing++;
        most = Math.max(most, committing);
        // The first commit ends only once the second has begun: in turn, one at a time, it never would.
        if (n === 1) secondStarted();
        if (n === 0) await second;
        await tick();
        committing--;
      },
      { commits: 2 },
    );

    expect(most).toBe(2);
    expect([...settled].sort()).toEqual(['ack 0', 'ack 1', 'ack 2', 'ack 3']);
  });
});
