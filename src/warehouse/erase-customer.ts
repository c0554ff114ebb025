/** What erasing a customer's personal data means in the warehouse; order totals and ids stay. */
import { and, eq, inArray, or } from 'drizzle-orm';
import { customerVersion, factCheckout, factDraftOrder, factOrder } from './schema';
import type { Tx } from './upsert';

export async function eraseCustomerData(tx: Tx, shopId: number, customerId: string, alsoOrders: readonly string[] = []) {
  await tx
    .update(customerVersion)
    .set({ emailHash: null, email: null, city: null, province: null, tags: null })
    .where(and(eq(customerVersion.shopId, shopId), eq(customerVersion.customerId, customerId)));
  const theirOrders = eq(factOrder.customerId, customerId);
  await tx
    .update(factOrder)
    .set({ emailHash: null })
    .where(and(eq(factOrder.shopId, shopId), alsoOrders.length ? or(theirOrders, inArray(factOrder.orderId, [...alsoOrders])) : theirOrders));
  await tx
    .update(factDraftOrder)
    .set({ emailHash: null })
    .where(and(eq(factDraftOrder.shopId, shopId), eq(factDraftOrder.customerId, customerId)));
  await tx
    .update(factCheckout)
    .set({ emailHash: null })
    .where(and(eq(factCheckout.shopId, shopId), eq(factCheckout.customerId, customerId)));
}
