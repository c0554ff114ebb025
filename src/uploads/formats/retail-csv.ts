/** Online-Retail-style sales exports (InvoiceNo,StockCode,…): a CSV of sales lines, cleaned by the sales line rules. */
import { parseCsv } from '../../files/csv';
import { CSV } from '../../files/record-boundaries';
import { retailHeaderProblem, retailLine } from '../../files/retail-csv';
import { csvLayout } from '../file-layout';
import { readSalesLines, salesChunkRows } from '../sales-lines';
import type { UploadFormat } from './format';

export const retailChunkRows = (text: string, firstRow: number) => salesChunkRows(parseCsv(text), firstRow, retailLine);

export const retailCsv: UploadFormat = {
  description: 'InvoiceNo,StockCode,… sales lines',
  layout: (ctx, job) =>
    csvLayout(ctx, job, (fields) => {
      const problem = retailHeaderProblem(fields);
      return problem ? { ok: false, reason: problem } : { ok: true, format: CSV };
    }),
  read: async (_ctx, _job, bytes, firstRow) => readSalesLines(bytes, CSV, firstRow, retailChunkRows),
  upload: { parameters: [], extension: () => 'csv' },
};
