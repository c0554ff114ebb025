import { describe, expect, it } from 'vitest';
import { type Delivery, loadAsOneBatch, loadInOrder, tableOf } from '../helpers/topics';
import { rawEventsOf } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const files = import.meta.glob<string>('../fixtures/shopify/2026-01/webhooks/returns-*.json', { query: '?raw', import: 'default', eager: true });

/** Shopify's documented sample of a returns topic, with each `find` replaced (an edit that matches nothing throws). */
function documented(name: string, edits: Record<string, string> = {}): string {
  let body = files[`../fixtures/shopify/2026-01/webhooks/${name}.json`]!;
  for (const [find, replace] of Object.entries(edits)) {
    if (!body.includes(find)) throw new Error(`${name} has no ${find}`);
    body = body.replace(find, replace);
  }
  return body;
}

// The documented samples list no line; these are lines of a return as Shopify delivers them.
const LINE_A = `{ "id": 987654321, "admin_graphql_api_id": "gid://shopify/ReturnLineItem/987654321",
      "fulfillment_line_item": { "id": 10736341352597, "line_item": { "id": 12695210000533 } }, "quantity": 1, "return_reason": "size_too_small", "return_reason_note": "", "customer_note": null }`;
const LINE_B = `{ "id": 987654322, "admin_graphql_api_id": "gid://shopify/ReturnLineItem/987654322",
      "fulfillment_line_item": { "id": 10736341352598, "line_item": { "id": 12695210000534 } }, "quantity": 2, "return_reason": "unwanted", "return_reason_note": "", "customer_note": null }`;
const listing = (...lines: string[]) => `"return_line_items": [${lines.join(', ')}]`;
const LINES = listing(LINE_A, LINE_B);

const at = (triggeredAt: string) => ({ triggeredAt });

/** A return's life: requested with two lines, approved, closed. */
const life: Delivery[] = [
  {
    topic: 'returns/request',
    body: documented('returns-request', { '"name": null': '"name": "#1106-R1"', '"return_line_items": []': LINES }),
    options: at('2025-04-02T10:00:00.250Z'),
  },
  {
    topic: 'returns/approve',
    body: documented('returns-approve', { '"name": null': '"name": "#1106-R1"', '"return_line_items": []': LINES }),
    options: at('2025-04-02T15:30:00.500Z'),
  },
  { topic: 'returns/close', body: documented('returns-close'), options: at('2025-04-05T09:00:00.000Z') },
];

async function stateOf(shop: string) {
  const strip = (rows: Record<string, string | null>[]) => rows.map(({ raw_key: _raw, shop_id: _shop, ...row }) => row);
  return {
    returns: strip(await tableOf('fact_return', shop, 'return_id')),
    lines: strip(await tableOf('fact_return_line', shop, 'return_line_item_id')),
    events: strip(await tableOf('fact_return_event', shop, 'occurred_at')),
  };
}

const instant = (text: string | null | undefined) => (text ? Date.parse(text) : null);

describe('returns', () => {
  it('merge what each topic states: the request’s name, lines and time, the approval’s, the close’s status and time', async () => {
    const shop = uniqueShop();

    await loadInOrder(shop, life);

    const { returns, lines, events } = await stateOf(shop);
    expect(returns.map((r) => [r.return_id, r.order_id, r.name, r.status, r.total_quantity, r.decline_reason])).toEqual([
      ['123134564567890', '4783296544821', '#1106-R1', 'closed', '3', null],
    ]);
    expect([returns[0]!.created_at, returns[0]!.request_approved_at, returns[0]!.closed_at, returns[0]!.observed_at].map(instant)).toEqual(
      ['2025-04-02T10:00:00.250Z', '2025-04-02T15:30:00.500Z', '2025-04-05T09:00:00.000Z', '2025-04-05T09:00:00.000Z'].map(Date.parse),
    );
    expect(lines.map((l) => [l.return_line_item_id, l.return_id, l.order_id, l.line_item_id, l.quantity, l.return_reason])).toEqual([
      ['987654321', '123134564567890', '4783296544821', '12695210000533', '1', 'size_too_small'],
      ['987654322', '123134564567890', '4783296544821', '12695210000534', '2', 'unwanted'],
    ]);
    expect(events.map((e) => [e.topic, e.status])).toEqual([
      ['returns/request', 'requested'],
      ['returns/approve', 'open'],
      ['returns/close', 'closed'],
    ]);
  });

  it('converge on the same state whatever order the deliveries arrive in, in one batch or several', async () => {
    const inOrder = uniqueShop();
    await loadInOrder(inOrder, life);
    const reversed = uniqueShop();
    await loadInOrder(reversed, [...life].reverse());
    const together = uniqueShop();
    await loadAsOneBatch(together, [life[2]!, life[0]!, life[1]!]);

    const expected = await stateOf(inOrder);
    expect(await stateOf(reversed)).toEqual(expected);
    expect(await stateOf(together)).toEqual(expected);
  });

  it('are closed no more once reopened, and a close delivered again after the reopen changes nothing', async () => {
    const shop = uniqueShop();
    const close = life[2]!;
    await loadInOrder(shop, [...life, { topic: 'returns/reopen', body: documented('returns-reopen'), options: at('2025-04-06T12:00:00.000Z') }]);

    await loadInOrder(shop, [{ ...close, options: { ...close.options, webhookId: 'the-close-sent-again' } }]);

    const [row] = (await stateOf(shop)).returns;
    expect([row!.status, row!.closed_at, instant(row!.observed_at)]).toEqual(['open', null, Date.parse('2025-04-06T12:00:00.000Z')]);
    expect((await rawEventsOf(shop)).map((e) => e.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
  });

  it('keep the lines they hold when a later payload lists fewer than the return has', async () => {
    const shop = uniqueShop();
    const oneOfTwo = documented('returns-approve', { '"return_line_items": []': listing(LINE_A) });

    await loadInOrder(shop, [life[0]!, { topic: 'returns/approve', body: oneOfTwo, options: at('2025-04-02T15:30:00.500Z') }]);

    const { returns, lines } = await stateOf(shop);
    expect(lines.map((l) => l.return_line_item_id)).toEqual(['987654321', '987654322']);
    expect([returns[0]!.status, returns[0]!.total_quantity]).toEqual(['open', '3']);
  });
});
