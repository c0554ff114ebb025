/** Dispatches cron triggers (schedules as in wrangler.toml) to their jobs. */
import { log } from '../lib/log';
import { checkAlerts } from './alerts';
import { checkConnections } from './connections';
import { keepCustomerFigures } from './customer-figures';
import { scheduleExports } from './exports';
import { keepProductDays } from './product-days';
import { checkQuality } from './quality';
import { scheduleResyncs } from './resync-schedule';
import { sweepStalled } from './sweep-stalled';
import { sweepThumbnails } from './thumbnails';

type Job = (controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>;

/** Each schedule's jobs, run one after another; a job that fails does not keep the next from running. */
export const jobs: Readonly<Record<string, readonly Job[]>> = {
  '17 3 * * *': [checkConnections, scheduleExports, scheduleResyncs('full')],
  '7 * * * *': [scheduleResyncs('incremental')],
  '*/15 * * * *': [sweepStalled, sweepThumbnails],
  '*/5 * * * *': [checkAlerts, keepProductDays, keepCustomerFigures],
  '37 * * * *': [checkQuality],
};

export async function dispatchCron(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const scheduled = jobs[controller.cron];
  if (!scheduled) {
    log.warn('no job for cron schedule', { cron: controller.cron });
    return;
  }
  const failures: unknown[] = [];
  for (const job of scheduled) await job(controller, env, ctx).catch((error: unknown) => failures.push(error));
  if (failures.length) throw failures[0];
}
