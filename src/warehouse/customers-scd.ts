/**
 * dim_customer as a type 2 slowly changing dimension, derived from customer_version. Consecutive
 * versions with equal tracked attributes form one span ("island"); each span becomes one row,
 * valid from its first version until the next span starts. Rebuilding a customer's rows from all
 * of its versions makes the result independent of the order in which deliveries arrived.
 */
import { sql } from 'drizzle-orm';
import { customerVersion, deletedEntity, dimCustomer, dimShop, redactedCustomer } from './schema';
import { aliased, type Tx, tuplesIn } from './upsert';

/** The attributes whose change opens a new dim_customer row. */
const TRACKED = ['email_hash', 'email', 'state', 'verified_email', 'tags', 'currency', 'country', 'province', 'city'] as const;

export async function rebuildCustomers(tx: Tx, customers: readonly { shopId: number; customerId: string }[]) {
  if (customers.length === 0) return;
  const tuples = customers.map((c) => [c.shopId, c.customerId]);
  await tx.delete(dimCustomer).where(tuplesIn([dimCustomer.shopId, dimCustomer.customerId], tuples));

  const tracked = sql.raw(`jsonb_build_array(${TRACKED.join(', ')})`);
  const latest = (column: string) => sql.raw(`(array_agg(${column} order by updated_at desc))[1] as ${column}`);
  await tx.execute(sql`
    with versions as (
      select v.*, ${tracked} as tracked from ${customerVersion} v
      where ${tuplesIn([aliased('v', customerVersion.shopId), aliased('v', customerVersion.customerId)], tuples)}
    ),
    marked as (
      select *, case when tracked is not distinct from lag(tracked) over w then 0 else 1 end as starts
      from versions window w as (partition by shop_id, customer_id order by updated_at)
    ),
    islands as (
      select *, sum(starts) over (partition by shop_id, customer_id order by updated_at) as island from marked
    ),
    spans as (
      select shop_id, customer_id, min(updated_at) as valid_from, max(updated_at) as updated_at, min(created_at) as created_at,
        ${sql.join(
          [...TRACKED, 'raw_key'].map((column) => latest(column)),
          sql`, `,
        )}
      from islands group by shop_id, customer_id, island
    )
    insert into ${dimCustomer} (shop_id, customer_id, valid_from, valid_to, is_current, ${sql.raw(TRACKED.join(', '))},
      created_at, updated_at, deleted_at, redacted_at, raw_key)
    select s.shop_id, s.customer_id, s.valid_from,
      lead(s.valid_from) over w, lead(s.valid_from) over w is null,
      ${sql.raw(TRACKED.map((c) => `s.${c}`).join(', '))},
      s.created_at, s.updated_at, t.deleted_at, r.redacted_at, s.raw_key
    from spans s
    join ${dimShop} shop on shop.shop_id = s.shop_id
    left join ${deletedEntity} t on t.shop_id = s.shop_id and t.entity = 'customer' and t.entity_id = s.customer_id
    left join ${redactedCustomer} r on r.shop_domain = shop.domain and r.customer_id = s.customer_id
    window w as (partition by s.shop_id, s.customer_id order by s.valid_from)
  `);
}
