/**
 * Where a resync's time went, read back from the database: the resync's own instants, each bulk
 * operation's start (Wharf's clock), Shopify's completedAt (whole seconds), the staging job of its
 * file (created once the file is in R2; finished when its last chunk is staged), the chunks'
 * transactions, and when its assembly finished. Instants are epoch milliseconds.
 */
import type pg from 'pg';

export interface ResyncRow {
  id: string;
  status: string;
  error: string | null;
  linesTotal: number;
  linesLoaded: number;
  linesRejected: number;
  linesDuplicate: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface OperationRow {
  entity: string;
  attempt: number;
  status: string | null;
  objectCount: number | null;
  linesLoaded: number;
  linesRejected: number;
  startedAt: number | null;
  completedAt: number | null;
  assembledAt: number | null;
  job: {
    id: string;
    bytes: number;
    chunks: number | null;
    rowsSeen: number;
    createdAt: number;
    startedAt: number | null;
    finishedAt: number | null;
    /** First and last chunk transaction start (upload_chunk.loaded_at is the transaction's now()). */
    firstChunkAt: number | null;
    lastChunkAt: number | null;
  } | null;
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

export async function resyncRow(db: pg.Client, id: string): Promise<ResyncRow> {
  const { rows } = await db.query<ResyncRow>(
    `select id, status, error, lines_total::float8 as "linesTotal", lines_loaded::float8 as "linesLoaded",
       lines_rejected::float8 as "linesRejected", lines_duplicate::float8 as "linesDuplicate",
       ${ms('created_at')} as "createdAt", ${ms('started_at')} as "startedAt", ${ms('finished_at')} as "finishedAt"
     from resync where id = $1`,
    [id],
  );
  if (!rows[0]) throw new Error(`no resync ${id}`);
  return rows[0];
}

export async function operationRows(db: pg.Client, resyncId: string): Promise<OperationRow[]> {
  const { rows } = await db.query<Omit<OperationRow, 'job'> & { job: OperationRow['job'] }>(
    `select o.entity, o.attempt, o.status, o.object_count::float8 as "objectCount", o.lines_loaded::float8 as "linesLoaded",
       o.lines_rejected::float8 as "linesRejected", ${ms('o.started_at')} as "startedAt", ${ms('o.completed_at')} as "completedAt",
       ${ms('o.assembled_at')} as "assembledAt",
       case when j.id is null then null else json_build_object(
         'id', j.id, 'bytes', j.bytes, 'chunks', j.chunks_total, 'rowsSeen', j.rows_seen,
         'createdAt', ${ms('j.created_at')}, 'startedAt', ${ms('j.started_at')}, 'finishedAt', ${ms('j.finished_at')},
         'firstChunkAt', (select ${ms('min(c.loaded_at)')} from upload_chunk c where c.job_id = j.id),
         'lastChunkAt', (select ${ms('max(c.loaded_at)')} from upload_chunk c where c.job_id = j.id)) end as job
     from resync_operation o left join upload_job j on j.id = o.job_id
     where o.resync_id = $1
     order by o.entity, o.attempt`,
    [resyncId],
  );
  return rows;
}

/**
 * What changes while a resync makes progress (statuses, claims, files, staged chunks, assembly
 * marks): the same text twice in a row over a long time means nothing moves.
 */
export async function progressMark(
  db: pg.Client,
  resyncId: string,
): Promise<{ status: string; error: string | null; mark: string; chunks: string; assembled: number }> {
  const { rows } = await db.query<{ status: string; error: string | null; ops: string; chunks_done: number; chunks_total: number; assembled: number }>(
    `select r.status, r.error,
       (select coalesce(string_agg(concat_ws(':', o.entity, o.attempt, o.status, o.claimed_until, o.raw_key, o.job_id, o.assembled_at), ',' order by o.entity, o.attempt), '')
          from resync_operation o where o.resync_id = r.id) as ops,
       (select coalesce(sum(j.chunks_done), 0)::int from upload_job j where j.resync_id = r.id) as chunks_done,
       (select coalesce(sum(j.chunks_total), 0)::int from upload_job j where j.resync_id = r.id) as chunks_total,
       (select coalesce(sum(g.lines_loaded + g.lines_rejected), 0)::float8 from resync_range g where g.resync_id = r.id) as assembled
     from resync r where r.id = $1`,
    [resyncId],
  );
  const row = rows[0];
  if (!row) throw new Error(`no resync ${resyncId}`);
  return {
    status: row.status,
    error: row.error,
    mark: `${row.status}|${row.ops}|${row.chunks_done}|${row.assembled}`,
    chunks: `${row.chunks_done}/${row.chunks_total}`,
    assembled: row.assembled,
  };
}
