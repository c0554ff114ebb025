/**
 * Faults a test arms on a shop. Each fires on the next matching request or bulk operation, once
 * per `count`, and is consumed as it fires.
 */
import { z } from 'zod';
import { ENTITIES, type Entity } from './model';

export const FAULT_KINDS = ['throttled', 'http429', 'http503', 'access-denied', 'failed-partial', 'expired', 'canceled', 'missing-parent'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRequest = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().positive().default(1),
  entity: z.enum(ENTITIES).optional(),
});
export type FaultRequest = z.infer<typeof faultRequest>;

/** Faults that answer a GraphQL request instead of the shop. */
export type RequestFault = Extract<FaultKind, 'throttled' | 'http429' | 'http503' | 'access-denied'>;
/**
 * Faults that decide how a bulk operation ends. `missing-parent`: it completes, but the file lacks
 * the line of its first record with children while those children are there (as when a record
 * goes while Shopify writes the file).
 */
export type OperationFault = Extract<FaultKind, 'failed-partial' | 'expired' | 'canceled' | 'missing-parent'>;

interface Armed {
  kind: FaultKind;
  remaining: number;
  entity: Entity | undefined;
}

export class Faults {
  private armed: Armed[] = [];

  arm(request: FaultRequest): void {
    this.armed.push({ kind: request.kind, remaining: request.count, entity: request.entity });
  }

  private consume(kinds: readonly FaultKind[], entity: Entity | undefined): FaultKind | null {
    const fault = this.armed.find((armed) => kinds.includes(armed.kind) && (entity === undefined || armed.entity === undefined || armed.entity === entity));
    if (!fault) return null;
    if (--fault.remaining === 0) this.armed = this.armed.filter((armed) => armed !== fault);
    return fault.kind;
  }

  /**
   * The fault answering this GraphQL request, if any. Access denial concerns starting a bulk
   * query (of `entity`), as a missing scope does; the others hit any request.
   */
  forRequest(startsBulkQueryOf: Entity | null): RequestFault | null {
    const transport = this.consume(['http429', 'http503', 'throttled'], undefined);
    if (transport) return transport as RequestFault;
    if (startsBulkQueryOf) return this.consume(['access-denied'], startsBulkQueryOf) as RequestFault | null;
    return null;
  }

  forOperation(entity: Entity): OperationFault | null {
    return this.consume(['failed-partial', 'expired', 'canceled', 'missing-parent'], entity) as OperationFault | null;
  }

  pending(): { kind: FaultKind; remaining: number; entity: Entity | null }[] {
    return this.armed.map((armed) => ({ kind: armed.kind, remaining: armed.remaining, entity: armed.entity ?? null }));
  }
}
