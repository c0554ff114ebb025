/**
 * Shopify's mandatory compliance requests. Each is idempotent: a redelivered request redoes the
 * same work and records the same outcome.
 */
import type { ComplianceRequest } from '../domain/rows';
import { shopExportPrefixes } from '../exports/run';
import type { CustomersDataRequest, CustomersRedact, ShopRedact } from '../shopify/payloads/compliance';
import { customerData, eraseShop, markCustomerRedacted, rawObjectsAbout, recordComplianceRequest } from '../warehouse/compliance';
import { rebuildCustomers } from '../warehouse/customers-scd';
import type { Warehouse } from '../warehouse/db';
import { eraseCustomerData, purgeStagedLinesAbout } from '../warehouse/erase-customer';
import { knownShopId } from '../warehouse/shops';
import { readRawJson, redactRawObject } from './raw-objects';

/** Everything held about the customer, warehouse and raw, as one JSON object in R2. */
async function exportCustomerData(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest, payload: CustomersDataRequest) {
  const customerId = payload.customer.id;
  const shopId = (await knownShopId(db, request.shopDomain)) ?? -1;
  const warehouse = await customerData(db, shopId, customerId, payload.orders_requested);
  const raw = await rawObjectsAbout(db, request.shopDomain, customerId, payload.orders_requested);

  const document = {
    shopDomain: request.shopDomain,
    customerId,
    dataRequestId: payload.data_request.id,
    generatedAt: new Date().toISOString(),
    warehouse,
    raw: await Promise.all(raw.map(async (ref) => ({ ...ref, payload: await readRawJson(bucket, ref.rawKey) }))),
  };
  const exportKey = `compliance/${request.shopDomain}/data-requests/${payload.data_request.id}.json`;
  await bucket.put(exportKey, JSON.stringify(document), { httpMetadata: { contentType: 'application/json' } });
  await recordComplianceRequest(db, request, { customerId, dataRequestId: payload.data_request.id, exportKey });
}

/** Erases the customer's personal data from the warehouse and from every raw object about them. */
async function redactCustomer(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest, payload: CustomersRedact) {
  const customerId = payload.customer.id;
  const redactedAt = new Date().toISOString();
  await markCustomerRedacted(db, request.shopDomain, customerId);

  const raw = await rawObjectsAbout(db, request.shopDomain, customerId, payload.orders_to_redact);
  let rewritten = 0;
  for (const ref of raw) if (await redactRawObject(bucket, ref.rawKey, redactedAt)) rewritten++;

  const shopId = await knownShopId(db, request.shopDomain);
  if (shopId !== undefined) {
    await db.transaction(async (tx) => {
      await eraseCustomerData(tx, shopId, customerId, payload.orders_to_redact);
      await purgeStagedLinesAbout(tx, shopId, payload.customer, payload.orders_to_redact);
      await rebuildCustomers(tx, [{ shopId, customerId }]);
    });
  }
  await recordComplianceRequest(db, request, { customerId, rawObjectsRewritten: rewritten });
}

async function deleteObjects(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** The buckets compliance requests act on: the raw objects, and the Parquet exports of the warehouse. */
export interface ComplianceBuckets {
  raw: R2Bucket;
  exports: R2Bucket;
}

/** Deletes everything held for the shop: warehouse rows, ledger, quarantine, raw objects and exported files. */
async function redactShop(db: Warehouse, buckets: ComplianceBuckets, request: ComplianceRequest, _payload: ShopRedact) {
  const shopId = await knownShopId(db, request.shopDomain);
  for (const prefix of ['webhooks', 'uploads', 'resyncs']) await deleteObjects(buckets.raw, `${prefix}/${request.shopDomain}/`);
  for (const prefix of shopExportPrefixes(request.shopDomain)) await deleteObjects(buckets.exports, prefix);
  await eraseShop(db, shopId, request.shopDomain);
  await recordComplianceRequest(db, request, {});
}

export async function handleComplianceRequest(db: Warehouse, buckets: ComplianceBuckets, request: ComplianceRequest): Promise<void> {
  switch (request.topic) {
    case 'customers/data_request':
      return exportCustomerData(db, buckets.raw, request, request.payload);
    case 'customers/redact':
      return redactCustomer(db, buckets.raw, request, request.payload);
    case 'shop/redact':
      return redactShop(db, buckets, request, request.payload);
  }
}
