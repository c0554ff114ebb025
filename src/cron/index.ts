/** Dispatches cron triggers (schedules as in wrangler.toml) to their jobs. */
import { log } from '../lib/log';
import { checkAlerts } from './alerts';
import { checkQuality } from './quality';
import { scheduleResyncs } from './resync-schedule';
import { sweepStalled } from './sweep-stalled';

type Job = (controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>;

export const jobs: Readonly<Record<string, Job>> = {
  '17 3 * * *': scheduleResyncs('full'),
  '7 * * * *': scheduleResyncs('incremental'),
  '*/15 * * * *': sweepStalled,
  '*/5 * * * *': checkAlerts,
  '37 * * * *': checkQuality,
};

export async function dispatchCron(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const job = jobs[controller.cron];
  if (!job) {
    log.warn('no job for cron schedule', { cron: controller.cron });
    return;
  }
  await job(controller, env, ctx);
}
