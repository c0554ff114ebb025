import { z } from 'zod';
import { shopifyId } from './scalars';

const complianceCustomer = z.object({ id: shopifyId, email: z.string().nullish(), phone: z.string().nullish() });

/** customers/data_request: gather what is held about the customer for the store owner. */
export const customersDataRequest = z.object({
  shop_id: shopifyId,
  shop_domain: z.string(),
  customer: complianceCustomer,
  orders_requested: z.array(shopifyId).default([]),
  data_request: z.object({ id: shopifyId }),
});

/** customers/redact: erase the customer's personal data, keeping non-personal facts. */
export const customersRedact = z.object({
  shop_id: shopifyId,
  shop_domain: z.string(),
  customer: complianceCustomer,
  orders_to_redact: z.array(shopifyId).default([]),
});

/** shop/redact: 48 hours after uninstall, delete the shop's data. */
export const shopRedact = z.object({ shop_id: shopifyId, shop_domain: z.string() });

export type CustomersDataRequest = z.infer<typeof customersDataRequest>;
export type CustomersRedact = z.infer<typeof customersRedact>;
export type ShopRedact = z.infer<typeof shopRedact>;
