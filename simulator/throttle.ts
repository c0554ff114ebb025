/**
 * Shopify's cost-based rate limit: a leaky bucket per app and shop that refills `restoreRate`
 * points a second up to `maximumAvailable`. A query costing more than what is available is
 * refused whole and spends nothing, so the bucket never goes below zero. A query that ran gets
 * back the part of its requested cost its answer did not use: "Before execution can begin, the
 * app's bucket must have enough room for the requested cost of the query; then, once execution is
 * complete, the bucket is refunded the difference between the requested cost and the actual cost
 * of the query" (<https://help.shopify.com/en/api/graphql-admin-api/call-limit>, "Leaky bucket
 * rate limit").
 */

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class CostBucket {
  private available: number;
  private refilledAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.refilledAt = now();
  }

  private refill(): void {
    const now = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.refilledAt) / 1000) * this.restoreRate);
    this.refilledAt = now;
  }

  /** What is available now, whole points (as Shopify reports it). */
  currentlyAvailable(): number {
    this.refill();
    return Math.floor(this.available);
  }

  /** Spends `cost` if it is available; returns whether it was. */
  trySpend(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points a query was charged and did not use. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: this.currentlyAvailable(), restoreRate: this.restoreRate };
  }
}
