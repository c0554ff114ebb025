import { describe, expect, it } from 'vitest';
import { stagingChunk } from '../../src/resync/staging';

// An orders bulk result as Shopify writes it: the order's refunds inside its line, its line items
// and discount applications (which have no id) as lines of their own; a refund's line items, from
// their own export, name the refund as parent.
const ORDER_LINES = [
  '{"id":"gid://shopify/Order/5829371048291","name":"#1001","refunds":[{"id":"gid://shopify/Refund/918273645012"},{"id":"gid://shopify/Refund/918273645013"}]}',
  '{"id":"gid://shopify/RefundLineItem/402938475610","quantity":1,"__parentId":"gid://shopify/Refund/918273645012"}',
  '{"id":"gid://shopify/LineItem/13928374650192","quantity":2,"price":"19.99","__parentId":"gid://shopify/Order/5829371048291"}',
  '{"__typename":"DiscountCodeApplication","index":0,"code":"WELCOME10","__parentId":"gid://shopify/Order/5829371048291"}',
  '{"id":"gid://shopify/Order/5829371048292","name":"#1002","refunds":[]}',
].join('\n');

describe('a staged bulk result chunk', () => {
  it('keeps each line as it came, byte for byte', () => {
    const staged = stagingChunk(ORDER_LINES, 1);

    expect(staged.lines.map((l) => l.body).sort()).toEqual(ORDER_LINES.split('\n').sort());
  });

  it('gives a parent the gids of its refunds, the parents their line items name', () => {
    const byGid = new Map(stagingChunk(ORDER_LINES, 1).lines.map((l) => [l.gid, l]));

    expect(byGid.get('gid://shopify/Order/5829371048291')?.anchors).toBe('gid://shopify/Refund/918273645012 gid://shopify/Refund/918273645013');
    expect(byGid.get('gid://shopify/Order/5829371048292')?.anchors).toBe('');
    expect(byGid.get('gid://shopify/RefundLineItem/402938475610')).toMatchObject({ parentGid: 'gid://shopify/Refund/918273645012', anchors: null });
  });

  it('keys a child without an id by its parent and its index', () => {
    const staged = stagingChunk(ORDER_LINES, 1);

    expect(staged.rejects).toEqual([]);
    expect(staged.lines.find((l) => l.body.includes('WELCOME10'))).toMatchObject({
      gid: 'gid://shopify/Order/5829371048291#0',
      parentGid: 'gid://shopify/Order/5829371048291',
    });
  });

  it('rejects a child that has neither an id nor an index', () => {
    const staged = stagingChunk('{"__typename":"DiscountCodeApplication","code":"WELCOME10","__parentId":"gid://shopify/Order/5829371048291"}', 7);

    expect(staged.rejects).toMatchObject([{ rowNumber: 7, field: 'id', reason: 'id: expected a Shopify gid' }]);
  });
});
