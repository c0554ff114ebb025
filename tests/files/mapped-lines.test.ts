import { describe, expect, it } from 'vitest';
import { jsonLineReader } from '../../src/files/mapped-orders/lines';
import { mappingDefinition } from '../../src/files/mapped-orders/mapping';

const mapping = mappingDefinition.parse({
  format: 'jsonl',
  channel: 'pos-legacy',
  fields: {
    order_id: 'receipt.number',
    sku: 'item.sku',
    quantity: 'item.qty',
    unit_price: 'item.price',
    ordered_at: 'receipt.closed_at',
    customer_id: 'customer.constructor',
    description: 'item.__proto__',
  },
});

const line = '{"receipt":{"number":"R-2025-10042","closed_at":"2025-03-01T10:15:00Z"},"item":{"sku":"BEAN-ETH-250","qty":2,"price":"12.50"},"customer":{}}';

describe('a JSON line read through a mapping', () => {
  it('reads only the document’s own members: a path naming an inherited one finds nothing', () => {
    const result = jsonLineReader(mapping)({ raw: line }, 1);

    expect(result).toMatchObject({ ok: true, line: { customerId: null, isGuest: true, description: null } });
  });

  it('reads a member that the document itself names constructor', () => {
    const result = jsonLineReader(mapping)({ raw: line.replace('"customer":{}', '"customer":{"constructor":"C-000881"}') }, 1);

    expect(result).toMatchObject({ ok: true, line: { customerId: 'C-000881', isGuest: false } });
  });
});
