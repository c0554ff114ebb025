/** The REST resources a record becomes, and how REST writes what GraphQL says: ids without their gid prefix, lower-case enums, tags as one string. */
import type { JsonValue } from '../../../lib/exact-json';
import { legacyId } from '../nodes';

/** A REST resource and the webhook topic whose schema and mapping it takes. */
export interface RestResource {
  topic: string;
  payload: JsonValue;
}

/** A GraphQL instant (UTC) in the shop's time zone, as REST writes it. */
export type ShopTime = (instant: string) => string;

export const lower = (value: string | null | undefined) => (value ? value.toLowerCase() : null);
export const tags = (list: readonly string[]) => list.join(', ');
export const amount = (bag: { shopMoney: { amount: string } } | null | undefined) => bag?.shopMoney.amount ?? null;
export const idOf = (ref: { id: string } | null | undefined) => (ref ? legacyId(ref.id) : null);

export const shopMoney = (bag: { shopMoney: { amount: string; currencyCode: string } }) => ({
  shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
});
