/** Dispatches cron triggers (schedules as in wrangler.toml) to their jobs. */
import { log } from '../log';
import { sweepStalled } from './sweep-stalled';

type Job = (controller: ScheduledController, env: Env, ctx: ExecutionContext) => Promise<void>;

export const jobs: Readonly<Record<string, Job>> = {
  '*/15 * * * *': sweepStalled,
};

export async function dispatchCron(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const job = jobs[controller.cron];
  if (!job) {
    log.warn('no job for cron schedule', { cron: controller.cron });
    return;
  }
  await job(controller, env, ctx);
}
