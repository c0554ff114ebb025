import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/files/csv';
import { retailHeaderProblem, retailLine } from '../../src/files/retail-csv';

const line = (text: string, row = 7) => retailLine(parseCsv(text)[0]!, row);

describe('retail CSV rows', () => {
  it('maps a sale with exact price and the invoice date in UTC', () => {
    expect(line('536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom')).toEqual({
      ok: true,
      line: expect.objectContaining({
        rowNumber: 7,
        invoiceNo: '536365',
        quantity: 6,
        unitPrice: '2.55',
        invoicedAt: '2010-12-01T08:26:00.000Z',
        invoiceDateKey: 20101201,
        customerId: '17850',
        isGuest: false,
        isReturn: false,
      }),
    });
  });

  it('loads a cancellation as a return', () => {
    expect(line('C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom')).toMatchObject({ ok: true, line: { isReturn: true, quantity: -1 } });
  });

  it('keeps a row without a customer as a guest', () => {
    expect(line('536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,12/1/2010 14:32,2.51,,United Kingdom')).toMatchObject({
      ok: true,
      line: { isGuest: true, customerId: null },
    });
  });

  it('rejects zero and negative prices as adjustments, naming the field and value', () => {
    expect(line('536365,85123A,X,6,12/1/2010 8:26,0.00,17850,UK')).toEqual({
      ok: false,
      reject: { rowNumber: 7, field: 'UnitPrice', value: '0.00', reason: 'zero or negative unit price: an adjustment, not a sale' },
    });
    expect(line('536365,85123A,X,6,12/1/2010 8:26,-2.55,17850,UK')).toMatchObject({ ok: false, reject: { field: 'UnitPrice', value: '-2.55' } });
  });

  it('rejects unparseable quantities and dates', () => {
    for (const quantity of ['', 'twelve', '1.5e', 'NaN']) {
      expect(line(`536365,85123A,X,${quantity},12/1/2010 8:26,2.55,17850,UK`)).toMatchObject({ ok: false, reject: { field: 'Quantity', value: quantity } });
    }
    for (const date of ['', '31/31/2011 25:99', 'yesterday', '2/30/2011 10:00']) {
      expect(line(`536365,85123A,X,6,${date},2.55,17850,UK`)).toMatchObject({ ok: false, reject: { field: 'InvoiceDate', value: date } });
    }
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(line('536365,85123A,6')).toMatchObject({ ok: false, reject: { field: '*', reason: 'expected 8 fields, found 3' } });
  });

  it('accepts ISO 8601 dates too', () => {
    expect(line('536365,85123A,X,6,2011-12-09T12:50:00Z,2.55,17850,UK')).toMatchObject({ ok: true, line: { invoicedAt: '2011-12-09T12:50:00.000Z' } });
    expect(line('536365,85123A,X,6,2011-12-09T12:50:00+01:00,2.55,17850,UK')).toMatchObject({ ok: true, line: { invoicedAt: '2011-12-09T11:50:00.000Z' } });
  });

  it('parses quoted commas, doubled quotes and newlines inside fields', () => {
    expect(parseCsv('1,"A, ""GIFT"" EDITION",3\r\n2,"TWO\nLINES",4\n').map((r) => r.fields)).toEqual([
      ['1', 'A, "GIFT" EDITION', '3'],
      ['2', 'TWO\nLINES', '4'],
    ]);
  });

  it('recognises the header in any case and names where a header differs', () => {
    expect(retailHeaderProblem(['invoiceno', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'])).toBeNull();
    expect(retailHeaderProblem(['Handle', 'Title'])).toMatch(/differs at InvoiceNo, StockCode/);
  });
});
