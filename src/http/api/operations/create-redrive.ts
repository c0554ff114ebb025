import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { redrive } from '../../../pipeline/redrive';
import type { AppEnv } from '../../app-env';
import { ApiRoute, problemResponses } from '../api-route';
import { redriveReport } from './schemas';

const MAX_ENTRIES = 10_000;
const datetime = z.iso.datetime({ offset: true });

export class CreateRedrive extends ApiRoute {
  protected readonly scope = 'admin' as const;
  override schema = {
    tags: ['Operations'],
    summary: "Reconcile a window of this shop's accepted deliveries and uploads (R2, the source of truth) with the ledger, and re-drive what it lacks",
    description: `Deliveries received in [from, to) that are in R2 but not in the ledger, or never loaded, go back through validation and loading; upload jobs created in the window that are not finished are split again (only their chunks not yet loaded are sent); failures kept in R2 while the database was down are moved into the dead letters. Idempotent: nothing is ever loaded twice. At most ${MAX_ENTRIES} index entries per request: when truncated, repeat with resumeFrom as from. dry_run reports without sending anything.`,
    request: {
      body: contentJson(
        z
          .strictObject({ from: datetime, to: datetime, dry_run: z.boolean().default(false) })
          .refine((b) => Date.parse(b.from) < Date.parse(b.to), { message: 'from must be before to', path: ['to'] }),
      ),
    },
    responses: {
      '202': { description: 'Re-driven: what was found and sent', ...contentJson(redriveReport) },
      '200': { description: 'Dry run: what would be re-driven', ...contentJson(redriveReport) },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const report = await redrive(c.env, db, {
      from: new Date(body.from),
      to: new Date(body.to),
      shopDomain: principal.shopDomain,
      dryRun: body.dry_run,
      maxEntries: MAX_ENTRIES,
    });
    return c.json(report, body.dry_run ? 200 : 202);
  }
}
