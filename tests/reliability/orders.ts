/** Distinct realistic orders for reliability specs: the sample order with its order and line ids made unique. */
import { sample } from '../helpers/samples';

export function distinctOrder(n: number, orderId = String(900_000_000_000_000_000n + BigInt(n))): string {
  return sample('orders-create', {
    '820982911946154508': orderId,
    '866550311766439020': String(700_000_000_000_000_000n + 2n * BigInt(n)),
    '141249953214522974': String(700_000_000_000_000_001n + 2n * BigInt(n)),
  });
}

/** An id above the warehouse's bigint range: valid digits, 20 of them. */
export const ID_BEYOND_BIGINT = '12345678901234567890';
