/**
 * Scenarios: a stretch of a shop's life, applied to the model and delivered as webhooks, with
 * the delivery faults Shopify is known for (duplicates, reordering, late deliveries) on request.
 *
 * A scenario's events are laid over the recent past, never before anything the shop has already
 * reported (its latest change or bulk query), so that an incremental resync run after an earlier
 * one finds them. The same seed gives the same events, ids and bodies but for the timestamps.
 */
import { z } from 'zod';
import { ShopChanges } from './changes';
import { type ShopEvent, toDelivery } from './events';
import { draftOrder, guestEmail, type OrderDraft } from './generate';
import type { Customer, Order, Product, ShopModel } from './model';
import { Random, seedFrom } from './random';
import { replayEvents } from './replay';
import { MINUTE, SECOND, wholeSeconds } from './time';
import { DISCOUNT_CODES } from './vocabulary';
import type { Delivery } from './webhooks';

export const SCENARIOS = ['normal-day', 'flash-sale', 'fraud-attack', 'promotion-blast', 'replay-all'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const scenarioRequest = z.object({
  name: z.enum(SCENARIOS),
  seed: z.number().int().optional(),
  /** New orders to place (each scenario has its own default). */
  orders: z.number().int().positive().max(100_000).optional(),
  duplicates: z.number().min(0).max(1).default(0),
  reorder: z.boolean().default(false),
  late: z.number().min(0).max(1).default(0),
  concurrency: z.number().int().positive().max(256).default(8),
});
export type ScenarioRequest = z.infer<typeof scenarioRequest>;

const DEFAULT_ORDERS: Readonly<Record<Exclude<ScenarioName, 'replay-all'>, number>> = {
  'normal-day': 40,
  'flash-sale': 120,
  'fraud-attack': 30,
  'promotion-blast': 80,
};

/** How far back a scenario's first event may lie. */
const SPANS: Readonly<Record<Exclude<ScenarioName, 'replay-all'>, number>> = {
  'normal-day': 60 * MINUTE,
  'flash-sale': 5 * MINUTE,
  'fraud-attack': 20 * MINUTE,
  'promotion-blast': 30 * MINUTE,
};

interface Action {
  key: number;
  run: () => void;
}

/** One order's life as a chain of actions; each step sees the order as the previous step left it. */
class OrderChain {
  order: Order | null = null;
  constructor(
    readonly actions: Action[],
    readonly rng: Random,
    private key: number,
  ) {}

  after(delay: number, step: (order: Order) => Order | undefined): this {
    this.key += delay;
    this.actions.push({
      key: this.key,
      run: () => {
        if (this.order) this.order = step(this.order) ?? this.order;
      },
    });
    return this;
  }

  start(place: () => Order): this {
    this.actions.push({
      key: this.key,
      run: () => {
        this.order = place();
      },
    });
    return this;
  }
}

function activeProducts(model: ShopModel): Product[] {
  const active = [...model.products.values()].filter((product) => product.status === 'ACTIVE');
  return active.length > 0 ? active : [...model.products.values()];
}

function planScenario(name: Exclude<ScenarioName, 'replay-all'>, changes: ShopChanges, orders: number): Action[] {
  const { model, rng } = changes;
  const actions: Action[] = [];
  const customers = [...model.customers.values()];
  const products = activeProducts(model);
  const gap = () => rng.next() * Math.max(2, orders / 4);
  const chain = (i: number) => new OrderChain(actions, rng, i + rng.next());
  const sometime = (run: () => void) => actions.push({ key: rng.next() * orders, run });

  if (name === 'normal-day') {
    for (let i = 0; i < orders; i++) {
      const c = chain(i).start(() => {
        const draft = draftOrder(rng, customers);
        if (!draft.customer && draft.guestEmail && rng.chance(0.4)) draft.customer = changes.createCustomer();
        const order = changes.placeOrder(draft, products);
        changes.sellFromStock(order);
        return order.sourceName === 'pos' ? changes.fulfill(order, { displayStatus: 'FULFILLED', tracked: false }) : order;
      });
      const roll = rng.next();
      if (roll < 0.03) c.after(gap(), (order) => changes.cancel(order, 'CUSTOMER'));
      else {
        c.after(gap(), (order) => (order.financialStatus === 'PAID' ? order : rng.chance(0.8) ? changes.pay(order) : order));
        if (rng.chance(0.55)) {
          c.after(gap(), (order) => (order.financialStatus === 'PAID' ? changes.fulfill(order, { partial: rng.chance(0.1) }) : order));
          if (rng.chance(0.5)) c.after(gap(), (order) => changes.advanceShipment(order, 'DELIVERED'));
        }
        if (rng.chance(0.06)) c.after(gap(), (order) => (order.financialStatus === 'PAID' ? changes.refund(order) : order));
        if (rng.chance(0.1)) c.after(gap(), (order) => changes.tagOrder(order));
      }
    }
    const history = [...model.orders.values()];
    for (let i = 0; i < Math.ceil(orders / 10); i++) {
      if (products.length) sometime(() => changes.updateProduct(model.products.get(rng.pick(products).id) ?? rng.pick(products)));
      if (customers.length) sometime(() => changes.updateCustomer(model.customers.get(rng.pick(customers).id) ?? rng.pick(customers)));
    }
    for (let i = 0; i < Math.ceil(orders / 15) && history.length; i++) {
      const id = rng.pick(history).id;
      sometime(() => {
        const order = model.orders.get(id);
        if (order) changes.tagOrder(order);
      });
    }
    for (let i = 0; i < Math.ceil(orders / 20); i++) {
      const items = [...model.inventoryItems.keys()];
      if (items.length) {
        const id = rng.pick(items);
        sometime(() => {
          const item = model.inventoryItems.get(id);
          if (item) changes.updateInventoryItem(item);
        });
      }
    }
    return actions;
  }

  if (name === 'flash-sale') {
    const onSale = products.slice(0, 3);
    // The sale opens: prices drop on the featured products.
    for (const product of onSale) actions.push({ key: -1, run: () => void changes.updateProduct(model.products.get(product.id) ?? product) });
    for (let i = 0; i < orders; i++) {
      chain(i)
        .start(() => {
          const draft: OrderDraft = {
            ...draftOrder(rng, customers),
            sourceName: rng.weighted([
              ['web', 70],
              ['iphone', 10],
              ['android', 8],
              ['instagram', 7],
              ['tiktok', 5],
            ] as const),
            discount: null,
          };
          const current = onSale.map((product) => model.products.get(product.id) ?? product);
          const order = changes.placeOrder(draft, current, rng.between(1, 2));
          changes.sellFromStock(order);
          return order.financialStatus === 'PAID' ? order : changes.pay(order);
        })
        .after(gap() * 2, (order) => (rng.chance(0.2) ? changes.fulfill(order) : order));
    }
    return actions;
  }

  if (name === 'fraud-attack') {
    // A handful of identities and cards behind every order.
    const emails = Array.from({ length: 3 }, () => guestEmail(rng));
    const fraudsters: Customer[] = [];
    actions.push({ key: -1, run: () => void fraudsters.push(changes.createCustomer(), changes.createCustomer()) });
    const expensive = [...products].sort((a, b) => (b.variants[0]?.price ?? 0) - (a.variants[0]?.price ?? 0)).slice(0, 5);
    for (let i = 0; i < orders; i++) {
      const c = chain(i).start(() => {
        const customer = rng.chance(0.5) && fraudsters.length ? rng.pick(fraudsters) : null;
        const draft: OrderDraft = { customer, guestEmail: rng.pick(emails), sourceName: 'web', discount: null };
        return changes.tagOrder(changes.placeOrder(draft, expensive, rng.between(3, 5)), 'fraud-review');
      });
      const roll = rng.next();
      if (roll < 0.6) c.after(gap(), (order) => changes.cancel(order, 'FRAUD'));
      else if (roll < 0.8) c.after(gap(), (order) => (order.financialStatus === 'PAID' ? changes.refund(order) : changes.cancel(order, 'DECLINED')));
    }
    return actions;
  }

  // promotion-blast: a code in every inbox; most orders use one.
  const codes = [{ code: 'BLAST30', type: 'percentage', value: 30 } as const, ...DISCOUNT_CODES];
  actions.push({ key: -1, run: () => void changes.createCollection() });
  for (const product of products.slice(0, 5)) actions.push({ key: -1, run: () => void changes.updateProduct(model.products.get(product.id) ?? product) });
  for (let i = 0; i < orders; i++) {
    chain(i)
      .start(() => {
        const draft: OrderDraft = { ...draftOrder(rng, customers), discount: rng.chance(0.85) ? rng.pick(codes) : null };
        const order = changes.placeOrder(draft, products);
        changes.sellFromStock(order);
        return order;
      })
      .after(gap(), (order) => (order.financialStatus === 'PAID' && rng.chance(0.5) ? changes.fulfill(order) : order));
  }
  return actions;
}

/**
 * Runs the actions in time order, spread over [start, end]: each action's key maps linearly to
 * an instant, and its changes are stamped then.
 */
function runActions(changes: ShopChanges, actions: Action[], start: number, end: number): void {
  actions.sort((a, b) => a.key - b.key);
  const first = actions[0]?.key ?? 0;
  const range = Math.max(1e-9, (actions[actions.length - 1]?.key ?? 0) - first);
  for (const action of actions) {
    changes.at = wholeSeconds(start + ((action.key - first) / range) * (end - start));
    action.run();
  }
}

export interface PlannedScenario {
  deliveries: Iterable<Delivery>;
  events: number;
  duplicates: number;
  /** Answer only once the clock has passed this (some stamps may lie a little ahead of now). */
  settlesAt: number;
}

/** Swaps the last two deliveries of some records, so that an older version arrives last. */
function reorder(deliveries: Delivery[], rng: Random): void {
  const positions = new Map<string, number[]>();
  deliveries.forEach((delivery, index) => {
    if (delivery.resource && delivery.topic !== 'orders/delete') positions.set(delivery.resource, [...(positions.get(delivery.resource) ?? []), index]);
  });
  for (const indexes of positions.values()) {
    const b = indexes[indexes.length - 1]!;
    // The latest version older than the last one (several topics often carry the same version).
    const a = indexes.findLast((index) => deliveries[index]!.triggeredAt < deliveries[b]!.triggeredAt);
    if (a === undefined || !rng.chance(0.3)) continue;
    [deliveries[a], deliveries[b]] = [deliveries[b]!, deliveries[a]!];
  }
}

function arrange(deliveries: Delivery[], request: ScenarioRequest, rng: Random): { deliveries: Delivery[]; duplicates: number } {
  if (request.reorder) reorder(deliveries, rng);
  let arranged = deliveries;
  if (request.late > 0) {
    const late = new Set(deliveries.filter(() => rng.chance(request.late)));
    arranged = [...deliveries.filter((d) => !late.has(d)), ...deliveries.filter((d) => late.has(d))];
  }
  let duplicates = 0;
  if (request.duplicates > 0) {
    // The same delivery again (same webhook id and body), a few deliveries later.
    const withCopies: Delivery[] = [];
    let pending: { delivery: Delivery; after: number }[] = [];
    for (const delivery of arranged) {
      withCopies.push(delivery);
      if (rng.chance(request.duplicates)) {
        pending.push({ delivery, after: rng.int(20) });
        duplicates++;
      }
      for (const copy of pending) if (copy.after-- === 0) withCopies.push(copy.delivery);
      pending = pending.filter((copy) => copy.after >= 0);
    }
    for (const copy of pending) withCopies.push(copy.delivery);
    arranged = withCopies;
  }
  return { deliveries: arranged, duplicates };
}

export function planDeliveries(model: ShopModel, request: ScenarioRequest, sequence: number, horizon: number, now: number): PlannedScenario {
  const rng = new Random(request.seed ?? seedFrom('scenario', model.seed, request.name, sequence));
  const ids = new Random(seedFrom('webhook-ids', rng.next()));
  const transform = request.reorder || request.late > 0 || request.duplicates > 0;

  if (request.name === 'replay-all') {
    const events = replayEvents(model);
    const lazy = (function* () {
      for (const event of events) yield toDelivery(event, ids);
    })();
    if (!transform) return { deliveries: lazy, events: -1, duplicates: 0, settlesAt: now };
    const all = [...lazy];
    const arranged = arrange(all, request, rng);
    return { deliveries: arranged.deliveries, events: all.length, duplicates: arranged.duplicates, settlesAt: now };
  }

  const changes = new ShopChanges(model, rng);
  const actions = planScenario(request.name, changes, request.orders ?? DEFAULT_ORDERS[request.name]);
  const end = wholeSeconds(now);
  const start = Math.min(end, Math.max(wholeSeconds(horizon) + SECOND, end - SPANS[request.name]));
  runActions(changes, actions, start, end);
  const deliveries = changes.events.map((event: ShopEvent) => toDelivery(event, ids));
  const arranged = arrange(deliveries, request, rng);
  return { deliveries: arranged.deliveries, events: deliveries.length, duplicates: arranged.duplicates, settlesAt: changes.latest };
}
