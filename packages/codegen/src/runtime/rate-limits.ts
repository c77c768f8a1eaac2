// Kalshi's rate limits since 23 Apr 2026 (kalshi-api-notes §8.1): two token buckets, Read and Write, per account (the
// budgets are its usage tier's; the notes say neither "per key" nor "per user" outright), refilled continuously; a
// request is allowed when its bucket holds at least its cost (default 10 tokens).
// Real source in @org/kalshi-codegen, copied next to the generated manifest so that the client (which queues)
// and the mock exchange (which answers 429) apply the same numbers.

export interface BucketLimit {
  /** Tokens added per second. */
  readonly refillRate: number;
  readonly capacity: number;
}

export interface RateLimitTier {
  readonly read: BucketLimit;
  readonly write: BucketLimit;
}

export type UsageTier = 'basic' | 'advanced' | 'premier' | 'paragon' | 'prime';

/** A tier's buckets: read capacity 1 s of budget, write capacity 2 s unless given (Basic's is 1 s). */
function tier(read: number, write = read, writeCapacity = 2 * write): RateLimitTier {
  return { read: { refillRate: read, capacity: read }, write: { refillRate: write, capacity: writeCapacity } };
}

/** Per-second budgets; write capacity is 2 s of budget except Basic (1 s), read capacity 1 s. */
export const RATE_LIMIT_TIERS: Readonly<Record<UsageTier, RateLimitTier>> = {
  basic: /* @__PURE__ */ tier(200, 100, 100),
  advanced: /* @__PURE__ */ tier(300),
  premier: /* @__PURE__ */ tier(1000),
  paragon: /* @__PURE__ */ tier(2000),
  prime: /* @__PURE__ */ tier(4000),
};

export const DEFAULT_TOKEN_COST = 10;

/**
 * Tokens per request (per item for a batch) of the endpoints whose cost differs from the default, by operationId
 * (kalshi-api-notes §8.1): what `GET /account/endpoint_costs` lists. The V2 cancels, `GET /portfolio/orders/{id}`,
 * quote create/delete and the MVE lookup cost 2; the retired V1 order writes cost 100 (create, amend, decrease, batch
 * create) and 20 (cancel, batch cancel), production's numbers since 4 Jun 2026 (demo showed 20 and 4 on 11 Jun 2026);
 * listed only, since the spec no longer has them and the mock answers 410 before metering.
 * Where the spec's operation note states a cost ("**Rate limit:** 2 tokens per request", spec 3.31.0) it wins over
 * the notes: cancel-all is 2 there (the notes' 10 comes from the older TypeScript SDK docs, §5.13), and the quote
 * reads/deletes and the usage-level upgrade (30) are stated there too.
 */
export const ENDPOINT_COSTS: Readonly<Record<string, number>> = {
  CancelOrderV2: 2,
  BatchCancelOrdersV2: 2,
  CancelAllOrders: 2,
  GetOrder: 2,
  CreateQuote: 2,
  GetQuote: 2,
  DeleteQuote: 2,
  GetRFQQuote: 2,
  DeleteRFQQuote: 2,
  UpgradeAccountApiUsageLevel: 30,
  LookupTickersForMarketInMultivariateEventCollection: 2,
  CreateOrder: 100,
  AmendOrder: 100,
  DecreaseOrder: 100,
  BatchCreateOrders: 100,
  CancelOrder: 20,
  BatchCancelOrders: 20,
};

/**
 * Operations billed to the Write bucket: order create/amend/decrease/cancel, order groups, RFQ quotes (notes §8.1; the
 * quote writes in both their RFQ-scoped and deprecated forms), and the usage-level upgrade (spec 3.31.0: "uses the
 * Predictions Write bucket"). One string split at load: smaller in the client's bundle than a list of literals.
 */
const WRITE_OPERATIONS = new Set(
  /* @__PURE__ */ 'CreateOrderV2 BatchCreateOrdersV2 AmendOrderV2 DecreaseOrderV2 CancelOrderV2 BatchCancelOrdersV2 CancelAllOrders CreateOrderGroup DeleteOrderGroup ResetOrderGroup TriggerOrderGroup UpdateOrderGroupLimit CreateQuote DeleteQuote AcceptQuote ConfirmQuote DeleteRFQQuote AcceptRFQQuote ConfirmRFQQuote UpgradeAccountApiUsageLevel'.split(
    ' ',
  ),
);

const BATCHED = new Set(['BatchCreateOrdersV2', 'BatchCancelOrdersV2']);

/** Whether a request's cost depends on its body (a batch, billed per item): only then need its body be read. */
export function costsPerItem(operationId: string): boolean {
  return BATCHED.has(operationId);
}

export function bucketOf(operationId: string): 'read' | 'write' {
  return WRITE_OPERATIONS.has(operationId) ? 'write' : 'read';
}

/**
 * Tokens one request costs; `body` is needed for batches (`{ orders: [...] }`). An `orders` that is not an array (a
 * string, a number, an object) is a malformed body, not items: it costs what a batch of none does, one item, so the
 * answer is the body's 400 rather than a 429 billed by a string's `.length`. kalshi-api-notes §8.1 bill a batch per
 * item and are silent on the order of the checks (body or bucket first): the mock meters first, so a malformed `orders`
 * must not be billed as items.
 */
export function tokenCost(operationId: string, body?: unknown): number {
  const each = ENDPOINT_COSTS[operationId] ?? DEFAULT_TOKEN_COST;
  if (!costsPerItem(operationId)) return each;
  const orders = (body as { orders?: unknown } | null | undefined)?.orders;
  return each * Math.max(Array.isArray(orders) ? orders.length : 1, 1);
}

/**
 * Tokens this close to a cost count as holding it: refill and refunds add fractions of a token (a refill rate of 0.02
 * is not exact in binary), and a refunded take would otherwise leave the bucket a rounding error short of its cost.
 */
const SLACK = 1e-9;

/** A continuously refilled token bucket; time in ms. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  declare readonly limit: BucketLimit;

  constructor(limit: BucketLimit, now: number) {
    this.limit = limit;
    this.#tokens = limit.capacity;
    this.#last = now;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#tokens = Math.min(this.limit.capacity, this.#tokens + elapsed * this.limit.refillRate);
    this.#last = now;
  }

  /** Takes `cost` tokens if the bucket holds them. */
  tryTake(cost: number, now: number): boolean {
    this.#refill(now);
    if (this.#tokens < cost - SLACK) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Takes every token it holds: the exchange refused for want of them (a 429), whatever this bucket counted. */
  empty(now: number): void {
    this.#refill(now);
    this.#tokens = 0;
  }

  /** Milliseconds until `cost` tokens are available (0 if now); a cost above capacity waits for a full bucket. */
  waitTime(cost: number, now: number): number {
    this.#refill(now);
    const needed = Math.min(cost, this.limit.capacity) - this.#tokens;
    return needed <= SLACK ? 0 : Math.ceil((needed / this.limit.refillRate) * 1000);
  }
}
