/**
 * What erasing a customer's personal data means in the warehouse; order totals and ids stay. Each
 * row rewritten is stamped loaded now, as a load would: exports take changes by `loaded_at`, so the
 * erased version is the latest of its key in the next run.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { customerVersion, factCheckout, factDraftOrder, factOrder, resync, resyncAnchor, resyncStaging } from './schema';
import type { Tx } from './upsert';

export async function eraseCustomerData(tx: Tx, shopId: number, customerId: string, alsoOrders: readonly string[] = []) {
  await tx
    .update(customerVersion)
    .set({ emailHash: null, email: null, city: null, province: null, tags: null, loadedAt: sql`now()` })
    .where(and(eq(customerVersion.shopId, shopId), eq(customerVersion.customerId, customerId)));
  const theirOrders = eq(factOrder.customerId, customerId);
  await tx
    .update(factOrder)
    .set({ emailHash: null, loadedAt: sql`now()` })
    .where(and(eq(factOrder.shopId, shopId), alsoOrders.length ? or(theirOrders, inArray(factOrder.orderId, [...alsoOrders])) : theirOrders));
  await tx
    .update(factDraftOrder)
    .set({ emailHash: null, loadedAt: sql`now()` })
    .where(and(eq(factDraftOrder.shopId, shopId), eq(factDraftOrder.customerId, customerId)));
  await tx
    .update(factCheckout)
    .set({ emailHash: null, loadedAt: sql`now()` })
    .where(and(eq(factCheckout.shopId, shopId), eq(factCheckout.customerId, customerId)));
}

/**
 * Deletes the resync staging lines of the shop's resyncs that are about the customer: lines whose
 * text names the customer's gid or email (an order names its customer; the customer line is the
 * customer), and the listed orders' lines with their children. Staging holds export lines as they
 * came, emails in plain text: nothing of a redacted customer may stay there.
 */
export async function purgeStagedLinesAbout(tx: Tx, shopId: number, customer: { id: string; email?: string | null }, orders: readonly string[] = []) {
  // Compared lower-cased: an email's case varies between records.
  const mentions = [`"gid://shopify/customer/${customer.id}"`, ...(customer.email ? [JSON.stringify(customer.email.toLowerCase())] : [])];
  const orderGids = orders.map((id) => `gid://shopify/Order/${id}`);
  const about = or(
    ...mentions.map((text) => sql`strpos(lower(${resyncStaging.body}), ${text}) > 0`),
    ...(orderGids.length ? [inArray(resyncStaging.gid, orderGids), inArray(resyncStaging.parentGid, orderGids)] : []),
  );
  // A deleted order's refunds go with it: no export fetches their lines.
  await tx.execute(sql`
    with erased as (
      delete from ${resyncStaging}
      where ${resyncStaging.resyncId} in (select ${resync.id} from ${resync} where ${resync.shopId} = ${shopId}) and ${about}
      returning resync_id, entity, gid
    )
    delete from ${resyncAnchor} a using erased e where a.resync_id = e.resync_id and a.entity = e.entity and a.parent_gid = e.gid`);
}
