import { z } from 'zod';
import { dateParam, textParam } from '../api-route';

const amount = z.string().describe('Decimal amount in the shop currency');

export const measures = z.object({
  orders: z.number(),
  units: z.string(),
  gross_sales: amount.describe('Line prices x quantities, before discounts'),
  discounts: amount,
  total_sales: amount.describe('What customers paid: after discounts, with tax and shipping'),
  refunded: amount,
  net_revenue: amount.describe('total_sales - refunded'),
  average_order_value: amount.nullable().describe('total_sales / orders'),
  refund_rate: z.string().nullable().describe('Share of orders with a refund'),
  new_customer_orders: z.number(),
  returning_customer_orders: z.number(),
});

export const period = z
  .strictObject({
    from: dateParam.describe('First day (the shop calendar), inclusive'),
    to: dateParam.describe('Last day, inclusive'),
    channel: textParam(128).optional().describe('An order source_name, e.g. web, pos'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
