/** The layouts formats share: a JSON Lines file has no header; a CSV file's header is checked, then kept with its job. */
import { csvField, parseCsv } from '../files/csv';
import { JSON_LINES, type RecordFormat } from '../files/record-boundaries';
import type { Job } from '../warehouse/upload-jobs';
import type { FileLayout, FormatContext } from './formats/format';
import { readCsvHeader } from './read-object';

export const JSON_LINES_LAYOUT: FileLayout = { ok: true, format: JSON_LINES, header: '' };

/** A format's verdict on a CSV header: how the records under it are cut, or why the file cannot be loaded. */
export type HeaderCheck = { ok: true; format: RecordFormat } | { ok: false; reason: string };

/** A CSV file's layout, once `check` accepts the fields of its header (read from R2 only as far as the header goes). */
export async function csvLayout(ctx: FormatContext, job: Job, check: (fields: string[]) => HeaderCheck): Promise<FileLayout> {
  const read = await readCsvHeader(ctx.env.RAW_BUCKET, job.rawKey, job.bytes);
  if (!read.ok) return read;
  const checked = check(read.fields);
  return checked.ok ? { ok: true, format: checked.format, header: read.fields.map(csvField).join(',') } : checked;
}

/** The fields of the CSV header the splitter checked and kept with the job. */
export const headerFields = (job: Job): string[] => parseCsv(job.header ?? '')[0]?.fields ?? [];
