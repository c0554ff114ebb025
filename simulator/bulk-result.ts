/**
 * The JSONL result of a bulk query, rendered line by line from a snapshot of the model (nothing is
 * kept in memory but the snapshot's record references). Connection nodes are lines of their own
 * with `__parentId`, after their parent but deliberately not right after it: they wait in a small
 * pool that releases them at random among later lines, as Shopify's files interleave them (a
 * child's own children join the pool only once it is out, so they too come after their parent).
 * Rendering is deterministic, so the file can be rendered once to measure it and again to serve it.
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import { type BulkQuery, withinBounds } from './bulk-query';
import { isAbandoned } from './checkouts';
import { fulfillmentOrderOf, isClosed } from './fulfillment-orders';
import {
  type GqlObject,
  gqlAbandonedCheckout,
  gqlAbandonedCheckoutLine,
  gqlCollection,
  gqlCustomer,
  gqlDiscountApplication,
  gqlDiscountNode,
  gqlDraftOrder,
  gqlDraftOrderLine,
  gqlFulfillment,
  gqlFulfillmentLine,
  gqlFulfillmentOrder,
  gqlFulfillmentOrderLine,
  gqlInventoryItem,
  gqlInventoryLevel,
  gqlLineItem,
  gqlLocation,
  gqlMedia,
  gqlMetafield,
  gqlOrder,
  gqlProduct,
  gqlRedeemCode,
  gqlRefundLine,
  gqlReturn,
  gqlReturnLine,
  gqlShippingLine,
  gqlVariant,
} from './graphql-view';
import { gid } from './ids';
import { collectionProducts, type ModelView } from './model';
import { Random, seedFrom } from './random';
import { connectionPlan, type Plan, project } from './selection';

/** A child line, and the lines of its own children, which can only come after it. */
interface Pooled {
  line: string;
  then: string[];
}

interface Unit {
  parent: string;
  children: (string | Pooled)[];
}

function child(source: GqlObject, plan: Plan, parentId: string): string {
  const line = project(source, plan);
  line.__parentId = parentId;
  return JSON.stringify(line);
}

/** How many root objects (top-level lines) the query selects. */
export function rootObjectCount(view: ModelView, query: BulkQuery): number {
  const count = (records: Iterable<{ updatedAt: number }>) => {
    let n = 0;
    for (const record of records) if (withinBounds(record.updatedAt, query.bounds)) n++;
    return n;
  };
  switch (query.entity) {
    case 'orders':
      return count(view.orders);
    case 'products':
      return count(view.products);
    case 'collections':
      return count(view.collections);
    case 'customers':
      return count(view.customers.values());
    case 'inventoryItems':
      return count(view.inventoryItems.values());
    case 'locations':
      return view.locations.filter((location) => query.includeInactive || location.isActive).length;
    case 'fulfillmentOrders':
      return [...fulfillmentOrders(view, query)].length;
    case 'draftOrders':
      return count(view.draftOrders);
    case 'abandonedCheckouts':
      return [...abandonedCheckouts(view, query)].length;
    case 'discountNodes':
      return count(view.discounts);
  }
}

/** The checkouts Shopify lists as abandoned at the snapshot, within the query's window. */
function* abandonedCheckouts(view: ModelView, query: BulkQuery) {
  for (const checkout of view.checkouts) if (isAbandoned(checkout, view.at) && withinBounds(checkout.updatedAt, query.bounds)) yield checkout;
}

function* fulfillmentOrders(view: ModelView, query: BulkQuery) {
  const defaultLocation = view.locations[0]?.id ?? '0';
  for (const order of view.orders) {
    const fulfillmentOrder = fulfillmentOrderOf(order, defaultLocation);
    if (withinBounds(fulfillmentOrder.updatedAt, query.bounds) && (query.includeClosed || !isClosed(fulfillmentOrder))) yield { order, fulfillmentOrder };
  }
}

function* units(view: ModelView, query: BulkQuery): Generator<Unit> {
  const plan = query.plan;
  const currency = view.info.currency;
  const text = (source: GqlObject) => JSON.stringify(project(source, plan));
  switch (query.entity) {
    case 'orders': {
      const lines = connectionPlan(plan, 'lineItems');
      const shippingLines = connectionPlan(plan, 'shippingLines');
      const discounts = connectionPlan(plan, 'discountApplications');
      const refundLines = connectionPlan(plan, 'refunds', 'refundLineItems');
      const shipped = connectionPlan(plan, 'fulfillments', 'fulfillmentLineItems');
      const returns = connectionPlan(plan, 'returns');
      const returnLines = connectionPlan(plan, 'returns', 'returnLineItems');
      for (const order of view.orders) {
        if (!withinBounds(order.updatedAt, query.bounds)) continue;
        const children: Unit['children'] = [];
        const orderGid = gid('Order', order.id);
        if (lines) for (const line of order.lineItems) children.push(child(gqlLineItem(line, order, currency), lines, orderGid));
        if (shippingLines) for (const line of order.shippingLines) children.push(child(gqlShippingLine(line, order, currency), shippingLines, orderGid));
        if (discounts) {
          for (const [index, application] of order.discountApplications.entries()) {
            children.push(child(gqlDiscountApplication(application, index, currency), discounts, orderGid));
          }
        }
        if (refundLines) {
          for (const refund of order.refunds) {
            for (const line of refund.lines) children.push(child(gqlRefundLine(line, order, currency), refundLines, gid('Refund', refund.id)));
          }
        }
        if (shipped) {
          for (const fulfillment of order.fulfillments) {
            for (const line of fulfillment.lines) children.push(child(gqlFulfillmentLine(line), shipped, gid('Fulfillment', fulfillment.id)));
          }
        }
        if (returns) {
          for (const made of order.returns) {
            const returnGid = gid('Return', made.id);
            const then = returnLines ? made.lines.map((line) => child(gqlReturnLine(line), returnLines, returnGid)) : [];
            children.push({ line: child(gqlReturn(made), returns, orderGid), then });
          }
        }
        yield { parent: text(gqlOrder(order, view)), children };
      }
      return;
    }
    case 'products': {
      const variants = connectionPlan(plan, 'variants');
      const variantMedia = connectionPlan(plan, 'variants', 'media');
      const media = connectionPlan(plan, 'media');
      const metafields = connectionPlan(plan, 'metafields');
      for (const product of view.products) {
        if (!withinBounds(product.updatedAt, query.bounds)) continue;
        const productGid = gid('Product', product.id);
        const children: Unit['children'] = [];
        if (variants) {
          for (const variant of product.variants) {
            const variantGid = gid('ProductVariant', variant.id);
            const shown = variantMedia ? product.media.filter((image) => image.variantIds.includes(variant.id)) : [];
            const then = shown.map((image) => child(gqlMedia(image), variantMedia!, variantGid));
            children.push({ line: child(gqlVariant(variant, view), variants, productGid), then });
          }
        }
        if (media) for (const image of product.media) children.push(child(gqlMedia(image), media, productGid));
        if (metafields) for (const field of product.metafields) children.push(child(gqlMetafield(field), metafields, productGid));
        yield { parent: text(gqlProduct(product, view)), children };
      }
      return;
    }
    case 'collections': {
      const members = connectionPlan(plan, 'products');
      for (const collection of view.collections) {
        if (!withinBounds(collection.updatedAt, query.bounds)) continue;
        const parent = gid('Collection', collection.id);
        const children = members
          ? collectionProducts(collection, view.products).map((product) => child({ id: gid('Product', product.id) }, members, parent))
          : [];
        yield { parent: text(gqlCollection(collection)), children };
      }
      return;
    }
    case 'customers':
      for (const customer of view.customers.values()) {
        if (withinBounds(customer.updatedAt, query.bounds)) yield { parent: text(gqlCustomer(customer)), children: [] };
      }
      return;
    case 'inventoryItems':
      for (const item of view.inventoryItems.values()) {
        if (withinBounds(item.updatedAt, query.bounds)) yield { parent: text(gqlInventoryItem(item, currency)), children: [] };
      }
      return;
    case 'fulfillmentOrders': {
      const lines = connectionPlan(plan, 'lineItems');
      const fulfillments = connectionPlan(plan, 'fulfillments');
      const shipped = connectionPlan(plan, 'fulfillments', 'fulfillmentLineItems');
      for (const { order, fulfillmentOrder } of fulfillmentOrders(view, query)) {
        const parent = gid('FulfillmentOrder', fulfillmentOrder.id);
        const children: Unit['children'] = [];
        if (lines) for (const line of fulfillmentOrder.lines) children.push(child(gqlFulfillmentOrderLine(line), lines, parent));
        if (fulfillments) {
          for (const fulfillment of order.fulfillments) {
            const fulfillmentGid = gid('Fulfillment', fulfillment.id);
            const then = shipped ? fulfillment.lines.map((line) => child(gqlFulfillmentLine(line), shipped, fulfillmentGid)) : [];
            children.push({ line: child(gqlFulfillment(fulfillment), fulfillments, parent), then });
          }
        }
        yield { parent: text(gqlFulfillmentOrder(fulfillmentOrder)), children };
      }
      return;
    }
    case 'draftOrders': {
      const lines = connectionPlan(plan, 'lineItems');
      for (const draft of view.draftOrders) {
        if (!withinBounds(draft.updatedAt, query.bounds)) continue;
        const parent = gid('DraftOrder', draft.id);
        yield {
          parent: text(gqlDraftOrder(draft, view)),
          children: lines ? draft.lines.map((line) => child(gqlDraftOrderLine(line, currency), lines, parent)) : [],
        };
      }
      return;
    }
    case 'abandonedCheckouts': {
      const lines = connectionPlan(plan, 'lineItems');
      for (const checkout of abandonedCheckouts(view, query)) {
        const parent = gid('AbandonedCheckout', checkout.id);
        yield {
          parent: text(gqlAbandonedCheckout(checkout, view)),
          children: lines ? checkout.lines.map((line) => child(gqlAbandonedCheckoutLine(line, checkout, currency), lines, parent)) : [],
        };
      }
      return;
    }
    case 'discountNodes': {
      // A discount's codes are a connection inside its `discount` object; Wharf reads them page by page instead.
      const codes = connectionPlan(plan, 'discount', 'codes');
      for (const discount of view.discounts) {
        if (!withinBounds(discount.updatedAt, query.bounds)) continue;
        const node = gqlDiscountNode(discount, view);
        const children = codes ? discount.codes.map((code) => child(gqlRedeemCode(code, discount, view), codes, node.id as string)) : [];
        yield { parent: text(node), children };
      }
      return;
    }
    case 'locations': {
      // Levels change under a location without touching it: locations are always exported whole.
      const levels = connectionPlan(plan, 'inventoryLevels');
      for (const location of view.locations) {
        if (!query.includeInactive && !location.isActive) continue;
        const locationGid = gid('Location', location.id);
        const children: string[] = [];
        if (levels) {
          for (const item of view.inventoryItems.values()) {
            const level = item.levels.find((l) => l.locationId === location.id);
            if (level) children.push(child(gqlInventoryLevel(level, item.id), levels, locationGid));
          }
        }
        yield { parent: text(gqlLocation(location)), children };
      }
      return;
    }
  }
}

/** How many children may wait before the pool must release some. */
const POOL_SIZE = 12;

/** A line released from the pool at random; its own children join the pool, to come after it. */
function take(pool: (string | Pooled)[], rng: Random): string {
  const index = rng.int(pool.length);
  const taken = pool[index]!;
  pool[index] = pool[pool.length - 1]!;
  pool.pop();
  if (typeof taken === 'string') return taken;
  pool.push(...taken.then);
  return taken.line;
}

/** The file's lines, without their newlines; with `missingParent`, less the first parent line that has children. */
export function* resultLines(view: ModelView, query: BulkQuery, missingParent = false): Generator<string> {
  const rng = new Random(seedFrom('bulk-order', view.seed, query.text));
  const pool: (string | Pooled)[] = [];
  let omit = missingParent;
  for (const unit of units(view, query)) {
    if (omit && unit.children.length > 0) omit = false;
    else yield unit.parent;
    for (const line of unit.children) pool.push(line);
    let release = Math.max(0, pool.length - POOL_SIZE) + rng.int(3);
    while (release-- > 0 && pool.length > 0) yield take(pool, rng);
  }
  while (pool.length > 0) yield take(pool, rng);
}

export interface Measure {
  lines: number;
  bytes: number;
}

/**
 * Counts lines and bytes (up to `limit` lines), yielding to the event loop between chunks so that
 * a million-line file does not stall the server while it is measured.
 */
export async function measureResult(view: ModelView, query: BulkQuery, limit = Infinity, signal?: AbortSignal, missingParent = false): Promise<Measure> {
  const measure: Measure = { lines: 0, bytes: 0 };
  const lines = resultLines(view, query, missingParent);
  for (;;) {
    for (let i = 0; i < 5000; i++) {
      if (measure.lines >= limit) return measure;
      const next = lines.next();
      if (next.done) return measure;
      measure.lines++;
      measure.bytes += Buffer.byteLength(next.value) + 1;
    }
    await nextTick();
    signal?.throwIfAborted();
  }
}
