/**
 * Shopify's mandatory compliance requests. Each is idempotent: a redelivered request redoes the
 * same work and records the same outcome.
 */
import type { ComplianceRequest } from '../domain/rows';
import { requestPurgingExports, shopExportPrefixes } from '../exports/run';
import type { ExportMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import type { CustomersDataRequest, CustomersRedact, ShopRedact } from '../shopify/payloads/compliance';
import { customerData, eraseShop, markCustomerRedacted, rawObjectsAbout, recordComplianceRequest } from '../warehouse/compliance';
import { rebuildCustomers } from '../warehouse/customers-scd';
import type { Warehouse } from '../warehouse/db';
import { eraseCustomerData, purgeStagedLinesAbout } from '../warehouse/erase-customer';
import { exportsPurgedUnlessExported } from '../warehouse/exports';
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

/**
 * Erases the customer's personal data from the warehouse and from every raw object about them,
 * then starts a purging export run (exports/run.ts) where the shop has exported files: the request
 * stays open (`exports_purged_at` null) until one that began after the erasure completes.
 */
async function redactCustomer(db: Warehouse, targets: ComplianceTargets, request: ComplianceRequest, payload: CustomersRedact) {
  const bucket = targets.raw;
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
  // A redelivered request is purged again: its erasure ran again.
  await recordComplianceRequest(db, request, {
    customerId,
    rawObjectsRewritten: rewritten,
    exportRunId: null,
    exportsPurgedAt: exportsPurgedUnlessExported(request.shopDomain),
  });
  if (shopId !== undefined) await requestPurgingExports({ db, queue: targets.exportQueue }, [shopId]);
}

async function deleteObjects(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** What compliance requests act on: the raw objects, the Parquet exports of the warehouse, and the export runs' queue. */
export interface ComplianceTargets {
  raw: R2Bucket;
  exports: R2Bucket;
  exportQueue: Producer<ExportMessage>;
}

/** Deletes everything held for the shop: warehouse rows, ledger, quarantine, raw objects and exported files. */
async function redactShop(db: Warehouse, targets: ComplianceTargets, request: ComplianceRequest, _payload: ShopRedact) {
  const shopId = await knownShopId(db, request.shopDomain);
  for (const prefix of ['webhooks', 'uploads', 'resyncs']) await deleteObjects(targets.raw, `${prefix}/${request.shopDomain}/`);
  for (const prefix of shopExportPrefixes(request.shopDomain)) await deleteObjects(targets.exports, prefix);
  await eraseShop(db, shopId, request.shopDomain);
  await recordComplianceRequest(db, request, {});
}

export async function handleComplianceRequest(db: Warehouse, targets: ComplianceTargets, request: ComplianceRequest): Promise<void> {
  switch (request.topic) {
    case 'customers/data_request':
      return exportCustomerData(db, targets.raw, request, request.payload);
    case 'customers/redact':
      return redactCustomer(db, targets, request, request.payload);
    case 'shop/redact':
      return redactShop(db, targets, request, request.payload);
  }
}
