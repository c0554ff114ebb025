/** `POST /_sim/shops/{domain}/mutations`: create, update or delete records, as a merchant would. */
import { z } from 'zod';
import { ShopChanges } from './changes';
import { draftOrder } from './generate';
import type { ShopModel } from './model';
import { Random, seedFrom } from './random';

export const MUTABLE_ENTITIES = ['orders', 'products', 'customers', 'collections', 'inventoryItems', 'discounts'] as const;

export const mutationRequest = z.object({
  kind: z.enum(['update', 'delete', 'create']),
  entity: z.enum(MUTABLE_ENTITIES),
  count: z.number().int().positive().max(100_000).default(1),
});
export type MutationRequest = z.infer<typeof mutationRequest>;

/** Applies the mutation; the returned changes hold the affected ids' webhooks. */
export function applyMutation(model: ShopModel, request: MutationRequest, sequence: number, at: number): { ids: string[]; changes: ShopChanges } {
  const rng = new Random(seedFrom('mutation', model.seed, sequence));
  const changes = new ShopChanges(model, rng);
  changes.at = at;
  const { kind, entity, count } = request;
  const pick = <T>(records: Iterable<T>): T[] => rng.sample([...records], count);
  const ids: string[] = [];

  if (kind === 'create') {
    for (let i = 0; i < count; i++) {
      if (entity === 'orders') {
        const products = [...model.products.values()].filter((product) => product.status === 'ACTIVE');
        ids.push(changes.placeOrder(draftOrder(rng, [...model.customers.values()]), products).id);
      } else if (entity === 'products') ids.push(changes.createProduct().id);
      else if (entity === 'customers') ids.push(changes.createCustomer().id);
      else if (entity === 'collections') ids.push(changes.createCollection().id);
      else if (entity === 'discounts') ids.push(changes.createDiscount().id);
      else {
        const products = [...model.products.values()];
        if (products.length === 0) break;
        ids.push(changes.addVariant(rng.pick(products)).id);
      }
    }
    return { ids, changes };
  }

  if (entity === 'orders') {
    for (const order of pick(model.orders.values())) {
      ids.push(order.id);
      if (kind === 'update') changes.updateOrder(order);
      else changes.deleteOrder(order);
    }
  } else if (entity === 'products') {
    for (const product of pick(model.products.values())) {
      ids.push(product.id);
      if (kind === 'update') changes.updateProduct(product);
      else changes.deleteProduct(product);
    }
  } else if (entity === 'customers') {
    // Shopify refuses to delete a customer with orders: those without any go first.
    const buyers = new Set([...model.orders.values()].map((order) => order.customerId));
    const all = [...model.customers.values()];
    const candidates =
      kind === 'delete'
        ? [...rng.shuffle(all.filter((c) => !buyers.has(c.id))), ...rng.shuffle(all.filter((c) => buyers.has(c.id)))].slice(0, count)
        : pick(all);
    for (const customer of candidates) {
      ids.push(customer.id);
      if (kind === 'update') changes.updateCustomer(customer);
      else changes.deleteCustomer(customer);
    }
  } else if (entity === 'collections') {
    for (const collection of pick(model.collections.values())) {
      ids.push(collection.id);
      if (kind === 'update') changes.updateCollection(collection);
      else changes.deleteCollection(collection);
    }
  } else if (entity === 'discounts') {
    for (const discount of pick(model.discounts.values())) {
      ids.push(discount.id);
      if (kind === 'update') changes.updateDiscount(discount);
      else changes.deleteDiscount(discount);
    }
  } else {
    for (const item of pick(model.inventoryItems.values())) {
      ids.push(item.id);
      if (kind === 'update') changes.updateInventoryItem(item);
      // The item may be gone already, with a product deleted for an earlier one.
      else if (model.inventoryItems.has(item.id)) changes.removeVariantOf(model.inventoryItems.get(item.id)!);
    }
  }
  return { ids, changes };
}
