import type { dimCustomer, factOrder, factOrderLine } from '../warehouse/schema';

/** Where a row came from: the shop it belongs to and the raw R2 object it was derived from. */
export interface Source {
  shopDomain: string;
  rawKey: string;
}

type Derived<T> = Omit<T, 'shopId' | 'loadedAt' | 'grossAmount'> & { shopDomain: string };

export type OrderRow = Derived<typeof factOrder.$inferInsert>;
export type OrderLineRow = Derived<typeof factOrderLine.$inferInsert>;
export type CustomerRow = Derived<typeof dimCustomer.$inferInsert>;

/** Everything one or more deliveries contribute to the warehouse. */
export interface WarehouseRows {
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  customers: CustomerRow[];
}

export const emptyRows = (): WarehouseRows => ({ orders: [], orderLines: [], customers: [] });

export function appendRows(into: WarehouseRows, more: WarehouseRows): WarehouseRows {
  into.orders.push(...more.orders);
  into.orderLines.push(...more.orderLines);
  into.customers.push(...more.customers);
  return into;
}
