/** What an export's steps need from the Worker's bindings. */
import { exportConfig } from '../config';
import { exportQueue } from '../pipeline/producers';
import type { Warehouse } from '../warehouse/db';
import type { ExportContext } from './run';

export function exportContext(env: Env, db: Warehouse): ExportContext {
  const config = exportConfig(env);
  return { db, bucket: env.EXPORT_BUCKET, queue: exportQueue(env), rowGroupRows: config.rowGroupRows, fileRowGroups: config.fileRowGroups };
}
