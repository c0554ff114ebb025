import { describe, expect, it } from 'vitest';
import { CSV, JSON_LINES } from '../../src/files/record-boundaries';
import { mergeStagingChunks, stagingChunk } from '../../src/resync/staging';
import { retailChunkRows } from '../../src/uploads/formats/retail-csv';
import { bySlice, ChunkBudgetExceeded, recordSlices } from '../../src/uploads/record-slices';
import { mergeChunkRows } from '../../src/uploads/sales-lines';

const bytes = (text: string) => new TextEncoder().encode(text);
const nothing = async () => {};

// A chunk of the Online Retail export as the splitter cuts it: no header, CRLF, a description
// with a quoted newline and comma, a cancellation, a duplicate line and a row with a bad date.
const RETAIL_CHUNK = [
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
  '536365,71053,"WHITE METAL LANTERN, ""BOXED""\r\nGIFT",6,12/1/2010 8:26,3.39,17850,United Kingdom',
  'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,13/1/2010 8:28,1.85,,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,France',
].join('\r\n');

describe('a chunk read slice by slice', () => {
  it('is cut into whole records only, never inside a quoted newline', () => {
    const slices = recordSlices(bytes(RETAIL_CHUNK), CSV, 1);

    expect(slices.join('')).toBe(RETAIL_CHUNK);
    expect(slices[1]).toBe('536365,71053,"WHITE METAL LANTERN, ""BOXED""\r\nGIFT",6,12/1/2010 8:26,3.39,17850,United Kingdom\r\n');
    expect(slices).toHaveLength(6);
  });

  it('gives the rows, row numbers and rejects of reading the chunk whole', async () => {
    const whole = retailChunkRows(RETAIL_CHUNK, 4001);

    const sliced = mergeChunkRows(await bySlice(bytes(RETAIL_CHUNK), CSV, 4001, retailChunkRows, nothing, { sliceBytes: 100 }));

    expect(sliced).toEqual(whole);
    expect(sliced.rejects.map((r) => [r.rowNumber, r.field])).toEqual([[4005, 'InvoiceDate']]);
  });

  it('hands the thread back after every slice', async () => {
    let turns = 0;
    await bySlice(bytes(RETAIL_CHUNK), CSV, 1, retailChunkRows, async () => void turns++, { sliceBytes: 100 });
    expect(turns).toBe(recordSlices(bytes(RETAIL_CHUNK), CSV, 100).length);
    expect(turns).toBeGreaterThan(1);
  });

  it('stages a gid repeated in a later slice once, from its last line, and counts the repeat', async () => {
    const lines = [
      '{"id":"gid://shopify/Order/5829371048291","name":"#1001"}',
      '{"id":"gid://shopify/LineItem/13928374650192","__parentId":"gid://shopify/Order/5829371048291"}',
      '{"id":"gid://shopify/Order/5829371048291","name":"#1001 (edited)"}',
    ].join('\n');

    const sliced = mergeStagingChunks(await bySlice(bytes(lines), JSON_LINES, 1, stagingChunk, nothing, { sliceBytes: 1 }));

    expect(sliced).toEqual(stagingChunk(lines, 1));
    expect(sliced.repeats).toBe(1);
    expect(sliced.lines.find((l) => l.gid === 'gid://shopify/Order/5829371048291')?.lineNo).toBe(3);
  });

  it('gives up once its slices have spent the time budget, saying which row it reached', async () => {
    let now = 0;
    // Every slice costs ten seconds of a clock that only the slices move.
    const slowly = (text: string, firstRow: number) => {
      now += 10_000;
      return retailChunkRows(text, firstRow);
    };

    const reading = bySlice(bytes(RETAIL_CHUNK), CSV, 1, slowly, nothing, { sliceBytes: 100, budgetMs: 15_000, clock: () => now });

    await expect(reading).rejects.toThrow(ChunkBudgetExceeded);
    await expect(reading).rejects.toMatchObject({ row: 5, message: expect.stringContaining('more than 15 s (it had reached row 5)') });
  });
});
