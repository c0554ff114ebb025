/** One simulated shop: its model, and everything the simulator tracks about talking to it. */
import { z } from 'zod';
import { ENTITY_SCOPES } from './access-scopes';
import { type App, LEGACY_CLIENT_ID } from './apps';
import { isAbandoned } from './checkouts';
import { Faults } from './faults';
import { DEFAULT_UNTIL, generateShop, type ShopSpec } from './generate';
import { ShopAuth } from './installations';
import { collectionProducts, type ShopModel } from './model';
import { CostBucket } from './throttle';
import { assertTimeZone } from './time';
import { WEBHOOK_API_VERSION, type WebhookTarget } from './webhooks';

export interface SimulatorDefaults {
  accessToken: string;
  bulkDelayMs: number;
  restoreRate: number;
  maximumAvailable: number;
}

const validTimeZone = (zone: string) => {
  try {
    assertTimeZone(zone);
    return true;
  } catch {
    return false;
  }
};

export const shopRequest = z.object({
  domain: z.string().regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/i, 'expected a shop domain such as wharf-demo.myshopify.com'),
  seed: z.number().int(),
  orders: z.number().int().min(0).max(5_000_000).default(50),
  products: z.number().int().min(0).max(500_000).default(20),
  customers: z.number().int().min(0).max(5_000_000).default(30),
  collections: z.number().int().min(0).max(100_000).optional(),
  locations: z.number().int().min(1).max(100).default(2),
  ianaTimezone: z.string().refine(validTimeZone, 'unknown IANA time zone').default('America/New_York'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  /** Generated history ends here (ISO 8601). */
  until: z.iso.datetime({ offset: true }).optional(),
  accessToken: z.string().min(1).optional(),
  /** The legacy custom app's API secret key: without it, that app's token cannot manage webhook subscriptions. */
  apiSecretKey: z.string().min(1).optional(),
  /** The organization owning the shop: apps of the same organization may use the client credentials grant on it. */
  organization: z.string().min(1).optional(),
  bulkDelayMs: z.number().int().min(0).max(600_000).optional(),
  restoreRate: z.number().min(0).max(100_000).optional(),
  maximumAvailable: z.number().positive().max(1_000_000).optional(),
});
export type ShopRequest = z.infer<typeof shopRequest>;

export interface RequestLogEntry {
  at: string;
  operation: string;
  /** The Admin API version in the path; null for the unversioned OAuth endpoints. */
  apiVersion: string | null;
  /** The requested cost, which the bucket had to hold. */
  cost: number;
  /** What the answer cost once it ran (the rest was refunded); absent for a request that did not run. */
  actualCost?: number;
  availableBefore: number;
  throttled: boolean;
  status: number;
  /** The armed fault that answered the request, if one did. */
  fault?: string;
  /** For OAuth requests: the app, and the grant or the error. */
  clientId?: string;
  detail?: string;
}

const MAX_LOGGED_REQUESTS = 10_000;

export interface ShopCounts {
  orders: number;
  lineItems: number;
  products: number;
  variants: number;
  customers: number;
  collections: number;
  /** Products in collections, summed over the collections. */
  collectionProducts: number;
  inventoryItems: number;
  locations: number;
  inventoryLevels: number;
  draftOrders: number;
  draftOrderLines: number;
  /** Every checkout: those its webhooks carry. */
  checkouts: number;
  /** The checkouts Shopify lists as abandoned now, as a resync exports them: left incomplete for ten minutes, completed or not since. */
  abandonedCheckouts: number;
  returns: number;
  returnLines: number;
  discounts: number;
  discountCodes: number;
  /** Lines of a full resync: every entity exported with Wharf's bulk queries, its refunds' line items and its discounts' codes. */
  jsonlLines: number;
}

export class SimulatedShop {
  readonly model: ShopModel;
  readonly bucket: CostBucket;
  readonly faults = new Faults();
  readonly requests: RequestLogEntry[] = [];
  readonly accessToken: string;
  readonly bulkDelayMs: number;
  readonly organization: string | null;
  /** The apps installed on the shop, the preset token's legacy custom app among them, and their tokens. */
  readonly auth: ShopAuth;
  /** The app-configuration (shopify.app.toml-like) subscription: every topic, to one URL. */
  target: WebhookTarget | null = null;
  /** The latest instant the shop has reported (a change, or a bulk query's start). */
  horizon = 0;
  mutations = 0;
  scenarios = 0;

  constructor(request: ShopRequest, defaults: SimulatorDefaults) {
    const spec: ShopSpec = {
      domain: request.domain,
      seed: request.seed,
      orders: request.orders,
      products: request.products,
      customers: request.customers,
      collections: request.collections ?? Math.max(2, Math.round(request.products / 4)),
      locations: request.locations,
      ianaTimezone: request.ianaTimezone,
      currency: request.currency,
      until: request.until ? Date.parse(request.until) : DEFAULT_UNTIL,
    };
    this.model = generateShop(spec);
    this.accessToken = request.accessToken ?? defaults.accessToken;
    this.bulkDelayMs = request.bulkDelayMs ?? defaults.bulkDelayMs;
    this.bucket = new CostBucket(request.maximumAvailable ?? defaults.maximumAvailable, request.restoreRate ?? defaults.restoreRate);
    this.horizon = Math.min(spec.until, Date.now());
    this.organization = request.organization ?? null;
    const legacyApp: App = {
      clientId: LEGACY_CLIENT_ID,
      clientSecret: request.apiSecretKey ?? null,
      redirectUrls: [],
      scopes: [...new Set(Object.values(ENTITY_SCOPES))],
      webhooksApiVersion: WEBHOOK_API_VERSION,
      organization: null,
      legacy: true,
    };
    const owner = {
      id: Number(BigInt(this.model.info.id) % 1_000_000_000n),
      first_name: 'Shop',
      last_name: 'Owner',
      email: this.model.info.email,
      email_verified: true,
      account_owner: true,
      locale: 'en',
      collaborator: false,
    };
    this.auth = new ShopAuth(legacyApp, this.accessToken, owner, Date.now());
  }

  get domain(): string {
    return this.model.domain;
  }

  log(entry: Omit<RequestLogEntry, 'at'>): void {
    this.requests.push({ at: new Date().toISOString(), ...entry });
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.splice(0, this.requests.length - MAX_LOGGED_REQUESTS);
  }

  reported(at: number): void {
    this.horizon = Math.max(this.horizon, at);
  }

  counts(): ShopCounts {
    const m = this.model;
    let lineItems = 0;
    let orderChildren = 0;
    // One fulfillment order per order, holding every line, the order's fulfillments and their lines.
    let fulfillmentOrderLines = 0;
    let returns = 0;
    let returnLines = 0;
    for (const order of m.orders.values()) {
      returns += order.returns.length;
      for (const made of order.returns) returnLines += made.lines.length;
      lineItems += order.lineItems.length;
      orderChildren += order.shippingLines.length + order.discountApplications.length;
      for (const refund of order.refunds) orderChildren += refund.lines.length + refund.shipping.length;
      fulfillmentOrderLines += 1 + order.lineItems.length;
      for (const fulfillment of order.fulfillments) fulfillmentOrderLines += 1 + fulfillment.lines.length;
    }
    let variants = 0;
    let productChildren = 0;
    for (const product of m.products.values()) {
      variants += product.variants.length;
      // Each image a product has, once under the product and once under each variant it shows.
      productChildren += product.media.reduce((lines, image) => lines + 1 + image.variantIds.length, 0) + product.metafields.length;
    }
    let members = 0;
    for (const collection of m.collections.values()) members += collectionProducts(collection, m.products.values()).length;
    let inventoryLevels = 0;
    for (const item of m.inventoryItems.values()) inventoryLevels += item.levels.length;
    let draftOrderLines = 0;
    for (const draft of m.draftOrders.values()) draftOrderLines += draft.lines.length;
    let abandonedCheckouts = 0;
    let abandonedCheckoutLines = 0;
    const now = Date.now();
    for (const checkout of m.checkouts.values()) {
      if (!isAbandoned(checkout, now)) continue;
      abandonedCheckouts++;
      abandonedCheckoutLines += checkout.lines.length;
    }
    let discountCodes = 0;
    for (const discount of m.discounts.values()) discountCodes += discount.codes.length;
    const counts = {
      orders: m.orders.size,
      lineItems,
      products: m.products.size,
      variants,
      customers: m.customers.size,
      collections: m.collections.size,
      collectionProducts: members,
      inventoryItems: m.inventoryItems.size,
      locations: m.locations.size,
      inventoryLevels,
      draftOrders: m.draftOrders.size,
      draftOrderLines,
      checkouts: m.checkouts.size,
      abandonedCheckouts,
      returns,
      returnLines,
      discounts: m.discounts.size,
      discountCodes,
    };
    // The returns export has a line for every order (its root), and one for each of their returns and return lines.
    const returnsExport = counts.orders + returns + returnLines;
    const jsonlLines =
      counts.orders +
      lineItems +
      orderChildren +
      counts.products +
      variants +
      productChildren +
      counts.collections +
      counts.customers +
      counts.inventoryItems +
      counts.locations +
      inventoryLevels +
      fulfillmentOrderLines +
      members +
      counts.draftOrders +
      draftOrderLines +
      abandonedCheckouts +
      abandonedCheckoutLines +
      returnsExport +
      counts.discounts +
      discountCodes;
    return { ...counts, jsonlLines };
  }
}
