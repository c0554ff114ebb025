/** New customers. */
import type { Customer, CustomerState, ShopModel } from './model';
import type { Random } from './random';
import { asciiFold } from './text';
import { CITIES, CUSTOMER_TAGS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './vocabulary';

export function personEmail(rng: Random, first: string, last: string): string {
  return asciiFold(`${first}.${last}${rng.between(1, 9999)}@${rng.pick(EMAIL_DOMAINS)}`).toLowerCase();
}

export function makeCustomer(model: ShopModel, rng: Random, at: number, updatedAt = at): Customer {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const state: CustomerState = rng.weighted([
    ['ENABLED', 70],
    ['DISABLED', 20],
    ['INVITED', 7],
    ['DECLINED', 3],
  ] as const);
  const address = rng.chance(0.9) ? rng.pick(CITIES) : null;
  return {
    id: model.ids.next('customer'),
    email: personEmail(rng, firstName, lastName),
    firstName,
    lastName,
    state,
    verifiedEmail: state === 'ENABLED' || rng.chance(0.5),
    tags: rng.sample(
      CUSTOMER_TAGS,
      rng.weighted([
        [0, 60],
        [1, 30],
        [2, 10],
      ] as const),
    ),
    createdAt: at,
    updatedAt,
    addressId: address ? model.ids.next('address') : null,
    address,
  };
}
