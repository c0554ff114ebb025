import { describe, expect, it } from 'vitest';
import { stagingChunk } from '../../src/resync/staging';

// An orders bulk result as Shopify writes it: the order's refunds and fulfillments inside its
// line, their line items as lines of their own naming the refund or fulfillment as parent.
const ORDER_LINES = [
  '{"id":"gid://shopify/Order/5829371048291","name":"#1001","refunds":[{"id":"gid://shopify/Refund/918273645012"}],"fulfillments":[{"id":"gid://shopify/Fulfillment/4738291056123"},{"id":"gid://shopify/Fulfillment/4738291056124"}]}',
  '{"id":"gid://shopify/RefundLineItem/402938475610","quantity":1,"__parentId":"gid://shopify/Refund/918273645012"}',
  '{"id":"gid://shopify/LineItem/13928374650192","quantity":2,"price":"19.99","__parentId":"gid://shopify/Order/5829371048291"}',
  '{"id":"gid://shopify/Order/5829371048292","name":"#1002","refunds":[],"fulfillments":null}',
].join('\n');

describe('a staged bulk result chunk', () => {
  it('keeps each line as it came, byte for byte', () => {
    const staged = stagingChunk(ORDER_LINES, 1);

    expect(staged.lines.map((l) => l.body).sort()).toEqual(ORDER_LINES.split('\n').sort());
  });

  it('gives a parent the gids of its refunds and fulfillments, the parents its nested children name', () => {
    const byGid = new Map(stagingChunk(ORDER_LINES, 1).lines.map((l) => [l.gid, l]));

    expect(byGid.get('gid://shopify/Order/5829371048291')?.anchors).toBe(
      'gid://shopify/Refund/918273645012 gid://shopify/Fulfillment/4738291056123 gid://shopify/Fulfillment/4738291056124',
    );
    expect(byGid.get('gid://shopify/Order/5829371048292')?.anchors).toBe('');
    expect(byGid.get('gid://shopify/RefundLineItem/402938475610')).toMatchObject({ parentGid: 'gid://shopify/Refund/918273645012', anchors: null });
  });
});
