/** Shopify order transactions → the payment events finance reconciles to. */
import type { OrderTransaction } from '../shopify/payloads/transaction';
import { dateKey, type PayloadRows, rows, type Source } from './rows';

export function transactionRows(transaction: OrderTransaction, source: Source): PayloadRows {
  return rows({
    transactions: [
      {
        shopDomain: source.shopDomain,
        transactionId: transaction.id,
        orderId: transaction.order_id,
        parentId: transaction.parent_id ?? null,
        kind: transaction.kind,
        status: transaction.status ?? null,
        gateway: transaction.gateway ?? null,
        amount: transaction.amount,
        currency: transaction.currency ?? null,
        errorCode: transaction.error_code ?? null,
        test: transaction.test ?? false,
        createdAt: transaction.created_at,
        createdDateKey: dateKey(transaction.created_at),
        processedAt: transaction.processed_at ?? null,
        observedAt: source.eventAt,
        rawKey: source.rawKey,
      },
    ],
  });
}
