/**
 * Finishing a resync once every entity is loaded. The figures of the customers its pages touched
 * are refreshed first, once each. A full resync is a complete picture of the shop, so whatever the
 * warehouse holds that the export lacks was deleted in Shopify (deletes never appear in an
 * `updated_at` window): those get tombstones, exactly as a delete topic's webhook would give them.
 * Then, and only if every line is counted as loaded, rejected or duplicate, the cursors advance to
 * the export's upper bound, in the same transaction.
 */
import { rows } from '../domain/rows';
import { log } from '../lib/log';
import { BULK_ENTITIES } from '../shopify/bulk/queries';
import { refreshMarkedCustomerFigures } from '../warehouse/customer-figures';
import type { Warehouse } from '../warehouse/db';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { absentFromExport } from '../warehouse/resync-deletions';
import { operationsOf } from '../warehouse/resync-operations';
import { advanceCursors, deleteStagedLines, markReconciled, resyncById, setDeletesReconciled } from '../warehouse/resyncs';
import type { DeletionRow } from '../warehouse/rows';
import { shopById } from '../warehouse/shops';
import { failResync } from './advance';

/** How long one run refreshes customer figures before it leaves the rest to another (a Worker invocation is bounded). */
const FIGURES_BUDGET_MS = 20_000;

/** Returns whether the resync needs another run to finish (its customer figures took the run's time). */
export async function finishResync(db: Warehouse, resyncId: string): Promise<boolean> {
  const current = await resyncById(db, resyncId);
  if (current?.status !== 'loading') return false;
  const operations = await operationsOf(db, resyncId);
  const latest = new Map(operations.map((op) => [op.entity, op]));
  // Nested exports' lines are assembled, counted and cursored with the entity they complete.
  const final = [...latest.values()].filter((op) => (BULK_ENTITIES as readonly string[]).includes(op.entity));
  if (!final.every((op) => op.assembledAt)) return false;

  const loaded = final.reduce((sum, op) => sum + op.linesLoaded, 0);
  const rejected = current.linesRejected + final.reduce((sum, op) => sum + op.linesRejected, 0);
  if (current.linesTotal !== loaded + rejected + current.linesDuplicate) {
    await failResync(
      db,
      resyncId,
      `line counts do not add up: ${current.linesTotal} lines in the files, ${loaded} loaded + ${rejected} rejected + ${current.linesDuplicate} duplicates`,
    );
    return false;
  }

  const deadline = Date.now() + FIGURES_BUDGET_MS;
  while ((await refreshMarkedCustomerFigures(db, current.shopId)) > 0) {
    if (Date.now() > deadline) return true;
  }

  const shop = await shopById(db, current.shopId);
  const reconciled = await db.transaction(async (tx) => {
    if (!(await markReconciled(tx, resyncId, { loaded, rejected }))) return false;

    const deletions: DeletionRow[] = [];
    if (current.kind === 'full') {
      for (const op of final) {
        const absent = await absentFromExport(tx, current, op.entity);
        for (const entityId of absent?.ids ?? []) {
          deletions.push({ shopDomain: shop!.domain, entity: absent!.kind, entityId, deletedAt: current.windowTo, rawKey: op.rawKey! });
        }
      }
      await loadWarehouseRows(tx, rows({ deletions }));
      await setDeletesReconciled(tx, resyncId, deletions.length);
    }
    await advanceCursors(
      tx,
      current.shopId,
      resyncId,
      final.map((op) => op.entity),
      current.windowTo,
    );
    return true;
  });
  if (!reconciled) return false;
  // The raw files stay in R2; the staged copies have served their purpose.
  await deleteStagedLines(db, resyncId);
  log.info('resync reconciled', { resyncId, kind: current.kind, lines: current.linesTotal, loaded, rejected });
  return false;
}
