import { describe, expect, it } from 'vitest';
import { CSV, RecordBoundaryScanner, type RecordFormat } from '../../src/files/record-boundaries';

const bytes = (text: string) => new TextEncoder().encode(text);

function scan(text: string, target: number, windowSize = 7, format: RecordFormat = CSV) {
  const scanner = new RecordBoundaryScanner(target, format);
  const all = bytes(text);
  for (let i = 0; i < all.length; i += windowSize) scanner.push(all.subarray(i, i + windowSize));
  const chunks = scanner.finish();
  const decode = (start: number, end: number) => new TextDecoder().decode(all.subarray(start, end));
  return { chunks, dataStart: scanner.dataStart, texts: chunks.map((c) => decode(c.start, c.end)) };
}

describe('RecordBoundaryScanner', () => {
  it('cuts after whole records, never inside a quoted newline, across read windows', () => {
    const text = 'a,b\n1,"x\ny"\n2,z\n3,"p\n\nq"\n4,w\n';
    const { texts, chunks, dataStart } = scan(text, 1, 3);

    expect(dataStart).toBe(4);
    expect(texts).toEqual(['1,"x\ny"\n', '2,z\n', '3,"p\n\nq"\n', '4,w\n']);
    expect(chunks.map((c) => c.firstRow)).toEqual([1, 2, 3, 4]);
  });

  it('keeps doubled quotes inside a field from confusing the quote state', () => {
    const { texts } = scan('h\n"say ""hi""\nthere",1\n2\n', 1);
    expect(texts).toEqual(['"say ""hi""\nthere",1\n', '2\n']);
  });

  it('groups records up to the target size and counts them', () => {
    const { chunks } = scan(`h\n${'abcdefghi\n'.repeat(10)}`, 25);
    expect(chunks.map((c) => c.records)).toEqual([3, 3, 3, 1]);
    expect(chunks.map((c) => c.firstRow)).toEqual([1, 4, 7, 10]);
  });

  it('counts a last record without a newline, and CRLF line ends', () => {
    const { texts, chunks } = scan('h\r\n1\r\n2', 100);
    expect(texts).toEqual(['1\r\n2']);
    expect(chunks[0]?.records).toBe(2);
  });

  it('finds no chunks in a file with only a header, and no header in an empty file', () => {
    expect(scan('a,b\n', 10)).toMatchObject({ chunks: [], dataStart: 4 });
    expect(scan('', 10)).toMatchObject({ chunks: [], dataStart: null });
  });

  describe('with a group column', () => {
    const byColumn = (groupColumn: number): RecordFormat => ({ ...CSV, groupColumn });

    it('cuts only where the group value changes, however small the target', () => {
      const { texts, chunks } = scan('handle,v\na,1\na,2\nb,1\nb,"2\n3"\nc,1\n', 1, 3, byColumn(0));
      expect(texts).toEqual(['a,1\na,2\n', 'b,1\nb,"2\n3"\n', 'c,1\n']);
      expect(chunks.map((c) => [c.firstRow, c.records])).toEqual([
        [1, 2],
        [3, 2],
        [5, 1],
      ]);
    });

    it('reads the group value from any column, quoted or not', () => {
      const { texts } = scan('x,handle\n1,"a"\n2, a\n3,"b, c"\n4,"b, c"\n', 1, 5, byColumn(1));
      expect(texts).toEqual(['1,"a"\n2, a\n', '3,"b, c"\n4,"b, c"\n']);
    });

    it('keeps a record with an empty group value with the group before it', () => {
      const { texts } = scan('h,v\na,1\n,2\na,3\nb,1\n', 1, 4, byColumn(0));
      expect(texts).toEqual(['a,1\n,2\na,3\n', 'b,1\n']);
    });

    it('groups records up to the target size like the plain scan', () => {
      const rows = Array.from({ length: 6 }, (_, i) => `k${i},abcdef\n`).join('');
      const { chunks } = scan(`h,v\n${rows}`, 25, 7, byColumn(0));
      expect(chunks.map((c) => c.records)).toEqual([3, 3]);
    });
  });
});
