import { onAbort } from './abort-listeners';
import { MAX_TIMER_MS } from './call-options';
import { KalshiValidationError } from './errors';
import {
  type BucketLimit,
  bucketOf,
  RATE_LIMIT_TIERS,
  type RateLimitTier,
  TokenBucket,
  tokenCost,
  type UsageTier,
} from './generated/rate-limits';

/**
 * GET /account/limits's answer (spec 3.31.0): Kalshi's own budget for the account, whatever its tier (Expert and
 * Prestige included, whose budgets are not published).
 */
export interface AccountLimits {
  readonly read: { readonly refill_rate: number; readonly bucket_capacity: number };
  readonly write: { readonly refill_rate: number; readonly bucket_capacity: number };
}

/** A tier name, GET /account/limits's answer, custom bucket numbers, or false (off, the default). */
export type RateLimitOption = UsageTier | RateLimitTier | AccountLimits | false;

interface Waiter {
  readonly cost: number;
  readonly since: number;
  readonly resolve: (waitedMs: number, hold: Hold | undefined) => void;
  /** Stops listening to the caller's signal (a no-op without one). */
  stop?: () => void;
}

type Kind = 'read' | 'write';

/**
 * One request's tokens, as the transport holds them until the request ends. A permit taken from a full bucket holds
 * that bucket's refill (Kalshi's stays full until the request arrives) until it is sent (at most 5 s), and then for at
 * most 1 s more unless it settles first.
 */
export interface RateLimitPermit {
  /** Milliseconds the request waited for its tokens (0: none). */
  readonly waitedMs: number;
  /** The request was handed to fetch, signed: a refill it holds back runs again at most 1 s from now. */
  sent(): void;
  /** The request was not sent after all: its tokens go back, and the next request in line may go. */
  refund(): void;
  /** The request was answered, or failed after it was sent. (A permit ends once: later calls of either do nothing.) */
  settle(): void;
}

/**
 * A bucket's refill held back from `since` until the request that took tokens from it full settles (see `permit`), or
 * until every request taken during it (`n` of them still unended) has ended: refunded, that first request never
 * reached Kalshi, whose bucket stays full until another of them does, as far as the client can tell at its answer.
 * `sent`: one of them has been handed to fetch, `since` moved to then (the bucket's clock kept where it was). `end`: when
 * it ends at the latest, HOLD_MAX_MS after that send, or UNSENT_HOLD_MAX_MS after the take while none is sent.
 */
interface Hold {
  since: number;
  n: number;
  end: number;
  sent?: boolean;
}

/**
 * How long a hold lasts at most once a request taken during it is sent (before, it is being signed: see
 * UNSENT_HOLD_MAX_MS): a request that hangs must not stop the bucket refilling. A request reaching the exchange later
 * than this is the reserve's to cover.
 */
const HOLD_MAX_MS = 1_000;

/**
 * How long a hold lasts at most while nothing taken during it has been sent: a signer that never answers, with no
 * timeout to end its attempt, must not stop the bucket refilling for good (longer than any signer should take; a
 * request sent later than this is the reserve's, or a 429's, to cover).
 */
const UNSENT_HOLD_MAX_MS = 5_000;

/**
 * Client-side token buckets matching Kalshi's (notes §8.1): a burst waits its turn instead of earning 429s.
 * Requests queue FIFO per bucket and are woken by one timer per bucket, set for when the first in line can be
 * served; an aborted request leaves the queue at once. A request costing more than a bucket can ever hold fails at
 * once. Named tiers keep a 10% margin, because the exchange sees requests a little later than the client sends
 * them (and a burst bunched up): they refill 10% slower than Kalshi's, and a request waits until the bucket holds its
 * cost plus 10% of the capacity, or is full. The capacity itself is Kalshi's, so whatever Kalshi accepts (a request is
 * allowed when the bucket holds its cost: a 10-order batch on Basic's 100 write tokens) is never refused. Custom
 * numbers are used as given.
 */
export class ClientRateLimiter {
  readonly #buckets: Record<Kind, TokenBucket>;
  /** A named tier's (Kalshi's numbers): its buckets keep a reserve, 10% of their capacity (see `#needed`). */
  readonly #named: boolean;
  readonly #queues: Record<Kind, Waiter[]> = { read: [], write: [] };
  readonly #timers: Partial<Record<Kind, ReturnType<typeof setTimeout>>> = {};
  readonly #holds: Partial<Record<Kind, Hold>> = {};
  /** Milliseconds of holds that have ended: the buckets' clocks run this far behind `now`. */
  readonly #held: Record<Kind, number> = { read: 0, write: 0 };

  /**
   * 429s so far (either bucket's): a permit taken before one gives nothing back (see `exhausted`). Shared, not per
   * bucket: a read's 429 stops a write's refund too, which errs low (a wait, never a 429); per bucket cost bytes.
   */
  #empties = 0;
  readonly #now: () => number;

  /**
   * `now` defaults to `Date.now` looked up at each call, not once: a client created before a test fakes the clock
   * (or under fake timers that are later removed) refills on the clock its waits run on.
   */
  constructor(limits: UsageTier | RateLimitTier | AccountLimits, now: () => number = () => Date.now()) {
    this.#now = now;
    const checked = checkedLimits(limits);
    // Kalshi's numbers (a tier's, or the account's answer) get the margin; custom ones are used as given.
    const named = typeof limits === 'string' || 'refill_rate' in limits.read;
    const tier = named ? withMargin(checked) : checked;
    this.#buckets = { read: new TokenBucket(tier.read, now()), write: new TokenBucket(tier.write, now()) };
    this.#named = named;
  }

  /**
   * Resolves when the operation's tokens have been taken, with the ms it waited for them (0: none); rejects with the
   * signal's reason if aborted first. An operationId the spec does not have (one newer than this SDK, or a retired
   * one such as `CreateOrder`) costs what Kalshi charges by default: 10 read tokens (kalshi-api-notes §8.1).
   */
  acquire(operationId: string, body?: unknown, signal?: AbortSignal): Promise<number> {
    return this.permit(operationId, body, signal).then((permit) => {
      permit.settle();
      return permit.waitedMs;
    });
  }

  /**
   * As `acquire`, for a request the caller then sends: the permit says when it ended. A request that takes tokens
   * from a full bucket holds back that bucket's refill until it settles (at most HOLD_MAX_MS from its send, and
   * UNSENT_HOLD_MAX_MS from the take while unsent). The exchange's bucket
   * stays full, wasting its refill, until the request arrives, which the client cannot see: counting the refill from
   * the answer keeps the client's bucket from running ahead of Kalshi's by the request's travel time. (The notes say
   * only that refill is continuous, §8.1; that a full bucket refills nothing follows from its capacity.)
   */
  permit(operationId: string, body?: unknown, signal?: AbortSignal): Promise<RateLimitPermit> {
    const kind = bucketOf(operationId);
    const cost = tokenCost(operationId, body);
    const bucket = this.#buckets[kind];
    const { capacity, refillRate } = bucket.limit;
    if (cost > capacity) return Promise.reject(tooLarge(operationId, kind, cost, capacity));
    if (signal?.aborted) return Promise.reject(signal.reason);
    const queue = this.#queues[kind];
    // Built right after its take. A refund gives back no more than the refill still owed from then to a full bucket:
    // the bucket may have refilled since (others taking tokens too), and without this request it would have been full
    // sooner and lost the refill past its capacity, as Kalshi's did (it never saw the request; notes §8.1). More
    // would count tokens Kalshi does not have, letting requests through into 429s. (It errs low when others took
    // tokens since: a short wait, never a 429.) After a 429, nothing: Kalshi's bucket is as the 429 said.
    const permitOf = (waitedMs: number, hold: Hold | undefined, at = this.#clock(kind)): RateLimitPermit => {
      let fullAt = at + bucket.waitTime(capacity, at);
      const empties = this.#empties;
      // Built right after the take: the request that started its hold is the only one in it.
      const mine = hold?.n === 1;
      // A permit ends once: a second settle or refund does nothing (counted again, it could end a hold early; a
      // refund's tokens, given back again, were never Kalshi's). Past its end it owes nothing (fullAt 0).
      const end = (sent?: boolean) => {
        if (hold && (!--hold.n || (sent && mine))) this.#release(kind, hold);
        hold = undefined;
        fullAt = 0;
      };
      return {
        waitedMs,
        sent: () => {
          // The first sent of the hold: Kalshi's bucket was full until now, and the request is on its way.
          if (hold && !hold.sent && this.#holds[kind] === hold) {
            // The bucket's clock (since - held) stays where it was.
            this.#held[kind] += this.#now() - hold.since;
            hold.since = this.#now();
            hold.end = hold.since + HOLD_MAX_MS;
            hold.sent = true;
            this.#serve(kind); // the queue's timer, if any, counts from now
          }
        },
        refund: () => {
          // Before end(): ending the hold leaves the bucket's clock where it was (see #release).
          const owed = ((fullAt - this.#clock(kind)) * refillRate) / 1000;
          end();
          this.refund(operationId, body, empties === this.#empties ? owed : 0);
        },
        settle: () => end(true),
      };
    };
    if (queue.length === 0) {
      const hold = this.#take(kind, cost);
      if (hold !== false) return Promise.resolve(permitOf(0, hold));
    }
    return new Promise<RateLimitPermit>((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        since: this.#now(),
        resolve: (waitedMs, hold) => resolve(permitOf(waitedMs, hold)),
      };
      waiter.stop = onAbort(signal, () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(signal?.reason);
        this.#serve(kind); // the next in line may fit now
      });
      queue.push(waiter);
      this.#serve(kind);
    });
  }

  /**
   * Gives back what `acquire` took for a request that was then not sent (refused before sending: its signer failed,
   * say): the exchange meters what it receives (notes §8.1), so the next request in line may go. Taking after the
   * signature instead would age a signed timestamp by the wait. `most`: at most this many tokens (a permit's refund
   * passes what its bucket still lacked from its take).
   */
  refund(operationId: string, body?: unknown, most = Infinity): void {
    const kind = bucketOf(operationId);
    // A negative take adds; the bucket's next refill caps it at its capacity.
    this.#buckets[kind].tryTake(-Math.max(0, Math.min(most, tokenCost(operationId, body))), this.#clock(kind));
    this.#serve(kind);
  }

  /**
   * Kalshi answered the operation 429: its bucket holds less than the cost (kalshi-api-notes §8.1: a request is allowed
   * iff it holds the cost; no cooldown beyond the refill), whatever this one counted (another process on the same key,
   * limits above the account's). This bucket is emptied, so the requests behind it wait for the refill rather than
   * being sent at once and refused too.
   */
  exhausted(operationId: string): void {
    const kind = bucketOf(operationId);
    // Kalshi's bucket is as the 429 says, whatever a request taken before (never sent) gives back later.
    this.#empties++;
    this.#buckets[kind].empty(this.#clock(kind));
    this.#serve(kind);
  }

  /** Ends `hold` if it is the bucket's current one: the bucket refills from now, and the queue is served. */
  #release(kind: Kind, hold: Hold): void {
    if (this.#holds[kind] === hold) {
      this.#held[kind] = this.#now() - this.#clock(kind);
      this.#holds[kind] = undefined;
      this.#serve(kind);
    }
  }

  /** The bucket's time: `now` less the time its refill was held back (a hold past its `end` has ended). */
  #clock(kind: Kind): number {
    const now = this.#now();
    const hold = this.#holds[kind];
    if (hold && now < hold.end) return hold.since - this.#held[kind];
    if (hold) {
      this.#held[kind] += hold.end - hold.since;
      this.#holds[kind] = undefined;
    }
    return now - this.#held[kind];
  }

  /**
   * The tokens the bucket must hold to take `cost`: the cost plus the reserve (named tiers' margin, its other half: 10%
   * of the capacity; none for custom numbers), at most a full bucket.
   */
  #needed(kind: Kind, cost: number): number {
    const { capacity } = this.#buckets[kind].limit;
    return Math.min(cost + (this.#named ? capacity / 10 : 0), capacity);
  }

  /**
   * Takes `cost` tokens if the bucket holds what `needed` asks: false if not, else the hold this take started (taking
   * from a full bucket) or joined (one is on), counted in its `n`, or undefined.
   */
  #take(kind: Kind, cost: number): Hold | undefined | false {
    const bucket = this.#buckets[kind];
    const at = this.#clock(kind);
    if (bucket.waitTime(this.#needed(kind, cost), at) > 0) return false;
    const full = bucket.waitTime(bucket.limit.capacity, at) === 0;
    bucket.tryTake(cost, at);
    if (full) this.#holds[kind] ??= { since: this.#now(), n: 0, end: this.#now() + UNSENT_HOLD_MAX_MS };
    const hold = this.#holds[kind];
    if (hold) hold.n++;
    return hold;
  }

  /** Serves the queue in order while tokens last, then sleeps until the first waiter's tokens will be there. */
  #serve(kind: Kind): void {
    clearTimeout(this.#timers[kind]);
    const bucket = this.#buckets[kind];
    const queue = this.#queues[kind];
    for (let head = queue[0]; head; head = queue[0]) {
      const hold = this.#take(kind, head.cost);
      if (hold === false) {
        // Refill resumes when the hold ends: at its `end` at the latest (a send, refund or settle serves again).
        const current = this.#holds[kind];
        const heldMs = current ? current.end - this.#now() : 0;
        const waitMs = bucket.waitTime(this.#needed(kind, head.cost), this.#clock(kind)) + heldMs;
        // At most the longest delay a timer keeps (a longer one fires at once): a very slow custom bucket looks again.
        this.#timers[kind] = setTimeout(() => this.#serve(kind), Math.min(MAX_TIMER_MS, Math.max(1, waitMs)));
        return;
      }
      queue.shift();
      head.stop?.();
      head.resolve(this.#now() - head.since, hold);
    }
  }
}

function tooLarge(operationId: string, kind: Kind, cost: number, capacity: number): KalshiValidationError {
  const each = tokenCost(operationId, { orders: [undefined] });
  const batch = cost > each ? `: send at most ${Math.floor(capacity / each)} items per request` : '';
  return new KalshiValidationError(
    operationId,
    `costs ${cost} ${kind} tokens but the bucket holds at most ${capacity}${batch}`,
  );
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    const stop = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal?.reason);
    });
  });
}

/** A tier name or custom numbers, checked: each field named by its path in the option. */
function checkedLimits(limits: unknown): RateLimitTier {
  if (typeof limits === 'string' && Object.hasOwn(RATE_LIMIT_TIERS, limits))
    return RATE_LIMIT_TIERS[limits as UsageTier];
  // Tiers the spec names (GET /account/limits) without budgets: kalshi-api-notes §8.1 records five tiers only.
  if (limits === 'expert' || limits === 'prestige')
    throw new KalshiValidationError(
      'rateLimit',
      `Kalshi has not published the '${limits}' tier's budgets: pass your GET /account/limits answer or { read, write } buckets`,
    );
  if (typeof limits !== 'object' || limits === null)
    throw new KalshiValidationError(
      'rateLimit',
      `must be a tier name ('${Object.keys(RATE_LIMIT_TIERS).join("', '")}'), the GET /account/limits answer, { read, write } buckets or false; got ${describe(limits)}`,
    );
  const bucket = (kind: Kind): BucketLimit => {
    const given = (limits as Partial<Record<Kind, unknown>>)[kind];
    if (typeof given !== 'object' || given === null)
      throw new KalshiValidationError(`rateLimit.${kind}`, `must be { refillRate, capacity }; got ${describe(given)}`);
    const number = (name: string) => {
      const value = (given as Record<string, unknown>)[name];
      if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value;
      throw new KalshiValidationError(`rateLimit.${kind}.${name}`, `must be a number above 0; got ${describe(value)}`);
    };
    // GET /account/limits's names, as it answers.
    const answer = 'refill_rate' in given || 'bucket_capacity' in given;
    return {
      refillRate: number(answer ? 'refill_rate' : 'refillRate'),
      capacity: number(answer ? 'bucket_capacity' : 'capacity'),
    };
  };
  return { read: bucket('read'), write: bucket('write') };
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

const MARGIN = 0.9;

/**
 * Refilling slower from the same capacity, the client's bucket never holds more than Kalshi's. The capacity is kept
 * (a smaller one would refuse requests Kalshi accepts): the reserve gives the rest of the margin.
 */
function withMargin(tier: RateLimitTier): RateLimitTier {
  const slower = (b: RateLimitTier['read']) => ({ refillRate: b.refillRate * MARGIN, capacity: b.capacity });
  return { read: slower(tier.read), write: slower(tier.write) };
}
