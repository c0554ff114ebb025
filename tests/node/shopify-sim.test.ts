/**
 * The Shopify simulator (simulator/) against Wharf's own contracts: every bulk line,
 * and every refund line item Wharf's paginated queries read, parses with the node schemas Wharf's
 * resync uses, every webhook body with the topic models its webhook path uses, and the two views
 * of one shop agree under the GraphQL → REST mapping.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { checkBulkQuery, type RunningSimulator, startShopifySimulator } from '../../simulator';
import { topicModel } from '../../src/domain/topics';
import { type JsonValue, parseJsonExact } from '../../src/lib/exact-json';
import { AdminClient } from '../../src/shopify/admin-graphql';
import * as nodes from '../../src/shopify/bulk/nodes';
import { BULK_ENTITIES, BULK_OPERATION_STATUS, type BulkEntity, bulkQuery, RUN_BULK_QUERY, SHOP_INFO } from '../../src/shopify/bulk/queries';
import { verifyShopifyHmac } from '../../src/shopify/hmac';
import { discountCodeLines } from '../../src/shopify/nested/discount-codes';
import { refundLineItemLines } from '../../src/shopify/nested/refund-line-items';

// biome-ignore lint/suspicious/noExplicitAny: the simulator's answers are read field by field, as the GraphQL client would
type Json = Record<string, any>;

const TOKEN = 'shpat_sim_token';
const SECRET = 'sim-test-secret';
let sim: RunningSimulator;

async function call(path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${sim.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Json };
}

async function createShop(domain: string, options: Json = {}): Promise<Json> {
  const created = await call('/_sim/shops', { domain, seed: 42, ...options });
  expect(created.status).toBe(201);
  return created.json;
}

const adminUrl = (domain: string) => `${sim.url}/shops/${domain}/admin/api/2026-01/graphql.json`;

async function graphql(domain: string, query: string, variables: Json = {}, token = TOKEN): Promise<{ status: number; headers: Headers; json: Json }> {
  const response = await fetch(adminUrl(domain), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

async function startBulk(domain: string, query: string): Promise<Json> {
  const answer = await graphql(domain, RUN_BULK_QUERY, { query });
  return answer.json.data.bulkOperationRunQuery;
}

async function untilDone(domain: string, id: string): Promise<Json> {
  for (;;) {
    const { json } = await graphql(domain, BULK_OPERATION_STATUS, { id });
    if (!['CREATED', 'RUNNING'].includes(json.data.node.status)) return json.data.node;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function download(url: string): Promise<string> {
  const response = await fetch(url);
  const text = await response.text();
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  return text;
}

/** Runs a bulk query to its end and returns the operation and its file's text. */
async function runBulk(domain: string, query: string): Promise<{ operation: Json; text: string }> {
  const started = await startBulk(domain, query);
  expect(started.userErrors).toEqual([]);
  const operation = await untilDone(domain, started.bulkOperation.id);
  expect(operation.status).toBe('COMPLETED');
  return { operation, text: await download(operation.url) };
}

/** Exports an entity with Wharf's bulk query. */
const exportOf = (domain: string, entity: BulkEntity, window?: { from: string; to: string }) => runBulk(domain, bulkQuery(entity, window));

const linesOf = (text: string): Json[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json);

/** A line's type: its gid's, or, for nodes without an id of their own (discount applications), its `__typename`. */
/** A line's gid type; `__typename` for a node without id; `ref:<type>` for a node that only refers to a record (a collection's product). */
const typeOf = (line: Json): string =>
  line.id !== undefined ? nodes.parseGid(line.id).type : line.ref !== undefined ? `ref:${nodes.parseGid(line.ref).type}` : line.__typename;

/** Lines grouped under the gid of their parent. */
function byParent(lines: readonly Json[]): Map<string, Json[]> {
  const grouped = new Map<string, Json[]>();
  for (const line of lines) grouped.set(line.__parentId, [...(grouped.get(line.__parentId) ?? []), line]);
  return grouped;
}

/**
 * The line items of the refunds an orders export names, as Wharf reads them (no bulk query can
 * reach them): its own paginated queries, through its Admin API client, against the simulator.
 */
async function refundLinesOf(domain: string, orderLines: readonly Json[]): Promise<Json[]> {
  const client = new AdminClient({ url: adminUrl(domain), accessToken: TOKEN });
  const refundIds = orderLines.filter((line) => !line.__parentId).flatMap((order) => (order.refunds as Json[]).map((refund) => refund.id as string));
  const lines: Json[] = [];
  for await (const line of refundLineItemLines(client, refundIds)) lines.push(JSON.parse(line) as Json);
  return lines;
}

/** The redeem codes of the code discounts a discounts export names, as Wharf reads them: page by page, never by bulk query. */
async function discountCodesOf(domain: string, discountLines: readonly Json[]): Promise<Json[]> {
  const client = new AdminClient({ url: adminUrl(domain), accessToken: TOKEN });
  const ids = discountLines.filter((line) => !line.__parentId && nodes.parseGid(line.id).type === 'DiscountCodeNode').map((line) => line.id as string);
  const lines: Json[] = [];
  for await (const line of discountCodeLines(client, ids)) lines.push(JSON.parse(line) as Json);
  return lines;
}

const DISCOUNT_APPLICATION_TYPES = ['DiscountCodeApplication', 'AutomaticDiscountApplication', 'ManualDiscountApplication', 'ScriptDiscountApplication'];

const NODE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Order: nodes.orderNode,
  LineItem: nodes.lineItemNode,
  ShippingLine: nodes.shippingLineNode,
  ...Object.fromEntries(DISCOUNT_APPLICATION_TYPES.map((type) => [type, nodes.discountApplicationNode])),
  RefundLineItem: nodes.refundLineItemNode,
  FulfillmentOrder: nodes.fulfillmentOrderNode,
  FulfillmentOrderLineItem: nodes.fulfillmentOrderLineItemNode,
  Fulfillment: nodes.fulfillmentNode,
  FulfillmentLineItem: nodes.fulfillmentLineItemNode,
  Product: nodes.productNode,
  ProductVariant: nodes.variantNode,
  MediaImage: nodes.mediaNode,
  Metafield: nodes.metafieldNode,
  Collection: nodes.collectionNode,
  'ref:Product': nodes.collectionProductNode,
  'ref:MediaImage': nodes.mediaRefNode,
  Customer: nodes.customerNode,
  InventoryItem: nodes.inventoryItemNode,
  Location: nodes.locationNode,
  InventoryLevel: nodes.inventoryLevelNode,
  DraftOrder: nodes.draftOrderNode,
  DraftOrderLineItem: nodes.draftOrderLineItemNode,
  AbandonedCheckout: nodes.abandonedCheckoutNode,
  AbandonedCheckoutLineItem: nodes.abandonedCheckoutLineItemNode,
  // The returns export's roots are orders, by their id alone.
  'returns:Order': nodes.orderRefNode,
  Return: nodes.returnNode,
  ReturnLineItem: nodes.returnLineItemNode,
  UnverifiedReturnLineItem: nodes.returnLineItemNode,
  DiscountCodeNode: nodes.discountNode,
  DiscountAutomaticNode: nodes.discountNode,
  DiscountRedeemCode: nodes.discountRedeemCodeNode,
};

/** The schema of a line of `entity`'s export: the entity's own for its type, else its type's. */
const schemaOf = (entity: string, type: string) => NODE_SCHEMAS[`${entity}:${type}`] ?? NODE_SCHEMAS[type];

interface Delivery {
  topic: string;
  headers: Record<string, string>;
  body: string;
}

const exact = (text: string): Json => {
  const parsed = parseJsonExact(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value as Json;
};

/** Collects signed deliveries as Wharf's endpoint would receive them. */
async function webhookReceiver() {
  const received: Delivery[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      received.push({ topic: headers['x-shopify-topic']!, headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function expectValidDelivery(delivery: Delivery, secret = SECRET) {
  const model = topicModel(delivery.topic);
  expect(model, delivery.topic).toBeDefined();
  const parsed = parseJsonExact(delivery.body);
  expect(parsed.ok).toBe(true);
  const result = model!.validate((parsed as { value: JsonValue }).value);
  expect(result.ok ? 'valid' : `${delivery.topic}: ${result.reason}`).toBe('valid');
  expect(await verifyShopifyHmac(new TextEncoder().encode(delivery.body), delivery.headers['x-shopify-hmac-sha256']!, [secret])).toBe(true);
  expect(delivery.headers['x-shopify-api-version']).toBe('2026-01');
}

beforeAll(async () => {
  sim = await startShopifySimulator({ bulkDelayMs: 20 });
});

afterAll(async () => {
  await sim.close();
});

describe('bulk exports', () => {
  const domain = 'sim-bulk.myshopify.com';
  const files = new Map<BulkEntity, { operation: Json; text: string }>();
  let counts: Json;
  let refundLines: Json[];
  let discountCodes: Json[];

  beforeAll(async () => {
    counts = (await createShop(domain, { orders: 120 })).counts;
    for (const entity of BULK_ENTITIES) files.set(entity, await exportOf(domain, entity));
    refundLines = await refundLinesOf(domain, linesOf(files.get('orders')!.text));
    discountCodes = await discountCodesOf(domain, linesOf(files.get('discounts')!.text));
  });

  it('writes lines, and answers refunds’ line items and discounts’ codes, that each parse with the node schema of their type', () => {
    const seen = new Set<string>();
    const read: [string, Json][] = [
      ...[...files].flatMap(([entity, { text }]) => linesOf(text).map((line): [string, Json] => [entity, line])),
      ...refundLines.map((line): [string, Json] => ['orders', line]),
      ...discountCodes.map((line): [string, Json] => ['discounts', line]),
    ];
    for (const [entity, line] of read) {
      const type = typeOf(line);
      const named = NODE_SCHEMAS[`${entity}:${type}`] ? `${entity}:${type}` : type;
      seen.add(named);
      const result = schemaOf(entity, type)?.safeParse(line);
      expect(result?.success ? 'valid' : `${named}: ${result ? JSON.stringify(result.error.issues[0]) : 'no schema'}`).toBe('valid');
    }
    // Every kind of line a full resync reads, so that none of the schemas goes untried (the shop has no manual or script discounts, nor unverified return lines).
    const untried = ['ManualDiscountApplication', 'ScriptDiscountApplication', 'UnverifiedReturnLineItem'];
    expect([...seen].sort()).toEqual(
      Object.keys(NODE_SCHEMAS)
        .filter((type) => !untried.includes(type))
        .sort(),
    );
  });

  // A fulfillment's line items name the fulfillment, itself a child line: the simulator releases children at random, as Shopify's
  // ungrouped files do, so they follow the fulfillment order they belong to but may come before the fulfillment's own line.
  it('puts every child after the record it belongs to, but not every child right after its parent', () => {
    let children = 0;
    let rightAfter = 0;
    for (const { text } of files.values()) {
      const lines = linesOf(text);
      const parentOf = new Map<string, string | undefined>(lines.filter((line) => line.id).map((line) => [line.id, line.__parentId]));
      const rootOf = (id: string): string => (parentOf.get(id) ? rootOf(parentOf.get(id)!) : id);
      const seen = new Set<string>();
      let previous: Json | null = null;
      for (const line of lines) {
        if (line.__parentId) {
          children++;
          expect(parentOf.has(line.__parentId), `${line.id ?? line.__typename}: no line for its parent ${line.__parentId}`).toBe(true);
          expect(seen.has(rootOf(line.__parentId)), `${line.id ?? line.__typename} before its record ${rootOf(line.__parentId)}`).toBe(true);
          if (previous?.id === line.__parentId) rightAfter++;
        }
        if (line.id) seen.add(line.id);
        previous = line;
      }
    }
    expect(children).toBeGreaterThan(100);
    expect(rightAfter).toBeLessThan(children / 2);
  });

  it('reports the lines and bytes it serves, and as many records of each type as the shop counts', () => {
    for (const { operation, text } of files.values()) {
      expect(Number(operation.objectCount)).toBe(linesOf(text).length);
      expect(Number(operation.fileSize)).toBe(Buffer.byteLength(text));
    }
    const ofType = (entity: BulkEntity, type: string) => linesOf(files.get(entity)!.text).filter((line) => typeOf(line) === type).length;
    expect([
      ofType('orders', 'Order'),
      ofType('orders', 'LineItem'),
      ofType('products', 'Product'),
      ofType('products', 'ProductVariant'),
      ofType('customers', 'Customer'),
      ofType('collections', 'Collection'),
      ofType('inventoryItems', 'InventoryItem'),
      ofType('locations', 'Location'),
      ofType('locations', 'InventoryLevel'),
      ofType('fulfillmentOrders', 'FulfillmentOrder'),
      ofType('fulfillmentOrders', 'FulfillmentOrderLineItem'),
      ofType('draftOrders', 'DraftOrder'),
      ofType('draftOrders', 'DraftOrderLineItem'),
      ofType('abandonedCheckouts', 'AbandonedCheckout'),
      ofType('returns', 'Order'),
      ofType('returns', 'Return'),
      ofType('returns', 'ReturnLineItem'),
      ofType('discounts', 'DiscountCodeNode') + ofType('discounts', 'DiscountAutomaticNode'),
    ]).toEqual([
      counts.orders,
      counts.lineItems,
      counts.products,
      counts.variants,
      counts.customers,
      counts.collections,
      counts.inventoryItems,
      counts.locations,
      counts.inventoryLevels,
      counts.orders,
      counts.lineItems,
      counts.draftOrders,
      counts.draftOrderLines,
      counts.abandonedCheckouts,
      counts.orders,
      counts.returns,
      counts.returnLines,
      counts.discounts,
    ]);
    expect(counts.abandonedCheckouts).toBeGreaterThan(0);
    expect(counts.abandonedCheckouts).toBeLessThan(counts.checkouts);
    expect(discountCodes).toHaveLength(counts.discountCodes);
    expect([counts.returns, counts.discounts]).toEqual([expect.any(Number), 6]);
    expect(counts.returns).toBeGreaterThan(0);
  });

  it('counts as many lines as a full resync reads: every entity’s bulk file, the refunds’ line items and the discounts’ codes read page by page', () => {
    const bulkLines = [...files.values()].reduce((sum, { text }) => sum + linesOf(text).length, 0);
    expect(refundLines.length).toBeGreaterThan(0);
    expect(discountCodes.length).toBeGreaterThan(0);
    expect(bulkLines + refundLines.length + discountCodes.length).toBe(counts.jsonlLines);
  });

  it('leaves closed and cancelled fulfillment orders out unless the query includes them', async () => {
    const closed = (fulfillmentOrder: Json) => ['CLOSED', 'CANCELLED'].includes(fulfillmentOrder.status);
    const all = linesOf(files.get('fulfillmentOrders')!.text).filter((line) => !line.__parentId);

    const { text } = await runBulk(domain, '{ fulfillmentOrders { edges { node { id status } } } }');

    expect(new Set(all.filter(closed).map((fulfillmentOrder) => fulfillmentOrder.status))).toEqual(new Set(['CLOSED', 'CANCELLED']));
    const open = linesOf(text);
    const ids = (fulfillmentOrders: Json[]) => fulfillmentOrders.map((fulfillmentOrder) => fulfillmentOrder.id).sort();
    expect(open.length).toBeGreaterThan(0);
    expect(ids(open)).toEqual(ids(all.filter((fulfillmentOrder) => !closed(fulfillmentOrder))));
  });

  it('lists as abandoned the checkouts left incomplete for ten minutes: those never completed, and those completed later than that', async () => {
    const { json } = await call(`/_sim/shops/${domain}/scenarios`, { name: 'replay-all', deliver: false, secret: SECRET });
    const checkouts = (json.deliveries as Delivery[]).filter((d) => d.topic === 'checkouts/create').map((d) => exact(d.body));
    const left = (checkout: Json) => (checkout.completed_at ? Date.parse(checkout.completed_at) : Date.now()) - Date.parse(checkout.created_at) > 10 * 60_000;

    const listed = linesOf(files.get('abandonedCheckouts')!.text)
      .filter((line) => !line.__parentId)
      .map((line) => nodes.legacyId(line.id));

    expect(listed.sort()).toEqual(
      checkouts
        .filter(left)
        .map((checkout) => String(checkout.id))
        .sort(),
    );
    expect(checkouts.filter((checkout) => checkout.completed_at && left(checkout)).length).toBeGreaterThan(0);
    expect(checkouts.filter((checkout) => !left(checkout)).length).toBeGreaterThan(0);
  });

  it('renders the same file, byte for byte, for the same seed', async () => {
    await createShop('sim-bulk-twin.myshopify.com', { orders: 120 });
    const twin = await exportOf('sim-bulk-twin.myshopify.com', 'orders');
    expect(twin.text).toBe(files.get('orders')!.text);
    await createShop('sim-bulk-other.myshopify.com', { orders: 120, seed: 43 });
    expect((await exportOf('sim-bulk-other.myshopify.com', 'orders')).text).not.toBe(twin.text);
  });

  it('exports only the records updated within an incremental window, with their children', async () => {
    const shop = 'sim-incremental.myshopify.com';
    await createShop(shop);
    const from = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const updated = (await call(`/_sim/shops/${shop}/mutations`, { kind: 'update', entity: 'orders', count: 3 })).json.ids as string[];
    const to = new Date().toISOString();

    const orders = linesOf((await exportOf(shop, 'orders', { from, to })).text);
    const fulfillmentOrders = linesOf((await exportOf(shop, 'fulfillmentOrders', { from, to })).text);

    const roots = (lines: Json[]) => lines.filter((line) => !line.__parentId);
    expect(
      roots(orders)
        .map((order) => nodes.legacyId(order.id))
        .sort(),
    ).toEqual([...updated].sort());
    expect(
      roots(fulfillmentOrders)
        .map((fulfillmentOrder) => nodes.legacyId(fulfillmentOrder.orderId))
        .sort(),
    ).toEqual([...updated].sort());
    // A fulfillment's line items name the fulfillment, itself a child line of the file.
    for (const lines of [orders, fulfillmentOrders]) {
      const parents = new Set(lines.filter((line) => line.id).map((line) => line.id));
      expect(lines.filter((line) => line.__parentId).every((line) => parents.has(line.__parentId))).toBe(true);
    }
    const locations = linesOf((await exportOf(shop, 'locations', { from, to })).text);
    expect(locations.filter((line) => !line.__parentId)).toHaveLength(2);
  });

  it('completes a query that finds nothing without a file, as Shopify does', async () => {
    const shop = 'sim-nothing.myshopify.com';
    await createShop(shop);
    const now = new Date().toISOString();

    const started = await startBulk(shop, bulkQuery('customers', { from: now, to: now }));
    const operation = await untilDone(shop, started.bulkOperation.id);

    expect(operation).toMatchObject({ status: 'COMPLETED', objectCount: '0', fileSize: null, url: null, partialDataUrl: null });
  });
});

describe('bulk operation lifecycle', () => {
  it('refuses a sixth bulk query while five are running, naming the five', async () => {
    const shop = 'sim-concurrent.myshopify.com';
    await createShop(shop, { bulkDelayMs: 2000 });
    const running: string[] = [];
    for (const entity of ['products', 'collections', 'customers', 'inventoryItems', 'locations'] as const) {
      const started = await startBulk(shop, bulkQuery(entity));
      expect(started.bulkOperation.status).toBe('CREATED');
      running.push(started.bulkOperation.id);
    }

    const sixth = await startBulk(shop, bulkQuery('products'));

    expect(sixth).toEqual({
      bulkOperation: null,
      userErrors: [
        { field: null, message: `A bulk query operation for this app and shop is already in progress: ${running.join(', ')}.`, code: 'OPERATION_IN_PROGRESS' },
      ],
    });
    const current = await graphql(shop, '{ currentBulkOperation { id status query } }');
    expect(current.json.data.currentBulkOperation.query).toBe(bulkQuery('locations'));
    expect(['CREATED', 'RUNNING']).toContain(current.json.data.currentBulkOperation.status);
  });

  it('serves a failed operation’s partial data as complete lines, about half of the file', async () => {
    const shop = 'sim-partial.myshopify.com';
    await createShop(shop, { orders: 80 });
    await call(`/_sim/shops/${shop}/faults`, { kind: 'failed-partial', entity: 'orders' });

    const failed = await untilDone(shop, (await startBulk(shop, bulkQuery('orders'))).bulkOperation.id);
    const full = await exportOf(shop, 'orders');

    expect(failed).toMatchObject({ status: 'FAILED', errorCode: 'INTERNAL_SERVER_ERROR', url: null });
    const partial = await download(failed.partialDataUrl);
    expect(full.text.startsWith(partial)).toBe(true);
    expect(partial.endsWith('\n')).toBe(true);
    const [some, all] = [linesOf(partial).length, linesOf(full.text).length];
    expect(some).toBe(Math.floor(all / 2));
    expect(Number(failed.objectCount)).toBe(some);
  });

  it('ends expired and canceled operations without a file, consuming each fault once', async () => {
    const shop = 'sim-expired.myshopify.com';
    await createShop(shop);
    await call(`/_sim/shops/${shop}/faults`, { kind: 'expired', entity: 'customers' });
    await call(`/_sim/shops/${shop}/faults`, { kind: 'canceled' });

    const expired = await untilDone(shop, (await startBulk(shop, bulkQuery('customers'))).bulkOperation.id);
    const canceled = await untilDone(shop, (await startBulk(shop, bulkQuery('products'))).bulkOperation.id);
    const completed = await untilDone(shop, (await startBulk(shop, bulkQuery('customers'))).bulkOperation.id);

    expect(expired).toMatchObject({ status: 'EXPIRED', url: null, partialDataUrl: null });
    expect(canceled).toMatchObject({ status: 'CANCELED', url: null, partialDataUrl: null });
    expect(completed.status).toBe('COMPLETED');
  });

  it('announces each finished operation with a signed bulk_operations/finish webhook', async () => {
    const shop = 'sim-finish.myshopify.com';
    const receiver = await webhookReceiver();
    await createShop(shop);
    await call(`/_sim/shops/${shop}/webhook-target`, { url: receiver.url, secret: SECRET });
    await call(`/_sim/shops/${shop}/faults`, { kind: 'failed-partial' });

    const failed = await untilDone(shop, (await startBulk(shop, bulkQuery('customers'))).bulkOperation.id);
    const done = await untilDone(shop, (await startBulk(shop, bulkQuery('collections'))).bulkOperation.id);
    while (receiver.received.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await receiver.close();

    for (const delivery of receiver.received) await expectValidDelivery(delivery);
    const bodies = receiver.received.map((d) => JSON.parse(d.body) as Json).sort((a, b) => a.admin_graphql_api_id.localeCompare(b.admin_graphql_api_id));
    expect(bodies).toEqual([
      expect.objectContaining({ admin_graphql_api_id: failed.id, status: 'failed', error_code: 'internal_server_error', type: 'query' }),
      expect.objectContaining({ admin_graphql_api_id: done.id, status: 'completed', error_code: null, type: 'query' }),
    ]);
  });
});

describe('bulk query restrictions', () => {
  const shop = 'sim-restrictions.myshopify.com';
  let counts: Json;
  const refusal = (...messages: string[]) => ({ bulkOperation: null, userErrors: messages.map((message) => ({ field: ['query'], message, code: 'INVALID' })) });
  const IN_LIST = 'Queries that contain a connection field within a list field are not currently supported.';
  const WITHOUT_ID = (names: string) =>
    `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${names}.`;
  // Real Admin API queries; the simulator does not serve collections' products or variants' metafields, but Shopify would run these.
  const FIVE_CONNECTIONS = `{ products { edges { node { id
    variants { edges { node { id metafields { edges { node { id key value } } } } } }
    media { edges { node { id } } } metafields { edges { node { id } } } } } } }`;
  const SIX_CONNECTIONS = FIVE_CONNECTIONS.replace(
    'metafields { edges { node { id } } }',
    'metafields { edges { node { id } } } collections { edges { node { id } } }',
  );
  const DEPTH_TWO = '{ collections { edges { node { id products { edges { node { id variants { edges { node { id sku } } } } } } } } } }';
  const DEPTH_THREE = DEPTH_TWO.replace('id sku', 'id sku metafields { edges { node { id } } }');
  // Connections inside lists, as Wharf's orders query once selected a refund's and a fulfillment's line items.
  const LIST_CONNECTIONS = `{ orders { edges { node { id
    refunds { id refundLineItems { edges { node { id quantity lineItem { id } } } } }
    fulfillments { id fulfillmentLineItems { edges { node { id quantity lineItem { id } } } } } } } } }`;
  const WINDOW = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };

  beforeAll(async () => {
    counts = (await createShop(shop, { bulkDelayMs: 5 })).counts;
  });

  it('finds no restriction broken by any of Wharf’s bulk queries, full or incremental', () => {
    for (const entity of BULK_ENTITIES) {
      for (const query of [bulkQuery(entity), bulkQuery(entity, WINDOW)]) expect(checkBulkQuery(query).violations, query).toEqual([]);
    }
  });

  it('runs every Wharf bulk query to completion, full and incremental', async () => {
    for (const entity of BULK_ENTITIES) {
      for (const query of [bulkQuery(entity), bulkQuery(entity, WINDOW)]) {
        const started = await startBulk(shop, query);
        expect(started.userErrors, entity).toEqual([]);
        expect((await untilDone(shop, started.bulkOperation.id)).status).toBe('COMPLETED');
      }
    }
  });

  it('refuses the orders query Wharf used to run: line items inside the refunds and fulfillments lists', async () => {
    expect(await startBulk(shop, LIST_CONNECTIONS)).toEqual(refusal(IN_LIST));
  });

  it('refuses a connection inside a list field, even one the simulator does not serve', async () => {
    const query = '{ orders { edges { node { id fulfillments { events { edges { node { id } } } } } } } }';
    expect(await startBulk(shop, query)).toEqual(refusal(IN_LIST));
  });

  it('refuses a query without a connection', async () => {
    expect(await startBulk(shop, '{ shop { id } }')).toEqual(refusal('Bulk queries must contain at least one connection.'));
  });

  it('refuses a connection selected through nodes', async () => {
    expect(await startBulk(shop, '{ products { nodes { id title } } }')).toEqual(
      refusal(
        "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'products'.",
      ),
    );
  });

  it('refuses a top-level node field, and the missing connection with it', async () => {
    expect(await startBulk(shop, '{ node(id: "gid://shopify/Product/108828309") { id } }')).toEqual(
      refusal('Bulk queries cannot contain a top level `node` field.', 'Bulk queries must contain at least one connection.'),
    );
  });

  it('refuses a top-level nodes field', async () => {
    expect(await startBulk(shop, '{ nodes(ids: ["gid://shopify/Product/108828309"]) { id } }')).toEqual(
      refusal('Bulk queries cannot contain a top level `nodes` field.', 'Bulk queries must contain at least one connection.'),
    );
  });

  it('refuses a mutation', async () => {
    expect(await startBulk(shop, 'mutation { tagsAdd(id: "gid://shopify/Product/1", tags: ["x"]) { userErrors { message } } }')).toEqual(
      refusal('Invalid operation type. Only `query` operations are supported.'),
    );
  });

  it('refuses an empty query as a syntax error', async () => {
    expect(await startBulk(shop, '')).toEqual(refusal('Invalid bulk query: syntax error, unexpected end of file'));
  });

  it('runs a query of 65535 bytes and refuses one of 65536', async () => {
    const query = bulkQuery('collections');
    // A comment of two-byte characters: the limit counts bytes, not characters.
    const padded = (bytes: number) => {
      const rest = bytes - Buffer.byteLength(query) - 2;
      return `${query}\n#${'é'.repeat(Math.floor(rest / 2))}${' '.repeat(rest % 2)}`;
    };

    const largest = await startBulk(shop, padded(65_535));
    const tooLarge = await startBulk(shop, padded(65_536));

    expect(largest.userErrors).toEqual([]);
    await untilDone(shop, largest.bulkOperation.id);
    expect(tooLarge).toEqual(refusal('Query is too large (65536 bytes; maximum is 65535 bytes)'));
  });

  it('allows five connections and refuses six', () => {
    expect(checkBulkQuery(FIVE_CONNECTIONS).violations).toEqual([]);
    expect(checkBulkQuery(SIX_CONNECTIONS).violations).toEqual(['Bulk queries cannot contain more than 5 connections.']);
  });

  it('allows connections nested two levels below the root and refuses three', () => {
    expect(checkBulkQuery(DEPTH_TWO).violations).toEqual([]);
    expect(checkBulkQuery(DEPTH_THREE).violations).toEqual(['Bulk queries cannot contain connections with a nesting depth greater than 2.']);
  });

  it('answers the connection limits through the Admin API', async () => {
    expect(await startBulk(shop, SIX_CONNECTIONS)).toEqual(refusal('Bulk queries cannot contain more than 5 connections.'));
    expect(await startBulk(shop, DEPTH_THREE)).toEqual(refusal('Bulk queries cannot contain connections with a nesting depth greater than 2.'));
  });

  it('requires the parent node of a nested connection to select its id, unaliased', async () => {
    const withoutId = '{ products { edges { node { title variants { edges { node { id } } } } } } }';
    const aliasedId = '{ products { edges { node { productId: id variants { edges { node { id } } } } } } }';

    expect(await startBulk(shop, withoutId)).toEqual(refusal(WITHOUT_ID('products')));
    expect(await startBulk(shop, aliasedId)).toEqual(refusal(WITHOUT_ID('products')));
  });

  it('reports every violation of a query, in a stable order', async () => {
    const query = `{ node(id: "gid://shopify/Shop/1") { id }
      products { nodes { title variants { edges { node { id selectedOptions { name } } } } } }
      orders { edges { node { id refunds { refundLineItems { edges { node { id } } } } } } } }`;

    expect(await startBulk(shop, query)).toEqual(
      refusal(
        'Bulk queries cannot contain a top level `node` field.',
        "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'products'.",
        IN_LIST,
        WITHOUT_ID('products'),
      ),
    );
  });

  it('ignores first, cursor and pageInfo, exporting every record', async () => {
    const query = `{ products(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor node { id
      variants(first: 1) { pageInfo { hasNextPage } edges { cursor node { id } } } } } } }`;

    const started = await startBulk(shop, query);
    expect(started.userErrors).toEqual([]);
    const lines = linesOf(await download((await untilDone(shop, started.bulkOperation.id)).url));

    expect(lines.filter((line) => !line.__parentId)).toHaveLength(counts.products);
    expect(lines.filter((line) => line.__parentId)).toHaveLength(counts.variants);
    expect(lines.every((line) => Object.keys(line).every((key) => key === 'id' || key === '__parentId'))).toBe(true);
  });

  it('allows aliases on connections and fields, and answers under them', async () => {
    const query = '{ items: products { edges { node { id name: title versions: variants { edges { node { ref: id label: title } } } } } } }';

    const started = await startBulk(shop, query);
    expect(started.userErrors).toEqual([]);
    const lines = linesOf(await download((await untilDone(shop, started.bulkOperation.id)).url));

    expect(Object.keys(lines.find((line) => !line.__parentId)!).sort()).toEqual(['id', 'name']);
    expect(Object.keys(lines.find((line) => line.__parentId)!).sort()).toEqual(['__parentId', 'label', 'ref']);
  });

  it('starts no operation for a refused query', async () => {
    const fresh = 'sim-refused.myshopify.com';
    await createShop(fresh);

    for (const query of [LIST_CONNECTIONS, '{ shop { id } }', '']) expect((await startBulk(fresh, query)).bulkOperation).toBeNull();

    expect((await graphql(fresh, '{ currentBulkOperation { id } }')).json.data.currentBulkOperation).toBeNull();
  });
});

describe('a refund’s line items, read with paginated queries', () => {
  const shop = 'sim-refund-lines.myshopify.com';
  // Wharf's selection of a refund line item: 7 points a node (the line and its five objects).
  const LINE_FIELDS =
    'id quantity restockType location { id } lineItem { id } subtotalSet { shopMoney { amount currencyCode } } totalTaxSet { shopMoney { amount currencyCode } }';
  const page = (args: string) => `refundLineItems(${args}) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } }`;
  const FIRST_PAGES = `query FirstPages($ids: [ID!]!, $first: Int!) { nodes(ids: $ids) { ... on Refund { id ${page('first: $first')} } } }`;
  const NEXT_PAGE = `query NextPage($id: ID!, $first: Int!, $after: String!) { node(id: $id) { ... on Refund { id ${page('first: $first, after: $after')} } } }`;

  /** The shop's refunds as refunds/create webhooks carry them. */
  async function refundsOf(domain: string): Promise<Json[]> {
    const { json } = await call(`/_sim/shops/${domain}/scenarios`, { name: 'replay-all', deliver: false, secret: SECRET });
    return (json.deliveries as Delivery[]).filter((delivery) => delivery.topic === 'refunds/create').map((delivery) => exact(delivery.body));
  }

  let refunds: Json[];

  beforeAll(async () => {
    await createShop(shop, { orders: 120 });
    refunds = await refundsOf(shop);
  });

  it('pages a refund’s line items with first and after until hasNextPage is false', async () => {
    const first = 2;
    const { json } = await graphql(shop, FIRST_PAGES, { ids: refunds.map((refund) => refund.admin_graphql_api_id), first });

    const read = new Map<string, string[]>();
    let pages = 0;
    for (const found of json.data.nodes as Json[]) {
      const ids: string[] = [];
      for (let lines = found.refundLineItems; ; ) {
        pages++;
        ids.push(...lines.edges.map((edge: Json) => nodes.legacyId(edge.node.id)));
        expect(lines.edges.length).toBeLessThanOrEqual(first);
        if (!lines.pageInfo.hasNextPage) break;
        expect(lines.edges).toHaveLength(first);
        const next = await graphql(shop, NEXT_PAGE, { id: found.id, first, after: lines.pageInfo.endCursor });
        expect(next.json.data.node.id).toBe(found.id);
        lines = next.json.data.node.refundLineItems;
      }
      read.set(found.id, ids);
    }

    expect(read).toEqual(new Map(refunds.map((refund) => [refund.admin_graphql_api_id, refund.refund_line_items.map((line: Json) => String(line.id))])));
    expect(pages).toBeGreaterThan(refunds.length);
  });

  it('answers null for a refund the shop does not have', async () => {
    const known = refunds[0]!.admin_graphql_api_id;
    const { json } = await graphql(shop, FIRST_PAGES, { ids: ['gid://shopify/Refund/1', known], first: 10 });
    expect(json.data.nodes.map((found: Json | null) => found?.id ?? null)).toEqual([null, known]);
  });

  it('refuses a connection without first, or with more than 250, as a GraphQL error', async () => {
    for (const args of ['', '(first: 251)']) {
      const query = `{ node(id: "${refunds[0]!.admin_graphql_api_id}") { ... on Refund { id refundLineItems${args} { edges { node { id } } } } } }`;

      const { status, json } = await graphql(shop, query);

      expect([status, json.data]).toEqual([200, undefined]);
      expect(json.errors).toHaveLength(1);
      expect(json.errors[0].message).toMatch(/^you must provide one of first or last/);
    }
  });

  it('holds a nodes query’s requested cost, ids × (3 + 7 × first), and refunds what its answer did not use', async () => {
    const domain = 'sim-refund-cost.myshopify.com';
    await createShop(domain, { orders: 120, maximumAvailable: 1000, restoreRate: 0.01 });
    const ids = (await refundsOf(domain)).map((refund) => refund.admin_graphql_api_id);
    const cost = ids.length * (3 + 7 * 10);
    expect(cost).toBeGreaterThan(500);

    const charged = await graphql(domain, FIRST_PAGES, { ids, first: 10 });
    const refused = await graphql(domain, FIRST_PAGES, { ids, first: 20 });

    // What came back: each refund 3 (itself and its connection), each line 1 with its two money
    // sets 4, its location and line item 1 each unless null.
    const lineCost = (line: Json) => 5 + (line.location ? 1 : 0) + (line.lineItem ? 1 : 0);
    const found = charged.json.data.nodes as Json[];
    const actual = found.reduce((sum, refund) => sum + 3 + refund.refundLineItems.edges.reduce((s: number, edge: Json) => s + lineCost(edge.node), 0), 0);
    expect(found).toHaveLength(ids.length);
    expect(actual).toBeLessThan(cost);
    expect(charged.json.extensions.cost).toEqual({
      requestedQueryCost: cost,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 1000 - actual, restoreRate: 0.01 },
    });
    expect([refused.json.data, refused.json.errors[0].extensions.code]).toEqual([undefined, 'THROTTLED']);
    expect(refused.json.extensions.cost).toMatchObject({
      requestedQueryCost: ids.length * (3 + 7 * 20),
      actualQueryCost: null,
      throttleStatus: { currentlyAvailable: 1000 - actual },
    });
    const log = (await call(`/_sim/shops/${domain}/requests`)).json as Json[];
    expect(log.map((r) => [r.operation, r.cost, r.throttled])).toEqual([
      ['nodes', cost, false],
      ['nodes', ids.length * (3 + 7 * 20), true],
    ]);
  });
});

describe('the Admin API front door', () => {
  it('refuses a request without the shop’s access token', async () => {
    await createShop('sim-auth.myshopify.com');
    const answer = await graphql('sim-auth.myshopify.com', SHOP_INFO, {}, 'shpat_wrong');
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
  });

  it('answers the shop query with what shopInfo expects, and unknown fields with undefinedField', async () => {
    await createShop('sim-shop.myshopify.com');
    const shop = await graphql('sim-shop.myshopify.com', SHOP_INFO);
    expect(nodes.shopInfo.safeParse(shop.json.data.shop).success).toBe(true);
    expect(shop.json.extensions.cost).toMatchObject({ requestedQueryCost: 1, actualQueryCost: 1 });

    const unknown = await graphql('sim-shop.myshopify.com', '{ shop { id favouriteColour } }');
    expect(unknown.json.errors[0]).toMatchObject({ message: "Field 'favouriteColour' doesn't exist on type 'Shop'", extensions: { code: 'undefinedField' } });
  });

  it('refuses a query costing more than is available, spending nothing, never going below zero', async () => {
    const shop = 'sim-throttle.myshopify.com';
    await createShop(shop, { maximumAvailable: 25, restoreRate: 0.01, bulkDelayMs: 0 });

    const answers: Json[] = [];
    for (let i = 0; i < 3; i++) answers.push((await graphql(shop, RUN_BULK_QUERY, { query: bulkQuery('collections') })).json);

    expect(answers[0]!.data.bulkOperationRunQuery.bulkOperation).not.toBeNull();
    expect(answers[1]!.data.bulkOperationRunQuery.bulkOperation).not.toBeNull();
    expect(answers[2]!.data).toBeUndefined();
    expect(answers[2]!.errors[0].extensions.code).toBe('THROTTLED');
    const statuses = answers.map((a) => a.extensions.cost.throttleStatus);
    expect(statuses.map((s) => s.currentlyAvailable)).toEqual([15, 5, 5]);
    expect(statuses.every((s) => s.currentlyAvailable >= 0 && s.maximumAvailable === 25)).toBe(true);
    const log = (await call(`/_sim/shops/${shop}/requests`)).json as Json[];
    expect(log.map((r) => [r.operation, r.cost, r.throttled])).toEqual([
      ['bulkOperationRunQuery', 10, false],
      ['bulkOperationRunQuery', 10, false],
      ['bulkOperationRunQuery', 10, true],
    ]);
    expect(log[2]!.availableBefore).toBeLessThan(10);
  });

  it('answers armed faults in turn, then the shop again', async () => {
    const shop = 'sim-faults.myshopify.com';
    await createShop(shop);
    for (const kind of ['http429', 'http503', 'throttled', 'access-denied']) await call(`/_sim/shops/${shop}/faults`, { kind });

    const tooMany = await graphql(shop, SHOP_INFO);
    const unavailable = await graphql(shop, SHOP_INFO);
    const throttled = await graphql(shop, SHOP_INFO);
    const shopInfo = await graphql(shop, SHOP_INFO);
    const denied = await graphql(shop, RUN_BULK_QUERY, { query: bulkQuery('orders') });
    const allowed = await graphql(shop, RUN_BULK_QUERY, { query: bulkQuery('orders') });

    expect([tooMany.status, tooMany.headers.get('retry-after')]).toEqual([429, '1']);
    expect(unavailable.status).toBe(503);
    expect([throttled.status, throttled.json.errors[0].extensions.code]).toEqual([200, 'THROTTLED']);
    expect(shopInfo.json.data.shop.ianaTimezone).toBe('America/New_York');
    expect(denied.json.errors[0]).toMatchObject({
      message: 'Access denied for bulkOperationRunQuery field. Required access: `read_orders` access scope.',
      extensions: { code: 'ACCESS_DENIED' },
    });
    expect(allowed.json.data.bulkOperationRunQuery.bulkOperation.status).toBe('CREATED');
  });
});

describe('webhooks', () => {
  it('replays every record as a valid, signed webhook of its topic', async () => {
    const shop = 'sim-replay.myshopify.com';
    const { counts } = await createShop(shop);
    const { json } = await call(`/_sim/shops/${shop}/scenarios`, { name: 'replay-all', deliver: false, secret: SECRET });
    const deliveries = json.deliveries as Delivery[];

    for (const delivery of deliveries) await expectValidDelivery(delivery);
    const byTopic = (topic: string) => deliveries.filter((d) => d.topic === topic).length;
    expect([byTopic('orders/create'), byTopic('products/create'), byTopic('customers/create'), byTopic('collections/create')]).toEqual([
      counts.orders,
      counts.products,
      counts.customers,
      counts.collections,
    ]);
    expect([byTopic('inventory_items/create'), byTopic('inventory_levels/update'), byTopic('shop/update')]).toEqual([
      counts.inventoryItems,
      counts.inventoryLevels,
      1,
    ]);
    expect([byTopic('draft_orders/create'), byTopic('checkouts/create')]).toEqual([counts.draftOrders, counts.checkouts]);
    expect(byTopic('refunds/create')).toBeGreaterThan(0);
    expect(byTopic('fulfillments/create')).toBeGreaterThan(0);
    expect(byTopic('order_transactions/create')).toBeGreaterThan(counts.orders / 2);
    expect(new Set(deliveries.map((d) => d.headers['x-shopify-webhook-id'])).size).toBe(deliveries.length);
  });

  it('delivers a normal day of valid webhooks, resending duplicates under the same webhook id', async () => {
    const shop = 'sim-day.myshopify.com';
    const receiver = await webhookReceiver();
    await createShop(shop);
    await call(`/_sim/shops/${shop}/webhook-target`, { url: receiver.url, secret: SECRET });

    const { json: report } = await call(`/_sim/shops/${shop}/scenarios`, {
      name: 'normal-day',
      orders: 25,
      duplicates: 0.1,
      reorder: true,
      late: 0.05,
      concurrency: 1,
    });
    await receiver.close();

    expect(report).toMatchObject({ failed: 0, sent: receiver.received.length, accepted: receiver.received.length });
    expect(report.sent).toBe(report.events + report.duplicates);
    expect(report.duplicates).toBeGreaterThan(0);
    for (const delivery of receiver.received) await expectValidDelivery(delivery);
    const ids = receiver.received.map((d) => d.headers['x-shopify-webhook-id']);
    expect(ids.length - new Set(ids).size).toBe(report.duplicates);
    const topics = new Set(receiver.received.map((d) => d.topic));
    for (const topic of [
      'orders/create',
      'orders/paid',
      'fulfillments/create',
      'inventory_levels/update',
      'products/update',
      'customers/update',
      'checkouts/create',
      'checkouts/update',
    ]) {
      expect(topics).toContain(topic);
    }
    const channels = new Set(receiver.received.filter((d) => d.topic === 'orders/create').map((d) => (JSON.parse(d.body) as Json).source_name));
    expect(channels.size).toBeGreaterThan(2);
  });

  it('delivers some older versions of an order after newer ones when asked to reorder', async () => {
    const shop = 'sim-reorder.myshopify.com';
    const receiver = await webhookReceiver();
    await createShop(shop);
    await call(`/_sim/shops/${shop}/webhook-target`, { url: receiver.url, secret: SECRET });

    await call(`/_sim/shops/${shop}/scenarios`, { name: 'normal-day', orders: 25, reorder: true, concurrency: 1 });
    await receiver.close();

    const newest = new Map<string, number>();
    let older = 0;
    for (const delivery of receiver.received.filter((d) => d.topic.startsWith('orders/'))) {
      const order = exact(delivery.body);
      const at = Date.parse(order.updated_at);
      if (at < (newest.get(String(order.id)) ?? 0)) older++;
      newest.set(String(order.id), Math.max(at, newest.get(String(order.id)) ?? 0));
    }
    expect(older).toBeGreaterThan(0);
  });

  it('sends the webhooks of a mutation, each valid', async () => {
    const shop = 'sim-mutations.myshopify.com';
    const receiver = await webhookReceiver();
    await createShop(shop);
    await call(`/_sim/shops/${shop}/webhook-target`, { url: receiver.url, secret: SECRET });

    for (const entity of ['orders', 'products', 'customers', 'collections', 'inventoryItems', 'discounts']) {
      for (const kind of ['create', 'update', 'delete']) {
        const { status, json } = await call(`/_sim/shops/${shop}/mutations`, { kind, entity, count: 1 });
        expect([status, json.ids.length, json.delivered.failed]).toEqual([200, 1, 0]);
      }
    }
    await receiver.close();

    for (const delivery of receiver.received) await expectValidDelivery(delivery);
    const topics = new Set(receiver.received.map((d) => d.topic));
    for (const topic of [
      'orders/create',
      'orders/delete',
      'products/update',
      'products/delete',
      'customers/create',
      'customers/delete',
      'collections/update',
      'inventory_items/update',
      'inventory_items/delete',
      'discounts/create',
      'discounts/update',
      'discounts/delete',
    ]) {
      expect(topics).toContain(topic);
    }
  });
});

describe('one shop, two views', () => {
  const domain = 'sim-views.myshopify.com';
  const bulk = new Map<BulkEntity, Json[]>();
  const rest = new Map<string, Json[]>();
  /** When each delivery was triggered, by topic and the gid of what it is about: the only time a return's webhooks carry. */
  const triggered = new Map<string, number>();
  let refundLines: Map<string, Json[]>;
  let discountCodes: Map<string, Json[]>;

  beforeAll(async () => {
    await createShop(domain, { orders: 150, ianaTimezone: 'Europe/Berlin' });
    for (const entity of BULK_ENTITIES) bulk.set(entity, linesOf((await exportOf(domain, entity)).text));
    refundLines = byParent(await refundLinesOf(domain, bulk.get('orders')!));
    discountCodes = byParent(await discountCodesOf(domain, bulk.get('discounts')!));
    const { json } = await call(`/_sim/shops/${domain}/scenarios`, { name: 'replay-all', deliver: false, secret: SECRET });
    for (const delivery of json.deliveries as Delivery[]) {
      const body = exact(delivery.body);
      rest.set(delivery.topic, [...(rest.get(delivery.topic) ?? []), body]);
      triggered.set(`${delivery.topic} ${body.admin_graphql_api_id}`, Date.parse(delivery.headers['x-shopify-triggered-at']!));
    }
  });

  const byId = (records: Json[]) => new Map(records.map((record) => [String(record.id), record]));
  const children = (entity: BulkEntity, ...types: string[]) => byParent(bulk.get(entity)!.filter((line) => line.__parentId && types.includes(typeOf(line))));
  const roots = (entity: BulkEntity) => bulk.get(entity)!.filter((line) => !line.__parentId);
  const instant = (text: string | null | undefined) => (text ? Date.parse(text) : null);
  const tagList = (tags: string) => (tags ? tags.split(', ') : []);
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  const ref = (node: Json | null) => (node ? nodes.legacyId(node.id) : null);
  const orderGid = (order: Json) => `gid://shopify/Order/${order.id}`;

  it('keeps ids above 2^53 exact in both views', () => {
    const restIds = rest.get('orders/create')!.map((order) => String(order.id));
    const graphIds = roots('orders').map((order) => nodes.legacyId(order.id));
    expect(restIds.sort()).toEqual(graphIds.sort());
    expect(restIds.filter((id) => BigInt(id) > 2n ** 53n).length).toBe(restIds.length);
    for (const order of rest.get('orders/create')!) {
      expect(order.admin_graphql_api_id).toBe(`gid://shopify/Order/${order.id}`);
      for (const line of order.line_items) expect(typeof line.id).toBe('string');
    }
  });

  it('agrees on orders and their lines', () => {
    const graph = byId(roots('orders').map((o) => ({ ...o, id: nodes.legacyId(o.id) })));
    const lines = children('orders', 'LineItem');
    for (const order of rest.get('orders/create')!) {
      const node = graph.get(String(order.id))!;
      const nodeLines = lines.get(`gid://shopify/Order/${order.id}`) ?? [];
      expect({
        name: order.name,
        number: order.order_number,
        email: order.email,
        currency: order.currency,
        presentment: order.presentment_currency,
        subtotal: order.subtotal_price,
        tax: order.total_tax,
        discounts: order.total_discounts,
        total: order.total_price,
        shipping: order.total_shipping_price_set.shop_money.amount,
        gross: cents(order.total_line_items_price),
        financial: order.financial_status,
        fulfillment: order.fulfillment_status,
        source: order.source_name,
        tags: tagList(order.tags),
        test: order.test,
        codes: order.discount_codes.map((d: Json) => d.code),
        times: [order.created_at, order.updated_at, order.processed_at, order.cancelled_at, order.closed_at].map(instant),
        cancelReason: order.cancel_reason,
        customer: order.customer && [String(order.customer.id), order.customer.email, instant(order.customer.updated_at)],
      }).toEqual({
        name: node.name,
        number: node.number,
        email: node.email,
        currency: node.currencyCode,
        presentment: node.presentmentCurrencyCode,
        subtotal: node.subtotalPriceSet.shopMoney.amount,
        tax: node.totalTaxSet.shopMoney.amount,
        discounts: node.totalDiscountsSet.shopMoney.amount,
        total: node.totalPriceSet.shopMoney.amount,
        shipping: node.totalShippingPriceSet.shopMoney.amount,
        gross: nodeLines.reduce((sum, line) => sum + cents(line.originalUnitPriceSet.shopMoney.amount) * line.quantity, 0),
        financial: node.displayFinancialStatus.toLowerCase(),
        fulfillment: { UNFULFILLED: null, PARTIALLY_FULFILLED: 'partial', FULFILLED: 'fulfilled' }[node.displayFulfillmentStatus as string],
        source: node.sourceName,
        tags: node.tags,
        test: node.test,
        codes: node.discountCodes,
        times: [node.createdAt, node.updatedAt, node.processedAt, node.cancelledAt, node.closedAt].map(instant),
        cancelReason: node.cancelReason?.toLowerCase() ?? null,
        customer: node.customer && [nodes.legacyId(node.customer.id), node.customer.email, instant(node.customer.updatedAt)],
      });
      const project = (line: Json) =>
        [line.id, line.product_id, line.variant_id, line.sku, line.title, line.variant_title, line.vendor, line.quantity, line.price, line.total_discount].map(
          (v) => (v === null ? null : String(v)),
        );
      expect(order.line_items.map(project).sort()).toEqual(
        nodeLines
          .map((line) =>
            project({
              id: nodes.legacyId(line.id),
              product_id: ref(line.product),
              variant_id: ref(line.variant),
              sku: line.sku,
              title: line.title,
              variant_title: line.variantTitle,
              vendor: line.vendor,
              quantity: line.quantity,
              price: line.originalUnitPriceSet.shopMoney.amount,
              total_discount: line.totalDiscountSet.shopMoney.amount,
            }),
          )
          .sort(),
      );
    }
  });

  it('agrees on discount applications: type, code or title, value, allocation and target', () => {
    const applications = children('orders', ...DISCOUNT_APPLICATION_TYPES);
    const TYPES: Readonly<Record<string, string>> = {
      DiscountCodeApplication: 'discount_code',
      AutomaticDiscountApplication: 'automatic',
      ManualDiscountApplication: 'manual',
      ScriptDiscountApplication: 'script',
    };
    const project = (a: Json) => [
      a.type,
      a.code ?? null,
      a.title ?? null,
      a.description ?? null,
      Number(a.value),
      a.value_type,
      a.allocation_method,
      a.target_selection,
      a.target_type,
    ];
    const kinds = new Set<string>();
    for (const order of rest.get('orders/create')!) {
      const graph = [...(applications.get(orderGid(order)) ?? [])].sort((a, b) => a.index - b.index);
      // REST's discount_applications are in index order: the position is what allocations name.
      expect(graph.map((node) => node.index)).toEqual(graph.map((_, position) => position));
      expect(order.discount_applications.map(project)).toEqual(
        graph.map((node) =>
          project({
            type: TYPES[node.__typename],
            code: node.code,
            title: node.title,
            description: node.description,
            value: node.value.percentage ?? node.value.amount,
            value_type: node.value.percentage == null ? 'fixed_amount' : 'percentage',
            allocation_method: node.allocationMethod.toLowerCase(),
            target_selection: node.targetSelection.toLowerCase(),
            target_type: node.targetType.toLowerCase(),
          }),
        ),
      );
      for (const application of order.discount_applications) kinds.add(`${application.type} ${application.value_type} ${application.target_type}`);
    }
    expect([...kinds].sort()).toEqual([
      'automatic percentage line_item',
      'discount_code fixed_amount line_item',
      'discount_code percentage line_item',
      'discount_code percentage shipping_line',
    ]);
  });

  it('agrees on what each discount took off each line and shipping line, REST’s total_discount staying 0.00', () => {
    const graph = byId(
      bulk
        .get('orders')!
        .filter((line) => ['LineItem', 'ShippingLine'].includes(typeOf(line)))
        .map((line) => ({ ...line, id: nodes.legacyId(line.id) })),
    );
    const allocated = { line_item: 0, shipping_line: 0 };
    for (const order of rest.get('orders/create')!) {
      for (const [target, lines] of [
        ['line_item', order.line_items],
        ['shipping_line', order.shipping_lines],
      ] as const) {
        for (const line of lines as Json[]) {
          const node = graph.get(String(line.id))!;
          expect(line.discount_allocations.map((a: Json) => [a.amount, a.discount_application_index])).toEqual(
            node.discountAllocations.map((a: Json) => [a.allocatedAmountSet.shopMoney.amount, a.discountApplication.index]),
          );
          // Each allocation names an application that targets what it was taken off.
          for (const allocation of line.discount_allocations)
            expect(order.discount_applications[allocation.discount_application_index].target_type).toBe(target);
          allocated[target] += line.discount_allocations.length;
        }
      }
      for (const line of order.line_items) expect([line.total_discount, line.total_discount_set.shop_money.amount]).toEqual(['0.00', '0.00']);
    }
    expect(allocated.line_item).toBeGreaterThan(0);
    expect(allocated.shipping_line).toBeGreaterThan(0);
  });

  it('agrees on shipping lines, and their price before and after discounts', () => {
    const shipping = children('orders', 'ShippingLine');
    const allocated = (line: Json) => (line.discountAllocations as Json[]).reduce((sum, a) => sum + cents(a.allocatedAmountSet.shopMoney.amount), 0);
    let lines = 0;
    for (const order of rest.get('orders/create')!) {
      expect(order.shipping_lines.map((l: Json) => [String(l.id), l.title, l.code, l.source, cents(l.price), cents(l.discounted_price)])).toEqual(
        (shipping.get(orderGid(order)) ?? []).map((l) => {
          const price = cents(l.originalPriceSet.shopMoney.amount);
          return [nodes.legacyId(l.id), l.title, l.code, l.source, price, price - allocated(l)];
        }),
      );
      lines += order.shipping_lines.length;
    }
    expect(lines).toBeGreaterThan(0);
  });

  it('adds every order’s line and shipping discounts up to its total discounts, in both views', () => {
    const restAllocated = (lines: Json[]) => lines.flatMap((line) => line.discount_allocations as Json[]).reduce((sum, a) => sum + cents(a.amount), 0);
    const graphAllocated = (lines: Json[]) =>
      lines.flatMap((line) => line.discountAllocations as Json[]).reduce((sum, a) => sum + cents(a.allocatedAmountSet.shopMoney.amount), 0);
    const lines = children('orders', 'LineItem');
    const shipping = children('orders', 'ShippingLine');
    const orders = rest.get('orders/create')!;

    for (const order of orders) expect(restAllocated([...order.line_items, ...order.shipping_lines]), order.name).toBe(cents(order.total_discounts));
    for (const order of roots('orders')) {
      expect(graphAllocated([...(lines.get(order.id) ?? []), ...(shipping.get(order.id) ?? [])]), order.name).toBe(
        cents(order.totalDiscountsSet.shopMoney.amount),
      );
    }
    expect(orders.filter((order) => restAllocated(order.line_items) > 0).length).toBeGreaterThan(0);
    expect(orders.filter((order) => restAllocated(order.shipping_lines) > 0).length).toBeGreaterThan(0);
  });

  it('agrees on transactions: kinds, parents, and amounts in the presentment currency', () => {
    const orders = byId(rest.get('orders/create')!);
    const sent = byId(rest.get('order_transactions/create')!);
    const graph = new Map<string, Json>(
      roots('orders').flatMap((o) => (o.transactions as Json[]).map((t): [string, Json] => [nodes.legacyId(t.id), { ...t, orderId: nodes.legacyId(o.id) }])),
    );
    // Payments have no parent; a capture or void names the authorization, a refund the sale or capture it pays back.
    const PARENT_KINDS: Readonly<Record<string, readonly (string | null)[]>> = {
      authorization: [null],
      sale: [null],
      capture: ['authorization'],
      void: ['authorization'],
      refund: ['sale', 'capture'],
    };
    expect([...sent.keys()].sort()).toEqual([...graph.keys()].sort());
    const refunded = new Map<string, number>();
    for (const transaction of sent.values()) {
      const node = graph.get(String(transaction.id))!;
      expect([
        String(transaction.order_id),
        transaction.kind,
        transaction.status,
        transaction.gateway,
        transaction.amount,
        transaction.currency,
        transaction.parent_id === null ? null : String(transaction.parent_id),
        instant(transaction.created_at),
        instant(transaction.processed_at),
        transaction.test,
        transaction.error_code,
      ]).toEqual([
        node.orderId,
        node.kind.toLowerCase(),
        node.status.toLowerCase(),
        node.gateway,
        node.amountSet.presentmentMoney.amount,
        node.amountSet.presentmentMoney.currencyCode,
        ref(node.parentTransaction),
        instant(node.createdAt),
        instant(node.processedAt),
        node.test,
        node.errorCode,
      ]);
      const order = orders.get(String(transaction.order_id))!;
      const parent = transaction.parent_id === null ? null : sent.get(String(transaction.parent_id))!;
      expect(transaction.currency).toBe(order.presentment_currency);
      expect(PARENT_KINDS[transaction.kind], `${transaction.kind} of ${parent?.kind}`).toContain(parent?.kind ?? null);
      if (parent) expect(String(parent.order_id)).toBe(String(order.id));
      if (transaction.kind === 'refund') refunded.set(String(parent!.id), (refunded.get(String(parent!.id)) ?? 0) + cents(transaction.amount));
      // An authorization, a sale or a capture takes the order's total, and a void releases it.
      else expect(transaction.amount).toBe(order.total_price_set.presentment_money.amount);
    }
    for (const [payment, amount] of refunded) expect(amount).toBeLessThanOrEqual(cents(sent.get(payment)!.amount));
    expect(new Set([...sent.values()].map((t) => t.kind))).toEqual(new Set(Object.keys(PARENT_KINDS)));
    expect([...sent.values()].some((t) => t.currency !== orders.get(String(t.order_id))!.currency)).toBe(true);
  });

  it('agrees on refunds, and on their line items as paginated queries read them', () => {
    const refunds = new Map<string, Json>(
      roots('orders').flatMap((o) => (o.refunds as Json[]).map((r): [string, Json] => [nodes.legacyId(r.id), { ...r, orderId: nodes.legacyId(o.id) }])),
    );
    expect(rest.get('refunds/create')!.length).toBe(refunds.size);
    expect([...refundLines.keys()].sort()).toEqual([...refunds.values()].map((refund) => refund.id).sort());
    for (const refund of rest.get('refunds/create')!) {
      const node = refunds.get(String(refund.id))!;
      const refunded = node.totalRefundedSet.presentmentMoney;
      expect([
        String(refund.order_id),
        instant(refund.created_at),
        instant(refund.processed_at),
        refund.note,
        refund.transactions.map((t: Json) => [t.kind, t.status, t.amount, t.currency]),
        refund.order_adjustments,
      ]).toEqual([
        node.orderId,
        instant(node.createdAt),
        instant(node.processedAt),
        node.note,
        [['refund', 'success', refunded.amount, refunded.currencyCode]],
        [],
      ]);
      const project = (l: Json) => [
        String(l.id),
        String(l.line_item_id),
        l.quantity,
        l.restock_type,
        l.location_id === null ? null : String(l.location_id),
        l.subtotal,
        l.total_tax,
        l.subtotal_set.shop_money.amount,
        l.total_tax_set.shop_money.amount,
      ];
      expect(refund.refund_line_items.map(project).sort()).toEqual(
        refundLines
          .get(node.id)!
          .map((l) =>
            project({
              id: nodes.legacyId(l.id),
              line_item_id: ref(l.lineItem),
              quantity: l.quantity,
              restock_type: l.restockType.toLowerCase(),
              location_id: ref(l.location),
              subtotal: Number(l.subtotalSet.shopMoney.amount),
              total_tax: Number(l.totalTaxSet.shopMoney.amount),
              subtotal_set: { shop_money: l.subtotalSet.shopMoney },
              total_tax_set: { shop_money: l.totalTaxSet.shopMoney },
            }),
          )
          .sort(),
      );
    }
  });

  it('agrees on fulfillments, and on their line items as fulfillment orders export them', () => {
    const orderOf = new Map(roots('fulfillmentOrders').map((fulfillmentOrder) => [fulfillmentOrder.id, nodes.legacyId(fulfillmentOrder.orderId)]));
    const fulfillments = new Map<string, Json>(
      [...children('fulfillmentOrders', 'Fulfillment')].flatMap(([parent, lines]) =>
        lines.map((f): [string, Json] => [nodes.legacyId(f.id), { ...f, orderId: orderOf.get(parent) }]),
      ),
    );
    const shipped = children('fulfillmentOrders', 'FulfillmentLineItem');
    expect(rest.get('fulfillments/create')!.length).toBe(fulfillments.size);
    for (const fulfillment of rest.get('fulfillments/create')!) {
      const node = fulfillments.get(String(fulfillment.id))!;
      expect([
        String(fulfillment.order_id),
        fulfillment.name,
        fulfillment.status,
        fulfillment.shipment_status,
        fulfillment.service,
        String(fulfillment.location_id),
        fulfillment.tracking_company,
        fulfillment.tracking_number,
        instant(fulfillment.created_at),
        instant(fulfillment.updated_at),
        // REST names a fulfillment's lines by the order line they ship.
        fulfillment.line_items.map((l: Json) => [String(l.id), l.quantity]).sort(),
      ]).toEqual([
        node.orderId,
        node.name,
        node.status.toLowerCase(),
        node.displayStatus === 'FULFILLED' ? null : node.displayStatus.toLowerCase(),
        node.service.handle,
        ref(node.location),
        node.trackingInfo[0]?.company ?? null,
        node.trackingInfo[0]?.number ?? null,
        instant(node.createdAt),
        instant(node.updatedAt),
        (shipped.get(node.id) ?? []).map((l) => [ref(l.lineItem), l.quantity]).sort(),
      ]);
    }
  });

  it('agrees on fulfillment orders: one per order, each line with what is left to ship, closed once nothing is', () => {
    const fulfillmentOrders = new Map(roots('fulfillmentOrders').map((fulfillmentOrder) => [nodes.legacyId(fulfillmentOrder.orderId), fulfillmentOrder]));
    const lines = children('fulfillmentOrders', 'FulfillmentOrderLineItem');
    const firstLocation = nodes.legacyId(roots('locations')[0]!.id);
    /** Per order, per order line: the quantity the records of `topic` took. */
    const taken = (topic: string, linesKey: string, lineKey: string) => {
      const byOrder = new Map<string, Map<string, number>>();
      for (const record of rest.get(topic)!) {
        const quantities = byOrder.get(String(record.order_id)) ?? new Map<string, number>();
        for (const line of record[linesKey]) quantities.set(String(line[lineKey]), (quantities.get(String(line[lineKey])) ?? 0) + line.quantity);
        byOrder.set(String(record.order_id), quantities);
      }
      return byOrder;
    };
    const shipped = taken('fulfillments/create', 'line_items', 'id');
    const refunded = taken('refunds/create', 'refund_line_items', 'line_item_id');
    const statuses = new Set<string>();
    expect(fulfillmentOrders.size).toBe(rest.get('orders/create')!.length);
    for (const order of rest.get('orders/create')!) {
      const fulfillmentOrder = fulfillmentOrders.get(String(order.id))!;
      const takenOf = (quantities: Map<string, Map<string, number>>, line: Json) => quantities.get(String(order.id))?.get(String(line.id)) ?? 0;
      const left = (line: Json) => Math.max(0, line.quantity - takenOf(shipped, line) - takenOf(refunded, line));
      expect((lines.get(fulfillmentOrder.id) ?? []).map((l) => [ref(l.lineItem), l.totalQuantity, l.remainingQuantity]).sort()).toEqual(
        order.line_items.map((l: Json) => [String(l.id), l.quantity, left(l)]).sort(),
      );
      const status = order.cancelled_at
        ? 'CANCELLED'
        : order.line_items.every((l: Json) => left(l) === 0)
          ? 'CLOSED'
          : order.fulfillments.length
            ? 'IN_PROGRESS'
            : 'OPEN';
      expect([fulfillmentOrder.status, ref(fulfillmentOrder.assignedLocation.location)]).toEqual([
        status,
        String(order.fulfillments[0]?.location_id ?? firstLocation),
      ]);
      statuses.add(status);
    }
    expect([...statuses].sort()).toEqual(['CANCELLED', 'CLOSED', 'IN_PROGRESS', 'OPEN']);
  });

  it('agrees on draft orders and their lines: status, totals, discounts, the order each became', () => {
    const graph = byId(roots('draftOrders').map((d) => ({ ...d, id: nodes.legacyId(d.id) })));
    const lines = children('draftOrders', 'DraftOrderLineItem');
    const drafts = rest.get('draft_orders/create')!;
    const discount = (d: Json | null) => d && [d.amount, d.value_type, d.title];
    const graphDiscount = (d: Json | null) => d && [d.amountSet.shopMoney.amount, d.valueType.toLowerCase(), d.title];
    expect(drafts.map((draft) => String(draft.id)).sort()).toEqual([...graph.keys()].sort());
    for (const draft of drafts) {
      const node = graph.get(String(draft.id))!;
      expect({
        name: draft.name,
        status: draft.status,
        email: draft.email,
        customer: draft.customer && [String(draft.customer.id), draft.customer.email],
        currency: draft.currency,
        totals: [draft.subtotal_price, draft.total_tax, draft.total_price],
        discount: discount(draft.applied_discount),
        order: draft.order_id === null ? null : String(draft.order_id),
        times: [draft.created_at, draft.updated_at, draft.completed_at, draft.invoice_sent_at].map(instant),
      }).toEqual({
        name: node.name,
        status: node.status.toLowerCase(),
        email: node.email,
        customer: node.customer && [nodes.legacyId(node.customer.id), node.customer.email],
        currency: node.currencyCode,
        totals: [node.subtotalPriceSet.shopMoney.amount, node.totalTaxSet.shopMoney.amount, node.totalPriceSet.shopMoney.amount],
        discount: graphDiscount(node.appliedDiscount),
        order: ref(node.order),
        times: [node.createdAt, node.updatedAt, node.completedAt, node.invoiceSentAt].map(instant),
      });
      const project = (line: Json) =>
        [
          line.id,
          line.product_id,
          line.variant_id,
          line.sku,
          line.title,
          line.variant_title,
          line.vendor,
          line.quantity,
          line.price,
          line.custom,
          JSON.stringify(line.discount),
        ].map((v) => (v === null ? null : String(v)));
      expect(draft.line_items.map((line: Json) => project({ ...line, discount: discount(line.applied_discount) })).sort()).toEqual(
        (lines.get(`gid://shopify/DraftOrder/${draft.id}`) ?? [])
          .map((line) =>
            project({
              id: nodes.legacyId(line.id),
              product_id: ref(line.product),
              variant_id: ref(line.variant),
              sku: line.sku,
              title: line.title,
              variant_title: line.variantTitle,
              vendor: line.vendor,
              quantity: line.quantity,
              price: line.originalUnitPriceSet.shopMoney.amount,
              custom: line.custom,
              discount: graphDiscount(line.appliedDiscount),
            }),
          )
          .sort(),
      );
    }
    expect(new Set(drafts.map((draft) => draft.status))).toEqual(new Set(['open', 'invoice_sent', 'completed']));
    expect(drafts.filter((draft) => draft.applied_discount).length).toBeGreaterThan(0);
    expect(drafts.filter((draft) => draft.line_items.some((line: Json) => line.applied_discount)).length).toBeGreaterThan(0);
  });

  it('agrees on the checkouts listed as abandoned: name, customer, amounts in the presentment currency, line quantities', () => {
    const listed = byId(roots('abandonedCheckouts').map((c) => ({ ...c, id: nodes.legacyId(c.id) })));
    const lines = children('abandonedCheckouts', 'AbandonedCheckoutLineItem');
    const checkouts = rest.get('checkouts/create')!.filter((checkout) => listed.has(String(checkout.id)));
    expect(checkouts).toHaveLength(listed.size);
    for (const checkout of checkouts) {
      const node = listed.get(String(checkout.id))!;
      const shown = (bag: Json) => bag.presentmentMoney.amount;
      expect({
        name: checkout.name,
        customer: checkout.customer && [String(checkout.customer.id), checkout.customer.email],
        currencies: [checkout.currency, checkout.presentment_currency],
        totals: [checkout.subtotal_price, checkout.total_line_items_price, checkout.total_discounts, checkout.total_tax, checkout.total_price],
        codes: checkout.discount_codes.map((d: Json) => d.code),
        times: [checkout.created_at, checkout.updated_at, checkout.completed_at].map(instant),
        quantities: checkout.line_items.map((line: Json) => line.quantity).sort(),
      }).toEqual({
        name: node.name,
        customer: node.customer && [nodes.legacyId(node.customer.id), node.customer.email],
        currencies: [node.totalPriceSet.shopMoney.currencyCode, node.totalPriceSet.presentmentMoney.currencyCode],
        totals: [
          shown(node.subtotalPriceSet),
          shown(node.totalLineItemsPriceSet),
          shown(node.totalDiscountSet),
          shown(node.totalTaxSet),
          shown(node.totalPriceSet),
        ],
        codes: node.discountCodes,
        times: [node.createdAt, node.updatedAt, node.completedAt].map(instant),
        quantities: (lines.get(`gid://shopify/AbandonedCheckout/${checkout.id}`) ?? []).map((line) => line.quantity).sort(),
      });
    }
    expect(checkouts.some((checkout) => checkout.presentment_currency !== checkout.currency)).toBe(true);
    expect(checkouts.some((checkout) => checkout.completed_at)).toBe(true);
  });

  it('agrees on returns: their webhooks, each when it happened, and the returns export of their orders', () => {
    const returns = children('returns', 'Return');
    const lines = children('returns', 'ReturnLineItem');
    const requested = byId(rest.get('returns/request')!);
    const when = (topic: string, node: Json) => triggered.get(`${topic} ${node.id}`) ?? null;
    const statuses = new Set<string>();
    let count = 0;
    for (const [orderGid, nodesOfOrder] of returns) {
      for (const node of nodesOfOrder) {
        count++;
        const request = requested.get(nodes.legacyId(node.id))!;
        const last = ['returns/close', 'returns/decline', 'returns/approve', 'returns/request'].find((topic) => when(topic, node) !== null)!;
        const lastBody = rest.get(last)!.find((body) => body.admin_graphql_api_id === node.id)!;
        expect([
          request.order.admin_graphql_api_id,
          request.name,
          lastBody.status,
          when('returns/request', node),
          when('returns/approve', node),
          when('returns/close', node),
          rest.get('returns/decline')!.find((body) => body.admin_graphql_api_id === node.id)?.decline.reason ?? null,
          request.return_line_items.map((l: Json) => [String(l.id), String(l.fulfillment_line_item.line_item.id), l.quantity, l.return_reason]),
          request.total_return_line_items,
        ]).toEqual([
          orderGid,
          node.name,
          node.status.toLowerCase(),
          instant(node.createdAt),
          instant(node.requestApprovedAt),
          instant(node.closedAt),
          node.decline?.reason.toLowerCase() ?? null,
          (lines.get(node.id) ?? []).map((l) => [nodes.legacyId(l.id), ref(l.fulfillmentLineItem.lineItem), l.quantity, l.returnReason.toLowerCase()]),
          (lines.get(node.id) ?? []).length,
        ]);
        expect(node.totalQuantity).toBe((lines.get(node.id) ?? []).reduce((sum, l) => sum + l.quantity, 0));
        statuses.add(node.status);
      }
    }
    expect(count).toBe(rest.get('returns/request')!.length);
    expect([...statuses].sort()).toEqual(['CLOSED', 'DECLINED', 'OPEN', 'REQUESTED']);
  });

  it('agrees on discounts, whose codes and titles are what the orders’ discount applications name', () => {
    const graph = new Map(roots('discounts').map((node) => [node.id as string, node]));
    expect(
      rest
        .get('discounts/create')!
        .map((d) => d.admin_graphql_api_id)
        .sort(),
    ).toEqual([...graph.keys()].sort());
    for (const discount of rest.get('discounts/create')!) {
      const node = graph.get(discount.admin_graphql_api_id)!;
      expect([discount.title, discount.status, instant(discount.created_at), instant(discount.updated_at)]).toEqual([
        node.discount.title,
        node.discount.status,
        instant(node.discount.createdAt),
        instant(node.discount.updatedAt),
      ]);
    }
    const codeOwners = new Map([...discountCodes].flatMap(([owner, codes]) => codes.map((code) => [code.code as string, owner] as const)));
    const automaticTitles = new Set(
      roots('discounts')
        .filter((node) => nodes.parseGid(node.id).type === 'DiscountAutomaticNode')
        .map((node) => node.discount.title),
    );
    const applied = rest.get('orders/create')!.flatMap((order) => order.discount_applications as Json[]);
    const codes = applied.filter((a) => a.type === 'discount_code');
    const automatic = applied.filter((a) => a.type === 'automatic');
    expect(codes.length).toBeGreaterThan(0);
    expect(automatic.length).toBeGreaterThan(0);
    for (const application of codes) expect(codeOwners.has(application.code), application.code).toBe(true);
    for (const application of automatic) expect(automaticTitles.has(application.title), application.title).toBe(true);
    // Each discount's usage is the number of orders that applied it; each code's, of those that applied that code.
    for (const [owner, codesOfOwner] of discountCodes) {
      const used = codesOfOwner.map((code) => code.asyncUsageCount as number);
      expect(graph.get(owner)!.discount.asyncUsageCount).toBe(used.reduce((sum, n) => sum + n, 0));
      expect(graph.get(owner)!.discount.codesCount).toEqual({ count: codesOfOwner.length, precision: 'EXACT' });
      for (const code of codesOfOwner) expect(code.asyncUsageCount).toBe(codes.filter((a) => a.code === code.code).length);
    }
  });

  it('agrees on customers, collections and inventory items', () => {
    const customers = byId(roots('customers').map((c) => ({ ...c, id: nodes.legacyId(c.id) })));
    for (const customer of rest.get('customers/create')!) {
      const node = customers.get(String(customer.id))!;
      expect('currency' in customer).toBe(false);
      expect([
        customer.email,
        customer.state,
        customer.verified_email,
        tagList(customer.tags),
        instant(customer.created_at),
        instant(customer.updated_at),
        customer.default_address && [
          customer.default_address.city,
          customer.default_address.province,
          customer.default_address.country,
          customer.default_address.country_code,
        ],
      ]).toEqual([
        node.email,
        node.state.toLowerCase(),
        node.verifiedEmail,
        node.tags,
        instant(node.createdAt),
        instant(node.updatedAt),
        node.defaultAddress && [node.defaultAddress.city, node.defaultAddress.province, node.defaultAddress.country, node.defaultAddress.countryCodeV2],
      ]);
    }
    const collections = byId(roots('collections').map((c) => ({ ...c, id: nodes.legacyId(c.id) })));
    for (const collection of rest.get('collections/create')!) {
      const node = collections.get(String(collection.id))!;
      expect('published_at' in collection).toBe(false);
      expect([collection.handle, collection.title, collection.sort_order, instant(collection.updated_at), Array.isArray(collection.rules)]).toEqual([
        node.handle,
        node.title,
        node.sortOrder.toLowerCase().replaceAll('_', '-'),
        instant(node.updatedAt),
        node.ruleSet !== null,
      ]);
    }
    const items = byId(roots('inventoryItems').map((i) => ({ ...i, id: nodes.legacyId(i.id) })));
    for (const item of rest.get('inventory_items/create')!) {
      const node = items.get(String(item.id))!;
      expect([
        item.sku,
        item.cost,
        item.tracked,
        item.requires_shipping,
        item.country_code_of_origin,
        instant(item.created_at),
        instant(item.updated_at),
      ]).toEqual([
        node.sku,
        node.unitCost?.amount ?? null,
        node.tracked,
        node.requiresShipping,
        node.countryCodeOfOrigin,
        instant(node.createdAt),
        instant(node.updatedAt),
      ]);
    }
  });

  it('agrees on products, variants and images', () => {
    const products = byId(roots('products').map((p) => ({ ...p, id: nodes.legacyId(p.id) })));
    const variants = children('products', 'ProductVariant');
    const media = children('products', 'MediaImage');
    for (const product of rest.get('products/create')!) {
      const node = products.get(String(product.id))!;
      const gidOf = `gid://shopify/Product/${product.id}`;
      expect([
        product.title,
        product.handle,
        product.vendor,
        product.product_type,
        product.status,
        tagList(product.tags),
        ...[product.published_at, product.created_at, product.updated_at].map(instant),
        product.image?.src ?? null,
      ]).toEqual([
        node.title,
        node.handle,
        node.vendor,
        node.productType,
        node.status.toLowerCase(),
        node.tags,
        ...[node.publishedAt, node.createdAt, node.updatedAt].map(instant),
        node.featuredMedia?.preview.image.url ?? null,
      ]);
      const projectVariant = (v: Json) => [
        String(v.id),
        String(v.product_id),
        v.title,
        v.sku,
        v.barcode,
        v.price,
        v.compare_at_price,
        v.position,
        v.option1,
        v.option2,
        v.option3,
        String(v.inventory_item_id),
        v.inventory_quantity,
        v.taxable,
        instant(v.created_at),
        instant(v.updated_at),
      ];
      expect(product.variants.map(projectVariant).sort()).toEqual(
        (variants.get(gidOf) ?? [])
          .map((v) =>
            projectVariant({
              id: nodes.legacyId(v.id),
              product_id: product.id,
              title: v.title,
              sku: v.sku,
              barcode: v.barcode,
              price: v.price,
              compare_at_price: v.compareAtPrice,
              position: v.position,
              option1: v.selectedOptions[0]?.value ?? null,
              option2: v.selectedOptions[1]?.value ?? null,
              option3: v.selectedOptions[2]?.value ?? null,
              inventory_item_id: ref(v.inventoryItem),
              inventory_quantity: v.inventoryQuantity,
              taxable: v.taxable,
              created_at: v.createdAt,
              updated_at: v.updatedAt,
            }),
          )
          .sort(),
      );
      expect(product.images.map((i: Json) => [String(i.id), i.src]).sort()).toEqual(
        (media.get(gidOf) ?? []).map((m) => [nodes.legacyId(m.id), m.preview.image.url]).sort(),
      );
    }
  });

  it('agrees on inventory levels and the shop', async () => {
    const levels = new Map(
      bulk
        .get('locations')!
        .filter((l) => l.__parentId)
        .map((l) => [`${ref(l.item)}@${nodes.legacyId(l.__parentId)}`, l] as const),
    );
    expect(rest.get('inventory_levels/update')!.length).toBe(levels.size);
    for (const level of rest.get('inventory_levels/update')!) {
      const node = levels.get(`${level.inventory_item_id}@${level.location_id}`)!;
      expect([level.available, instant(level.updated_at)]).toEqual([
        node.quantities.find((q: Json) => q.name === 'available').quantity,
        instant(node.updatedAt),
      ]);
      expect(level.updated_at).toMatch(/[+-]0[12]:00$/);
    }
    const [shop] = rest.get('shop/update')!;
    const { json } = await graphql(domain, SHOP_INFO);
    const info = json.data.shop;
    expect([
      String(shop!.id),
      shop!.name,
      shop!.email,
      shop!.currency,
      shop!.country_code,
      shop!.iana_timezone,
      shop!.plan_display_name,
      instant(shop!.updated_at),
    ]).toEqual([
      nodes.legacyId(info.id),
      info.name,
      info.email,
      info.currencyCode,
      info.billingAddress.countryCodeV2,
      info.ianaTimezone,
      info.plan.displayName,
      instant(info.updatedAt),
    ]);
  });
});
