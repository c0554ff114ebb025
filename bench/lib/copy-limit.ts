/**
 * What Postgres itself can do with the file, as the bar for the upload pipeline: (a) COPY into an
 * unlogged staging table of text columns; (b) that COPY, then one INSERT … SELECT that applies the
 * loader's cleaning rules in SQL into a copy of fact_sales_line (same columns, indexes and
 * generated line_total), rejects into a copy of upload_reject.
 */
import type { CopyTarget } from './copy-target';

const COLUMNS = 'invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country';

export interface CopyFigures {
  copyMs: number;
  transformMs: number;
  rows: number;
  loaded: number;
  rejected: number;
  rejectedBy: Record<string, number>;
  duplicates: number;
  returns: number;
  /** Rows carrying more than one defect: each is rejected (and counted) under its first field only. */
  multiDefect: number;
}

/**
 * Mirrors retailLine (src/files/retail-csv.ts): fields trimmed; the first failing field in the
 * order InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice names the reject. Dates: only the
 * M/D/YYYY H:MM form (the generator writes no ISO dates), checked to be a real calendar date.
 * Duplicates: same md5 over the eight fields, dropped by the same unique indexes on (job_id,
 * line_hash) as the loader's, so a duplicate of a rejected row counts as a duplicate too.
 */
const PARSED = `
select ord, f, ts, md5(concat_ws(chr(31), f1, f2, f3, f4, f5, f6, f7, f8)) as line_hash,
  case when f1 = '' then 'InvoiceNo' when f2 = '' then 'StockCode' when q_bad then 'Quantity' when ts is null then 'InvoiceDate' when p_bad then 'UnitPrice' end as bad,
  q_bad::int + (ts is null)::int + p_bad::int as defects
from (
  select s.*, array[f1, f2, f3, f4, f5, f6, f7, f8] as f,
    -- CASE, not OR: Postgres does not promise to skip a cast that would fail.
    case when f4 ~ '^-?[0-9]{1,10}$' then f4::bigint = 0 or abs(f4::bigint) > 2147483647 else true end as q_bad,
    case when f6 ~ '^-?[0-9]+(\\.[0-9]+)?$' then f6::numeric <= 0 else true end as p_bad,
    -- m = {month, day, year, hour, minute}; regexp_match with capture groups costs ten times as much.
    case when m[1] between 1 and 12 and m[4] < 24 and m[5] < 60
        and m[2] between 1 and extract(day from make_date(m[3], m[1], 1) + interval '1 month - 1 day')
      then make_timestamptz(m[3], m[1], m[2], m[4], m[5], 0, 'UTC') end as ts
  from (
    select ord, btrim(coalesce(invoice_no, '')) as f1, btrim(coalesce(stock_code, '')) as f2, btrim(coalesce(description, '')) as f3,
      btrim(coalesce(quantity, '')) as f4, btrim(coalesce(invoice_date, '')) as f5, btrim(coalesce(unit_price, '')) as f6,
      btrim(coalesce(customer_id, '')) as f7, btrim(coalesce(country, '')) as f8,
      case when btrim(invoice_date) ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}$'
        then string_to_array(translate(btrim(invoice_date), ' :', '//'), '/')::int[] end as m
    from bench_staging
    offset 0 -- evaluated once per row, not once per reference
  ) s
) t`;

const TRANSFORM = `
with parsed as (${PARSED}),
rejected as (
  insert into bench_reject (job_id, row_number, shop_id, line_hash, field, value, reason)
  select 'bench', ord, 1, line_hash, bad, f[case bad when 'InvoiceNo' then 1 when 'StockCode' then 2 when 'Quantity' then 4 when 'InvoiceDate' then 5 else 6 end], 'rejected'
  from parsed where bad is not null
  on conflict do nothing
  returning field
),
loaded as (
  insert into bench_sales (shop_id, job_id, row_number, line_hash, invoice_no, stock_code, description, quantity, unit_price,
    invoiced_at, invoice_date_key, customer_id, is_guest, country, is_return, raw_key)
  select 1, 'bench', ord, line_hash, f[1], f[2], nullif(f[3], ''), f[4]::int, f[6]::numeric,
    ts, to_char(ts at time zone 'UTC', 'YYYYMMDD')::int, nullif(f[7], ''), f[7] = '', nullif(f[8], ''),
    f[1] like 'C%' or f[4]::int < 0, 'bench'
  from parsed where bad is null
  on conflict do nothing
  returning is_return
)
select (select count(*) from loaded)::int as loaded,
  (select count(*) filter (where is_return) from loaded)::int as returns,
  (select coalesce(json_object_agg(field, n), '{}') from (select field, count(*)::int as n from rejected group by field) g) as "rejectedBy"`;

const SETUP = `
drop table if exists bench_staging, bench_sales, bench_reject;
create unlogged table bench_staging (ord bigint generated always as identity, ${COLUMNS.split(', ')
  .map((c) => `${c} text`)
  .join(', ')});
create table bench_sales (like fact_sales_line including defaults including generated including indexes);
create table bench_reject (like upload_reject including defaults including indexes);`;

async function copyFile(target: CopyTarget, file: string): Promise<number> {
  const started = performance.now();
  await target.copyFile(`bench_staging (${COLUMNS})`, '(format csv, header true)', file);
  return performance.now() - started;
}

/** Runs (a) and (b) on `target` (a database migrated with Wharf's schema) and drops what it made. */
export async function measureCopyLimit(target: CopyTarget, file: string): Promise<CopyFigures> {
  await target.exec(SETUP);
  try {
    const copyMs = await copyFile(target, file);
    const { rows } = await target.one<{ rows: number }>('select count(*)::int as rows from bench_staging');
    await target.exec('truncate bench_staging restart identity');

    const started = performance.now();
    await target.exec('begin');
    await copyFile(target, file);
    const result = await target.one<{ loaded: number; returns: number; rejectedBy: Record<string, number> }>(TRANSFORM);
    await target.exec('commit');
    const transformMs = performance.now() - started;

    const rejected = Object.values(result.rejectedBy).reduce((a, b) => a + b, 0);
    const { multiDefect } = await target.one<{ multiDefect: number }>(MULTI_DEFECT);
    return { copyMs, transformMs, rows, ...result, rejected, duplicates: rows - result.loaded - rejected, multiDefect };
  } finally {
    await target.exec('drop table if exists bench_staging, bench_sales, bench_reject');
  }
}

/** Rows with two or more of the defects the generator injects (quantity, date, price). */
const MULTI_DEFECT = `with parsed as (${PARSED}) select count(*)::int as "multiDefect" from parsed where defects >= 2`;
