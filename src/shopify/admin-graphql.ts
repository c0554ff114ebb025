/**
 * Admin GraphQL API client. Shopify limits by cost per app and shop (a leaky bucket): every
 * response reports `extensions.cost.throttleStatus`, and the client spends from that budget,
 * waiting for it to refill instead of sending a request it knows will be refused. Throttled,
 * 429, 5xx and timed-out calls are retried with backoff (honouring Retry-After); access errors
 * are not retryable and say which scope is missing.
 */
import { z } from 'zod';

export type AdminErrorCode = 'ACCESS_DENIED' | 'UNAUTHORIZED' | 'THROTTLED' | 'UNAVAILABLE' | 'TIMEOUT' | 'GRAPHQL' | 'INVALID_RESPONSE';

export class AdminApiError extends Error {
  override name = 'AdminApiError';
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const throttleStatus = z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() });

export type ThrottleStatus = z.infer<typeof throttleStatus>;

/** The bucket as last reported, and when: what is available now is extrapolated from it. */
export interface Budget extends ThrottleStatus {
  observedAt: number;
}

const envelope = z.object({
  data: z.unknown().optional(),
  errors: z
    .union([z.string(), z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose())])
    .optional(),
  extensions: z
    .object({ cost: z.object({ throttleStatus }).loose().optional() })
    .loose()
    .optional(),
});

export interface AdminClientOptions {
  /** The shop's GraphQL endpoint, e.g. https://{shop}.myshopify.com/admin/api/2026-01/graphql.json. */
  url: string;
  accessToken: string;
  budget?: Budget;
  timeoutMs?: number;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AdminClient {
  private budget: Budget | undefined;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: AdminClientOptions) {
    this.budget = options.budget;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.sleep = options.sleep ?? wait;
    this.now = options.now ?? Date.now;
  }

  /** The bucket as last seen, to carry over to the next client for the same shop. */
  get lastBudget(): Budget | undefined {
    return this.budget;
  }

  /** Runs one query or mutation whose cost is about `cost` points, and validates its `data`. */
  async request<S extends z.ZodType>(query: string, variables: Record<string, unknown>, data: S, cost = 1): Promise<z.infer<S>> {
    for (let attempt = 1; ; attempt++) {
      await this.sleep(this.waitForBudget(cost));
      try {
        return await this.send(query, variables, data);
      } catch (error) {
        if (!(error instanceof AdminApiError) || !error.retryable || attempt >= this.maxAttempts) throw error;
        const retryAfter = error instanceof RetryAfter ? error.ms : 0;
        await this.sleep(Math.max(retryAfter, backoff(attempt)));
      }
    }
  }

  /** Milliseconds until the bucket holds `cost` points, by its last report and restore rate. */
  private waitForBudget(cost: number): number {
    const budget = this.budget;
    if (!budget) return 0;
    const elapsed = (this.now() - budget.observedAt) / 1000;
    const available = Math.min(budget.maximumAvailable, budget.currentlyAvailable + elapsed * budget.restoreRate);
    if (available >= cost) return 0;
    return Math.ceil(((cost - available) / budget.restoreRate) * 1000);
  }

  private async send<S extends z.ZodType>(query: string, variables: Record<string, unknown>, data: S): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': this.options.accessToken },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new AdminApiError(timedOut ? 'TIMEOUT' : 'UNAVAILABLE', `Admin API ${timedOut ? 'timed out' : 'unreachable'}: ${String(error)}`, true);
    }
    if (response.status === 401 || response.status === 403) {
      throw new AdminApiError('UNAUTHORIZED', `Admin API refused the access token (HTTP ${response.status}); reinstall the app or update the token`, false);
    }
    if (response.status === 429 || response.status >= 500) {
      const seconds = Number(response.headers.get('retry-after'));
      const code = response.status === 429 ? 'THROTTLED' : 'UNAVAILABLE';
      throw new RetryAfter(code, `Admin API answered HTTP ${response.status}`, Number.isFinite(seconds) ? seconds * 1000 : 0);
    }
    const parsed = envelope.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new AdminApiError('INVALID_RESPONSE', `Admin API answered HTTP ${response.status} with an unexpected body`, true);
    const body = parsed.data;
    const status = body.extensions?.cost?.throttleStatus;
    if (status) this.budget = { ...status, observedAt: this.now() };

    if (typeof body.errors === 'string') throw new AdminApiError('UNAUTHORIZED', `Admin API: ${body.errors}`, false);
    const errors = body.errors ?? [];
    if (errors.some((e) => e.extensions?.code === 'THROTTLED')) throw new AdminApiError('THROTTLED', 'Admin API throttled the request', true);
    const denied = errors.find((e) => e.extensions?.code === 'ACCESS_DENIED');
    if (denied) throw new AdminApiError('ACCESS_DENIED', `Admin API access denied: ${denied.message}`, false);
    if (errors.length) throw new AdminApiError('GRAPHQL', `Admin API errors: ${errors.map((e) => e.message).join('; ')}`, false);

    const result = data.safeParse(body.data);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new AdminApiError('INVALID_RESPONSE', `Admin API data did not match: ${issue?.path.join('.')}: ${issue?.message}`, false);
    }
    return result.data;
  }
}

class RetryAfter extends AdminApiError {
  constructor(
    code: AdminErrorCode,
    message: string,
    readonly ms: number,
  ) {
    super(code, message, true);
  }
}

/** 0.5 s, 1 s, 2 s, ... capped at 30 s, with jitter so that shops retrying together spread out. */
function backoff(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}
