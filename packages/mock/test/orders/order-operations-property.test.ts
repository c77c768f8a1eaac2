import { createSigner, type Signer } from '@org/kalshi-auth';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type Exchange, type MockUser, TEST_USER_ID } from '../../src';
import type { OrderState } from '../../src/exchange/types';
import { assertInvariants, cashOf, digest, isKalshiErrorBody } from '../fuzz/invariants';
import { specMismatch } from '../fuzz/responses';
import { BASE, call, harness } from '../helpers';

// Round 48 (K3): the V2 order operations (spec 3.31.0 CreateOrderV2, BatchCreateOrdersV2, AmendOrderV2,
// DecreaseOrderV2, CancelOrderV2, BatchCancelOrdersV2) sent spec-valid and spec-invalid values by two accounts trading
// two markets (a linear_cent and a tapered_deci_cent grid, kalshi-api-notes §4). Every answer is either a success the
// spec declares (its response schema) that the request was allowed to have, or a 4xx in one of Kalshi's error shapes
// (notes §3.1) that changed nothing; never a 5xx. After each answer the ledger's invariants hold (fuzz/invariants.ts:
// cash follows the fills, positions net the fills, every resting order holds what its remainder needs).
// What a request is allowed, from the spec and the notes, not from the engine:
// - create: the six required fields (spec); `side` bid|ask, the TIF and STP enums; `count` "0-2 decimal places",
//   positive (§4, §5.2); `price` 2–4 decimals, strictly between 0 and 1 on the market's grid (§4); an active market;
//   `expiration_time` only with good_till_canceled and in the future (§5.7, spec CreateOrderV2Request); a
//   `client_order_id` never used by the account (§5.6: 409); `subaccount` one the account has (only 0 here). A 201's
//   IOC/FOK order leaves nothing resting, a post-only one fills nothing (§5.7), fill + remaining ≤ count, the averages
//   only with fills (spec CreateOrderV2Response), a FOK fills all or nothing (where it cannot self-cross, §5.7).
// - amend: only the caller's resting order (404 else, §5.9), the order's ticker and side (`order_ticker_mismatch`,
//   `order_side_mismatch`), count above the filled count ("already filled count plus the desired resting remaining"),
//   price on the grid, a nonzero expiry in the future (spec AmendOrderV2Request), an active market (§3.2). After a 200
//   the order is at the new price with filled + remaining = count, unless self-trade prevention canceled it, and its
//   expiry is kept when omitted, removed by 0 ("Omit to preserve the current expiry, or use 0 to remove it").
// - decrease: the caller's resting order, exactly one of reduce_by / reduce_to (spec), reduce_by positive, reduce_to
//   not above the remainder ("Only reduces remaining size", §5.10); the 200's remaining_count is the remainder after.
// - cancel (one or a batch): the caller's resting order; reduced_by is its remainder; an errored batch item has
//   reduced_by "0.00" (spec BatchCancelOrdersV2Response: "Zero if the cancel errored").
// Between requests the clock moves past expiries and markets pause, resume or close: no order rests past its expiry
// (§5.5) or in a closed market (D-life). Where the notes leave an answer open (post-only crossing, insufficient
// balance, reduce-only, reduce_by past the remainder, a killed fill-or-kill's 409, kept canceled as errors.ts says) the
// test holds the answer to its shape and to the invariants only. ORDER_OPS_SEED / ORDER_OPS_RUNS reproduce or lengthen
// it.

const NOW = Date.UTC(2026, 10, 20, 12);
const LINEAR = 'KXPROP-26DEC01-T1';
const TAPERED = 'KXPROP-26DEC01-T2';
/** Kalshi's grids (notes §4), in micro-dollars. */
const GRIDS: Record<string, readonly { start: number; end: number; step: number }[]> = {
  [LINEAR]: [{ start: 0, end: 1_000_000, step: 10_000 }],
  [TAPERED]: [
    { start: 0, end: 100_000, step: 1_000 },
    { start: 100_000, end: 900_000, step: 10_000 },
    { start: 900_000, end: 1_000_000, step: 1_000 },
  ],
};
const SEED = Number(process.env.ORDER_OPS_SEED ?? 20_261_248);
const RUNS = Number(process.env.ORDER_OPS_RUNS ?? 40);
const P = '/portfolio/events/orders';
const UNKNOWN_ID = '0b3d6f4e-2a51-4c8e-9f7a-1d2c3b4a5e6f';

// --- values --------------------------------------------------------------------------------------------------------
const GOOD_COUNTS = ['1', '2', '5', '0.5', '1.25', '10.0', '3.00', '40'];
const BAD_COUNTS = ['0', '0.00', '-1', '1.001', '', 'x', '1e2', ' 1', '.5', '1.', '+1'];
const GOOD_PRICES = ['0.01', '0.05', '0.30', '0.4500', '0.50', '0.55', '0.7000', '0.99', '0.48', '0.52'];
const MID_PRICES = ['0.48', '0.4900', '0.50', '0.51', '0.52'];
const TAPER_PRICES = ['0.005', '0.0950', '0.9950', '0.015', '0.0010'];
const BAD_PRICES = ['0', '0.00', '1.00', '1.0000', '0.5', '0.50000', '-0.50', '', 'abc', '0.555', '0.00001'];

const weighted = <T>(good: readonly T[], bad: readonly T[], goodWeight = 5) =>
  fc.oneof(
    { weight: goodWeight, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad) },
  );
// A JSON number for a count or price is the flat 400 bad_request (notes §3.1).
const countValue = fc.oneof(
  { weight: 12, arbitrary: weighted(GOOD_COUNTS, BAD_COUNTS) },
  { weight: 1, arbitrary: fc.constant<unknown>(1) },
);
const priceValue = fc.oneof(
  { weight: 12, arbitrary: weighted([...MID_PRICES, ...GOOD_PRICES, ...TAPER_PRICES], BAD_PRICES) },
  { weight: 1, arbitrary: fc.constant<unknown>(0.5) },
);
/** An expiry relative to the exchange clock when the step runs ({ in: seconds }), or an absolute 0. */
type Expiry = { in: number } | 0;
const expiration = fc.constantFrom<Expiry | undefined>(undefined, undefined, undefined, { in: 3600 }, { in: -10 }, 0);
const clientOrderId = fc.constantFrom<string | undefined>(undefined, undefined, 'c-1', 'c-2', 'c-3', '');

type Fields = Record<string, unknown>;
/** A create the rules allow (mostly near the middle, so the two accounts cross), then at most one field made wrong. */
const validCreate = fc
  .record({
    ticker: fc.constantFrom(LINEAR, TAPERED),
    side: fc.constantFrom('bid', 'ask'),
    count: fc.constantFrom(...GOOD_COUNTS),
    price: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...MID_PRICES) }, fc.constantFrom(...GOOD_PRICES)),
    time_in_force: fc.oneof(
      { weight: 4, arbitrary: fc.constant('good_till_canceled') },
      fc.constantFrom('immediate_or_cancel', 'fill_or_kill'),
    ),
    self_trade_prevention_type: fc.constantFrom('taker_at_cross', 'maker'),
    client_order_id: fc.constantFrom<string | undefined>(undefined, undefined, undefined, 'c-1', 'c-2', 'c-3', ''),
    expires: fc.boolean(),
    post_only: fc.constantFrom<boolean | undefined>(undefined, undefined, undefined, true, false),
    reduce_only: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, fc.constant(true)),
  })
  .map(({ expires, ...fields }): Fields => {
    const out: Fields = {};
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
    if (expires && fields.time_in_force === 'good_till_canceled') out.expiration_time = { in: 3600 };
    if (fields.ticker === TAPERED && fields.price === '0.01') out.price = '0.005';
    return out;
  });
/** One field made wrong, or left out: [field, value] (undefined: left out). */
const mutation = fc.oneof(
  { weight: 16, arbitrary: fc.constant(undefined) },
  fc.tuple(fc.constant('count'), fc.oneof(fc.constantFrom<unknown>(...BAD_COUNTS), fc.constant<unknown>(1))),
  fc.tuple(fc.constant('price'), fc.oneof(fc.constantFrom<unknown>(...BAD_PRICES, ...TAPER_PRICES), fc.constant(0.5))),
  fc.tuple(fc.constant('ticker'), fc.constantFrom<unknown>('KXNOPE-26DEC01-T1', '')),
  fc.tuple(fc.constant('side'), fc.constantFrom<unknown>('buy', 'yes')),
  fc.tuple(fc.constant('time_in_force'), fc.constantFrom<unknown>('gtc', 'GTT')),
  fc.tuple(fc.constant('self_trade_prevention_type'), fc.constant<unknown>('none')),
  fc.tuple(fc.constant('expiration_time'), fc.constantFrom<unknown>({ in: 3600 }, { in: -10 }, 0)),
  fc.tuple(fc.constant('subaccount'), fc.constantFrom<unknown>(0, 1, 64)),
  fc.tuple(fc.constantFrom('count', 'side', 'price', 'self_trade_prevention_type'), fc.constant(undefined)),
);
const createFields = fc.tuple(validCreate, mutation).map(([fields, change]): Fields => {
  if (!change) return fields;
  const [name, value] = change;
  const out = { ...fields };
  if (value === undefined) delete out[name];
  else out[name] = value;
  return out;
});

/** An order to act on: one of the caller's resting orders, any the exchange holds (by index), an unknown or bad id. */
const target = fc.oneof(
  { weight: 6, arbitrary: fc.nat(50).map((own) => ({ own })) },
  { weight: 2, arbitrary: fc.nat(50).map((index) => ({ index })) },
  { weight: 1, arbitrary: fc.constantFrom({ id: UNKNOWN_ID }, { id: 'not-a-uuid' }) },
);
type Target = { own: number } | { index: number } | { id: string };

type Step =
  | { kind: 'create'; who: number; fields: Fields }
  | { kind: 'batch'; who: number; items: Fields[] }
  | { kind: 'amend'; who: number; target: Target; change: Fields; keep: { ticker: boolean; side: boolean } }
  | { kind: 'decrease'; who: number; target: Target; body: Fields }
  | { kind: 'cancel'; who: number; target: Target }
  | { kind: 'batchCancel'; who: number; targets: Target[] }
  | { kind: 'wait'; ms: number }
  | { kind: 'status'; ticker: string; status: 'inactive' | 'active' | 'closed' };

const who = fc.nat(1);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('create' as const), who, fields: createFields }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      who,
      items: fc.array(createFields, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('amend' as const),
      who,
      target,
      // count: relative to the order's filled count (`+n`), or a value as sent.
      change: fc.record(
        {
          price: priceValue,
          count: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom('+0', '+1', '+2.5', '+10') },
            { weight: 1, arbitrary: countValue },
          ),
          client_order_id: clientOrderId,
          updated_client_order_id: clientOrderId,
          expiration_time: expiration,
        },
        { requiredKeys: ['price', 'count'] },
      ),
      // The order's own ticker and side, mostly; else the other market or side (a mismatch).
      keep: fc.record({
        ticker: fc.constantFrom(true, true, true, false),
        side: fc.constantFrom(true, true, true, false),
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('decrease' as const),
      who,
      target,
      body: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({ reduce_by: weighted<unknown>(['1', '0.5', '2', '100'], ['0', '-1', '1.001']) }),
        },
        {
          weight: 4,
          arbitrary: fc.record({ reduce_to: weighted<unknown>(['0', '1', '0.5', '3'], ['-1', '1.001', '99']) }),
        },
        { weight: 1, arbitrary: fc.constantFrom<Fields>({}, { reduce_by: '1', reduce_to: '1' }) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who, target }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('batchCancel' as const),
      who,
      targets: fc.array(target, { minLength: 1, maxLength: 3 }),
    }),
  },
  // The clock moves past expiries (good-till-time orders expire, notes §5.5); a market pauses, resumes or closes.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(1_000, 3_601_000) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      ticker: fc.constantFrom(LINEAR, TAPERED),
      status: fc.constantFrom('inactive' as const, 'active' as const, 'active' as const, 'closed' as const),
    }),
  },
);

// --- the rules -----------------------------------------------------------------------------------------------------
const CENTS = /^\d+(\.\d{1,2})?$/; // FixedPointCount in a request: 0–2 decimals
const DOLLARS = /^\d+\.\d{2,4}$/; // FixedPointDollars in a request: 2–4 decimals
/** Centi-contracts of a valid positive count, else undefined. */
const countOf = (value: unknown) =>
  typeof value === 'string' && CENTS.test(value) && Number(value) > 0 ? Math.round(Number(value) * 100) : undefined;
/** Micro-dollars of a price on the market's grid, else undefined. */
function priceOn(ticker: string, value: unknown): number | undefined {
  if (typeof value !== 'string' || !DOLLARS.test(value)) return undefined;
  const micro = Math.round(Number(value) * 1e6);
  if (micro <= 0 || micro >= 1_000_000) return undefined;
  const grid = GRIDS[ticker] ?? [];
  return grid.some((r) => micro >= r.start && micro <= r.end && (micro - r.start) % r.step === 0) ? micro : undefined;
}
const parseFp = (value: unknown) => Math.round(Number(value) * 100);
const nowS = (exchange: Exchange) => Math.floor(exchange.now() / 1000);
/** The fields as sent: a relative expiry made absolute on the exchange clock. */
function materialize(fields: Fields, exchange: Exchange): Fields {
  const expiry = fields.expiration_time;
  if (expiry === null || typeof expiry !== 'object') return fields;
  return { ...fields, expiration_time: nowS(exchange) + (expiry as { in: number }).in };
}

/** Why a create may not succeed, or undefined when the spec and notes allow it. */
const REQUIRED = ['ticker', 'side', 'count', 'price', 'time_in_force', 'self_trade_prevention_type'];
const TIFS = ['good_till_canceled', 'immediate_or_cancel', 'fill_or_kill'];
const STPS = ['taker_at_cross', 'maker'];

function createForbidden(fields: Fields, usedIds: ReadonlySet<string>, exchange: Exchange): string | undefined {
  for (const name of REQUIRED) if (fields[name] === undefined) return `${name} is required`;
  if (!(typeof fields.ticker === 'string' && GRIDS[fields.ticker])) return 'no such market';
  if (exchange.markets.get(fields.ticker)?.status !== 'active') return 'the market is not active';
  if (fields.side !== 'bid' && fields.side !== 'ask') return 'side';
  if (!TIFS.includes(fields.time_in_force as string)) return 'time_in_force';
  if (!STPS.includes(fields.self_trade_prevention_type as string)) return 'stp';
  if (countOf(fields.count) === undefined) return `count ${JSON.stringify(fields.count)}`;
  if (priceOn(fields.ticker, fields.price) === undefined) return `price ${JSON.stringify(fields.price)}`;
  if (fields.expiration_time !== undefined) {
    if (fields.time_in_force !== 'good_till_canceled') return 'expiration_time without good_till_canceled';
    if ((fields.expiration_time as number) <= nowS(exchange)) return 'expiration_time not in the future';
  }
  const id = fields.client_order_id;
  if (typeof id === 'string' && id !== '' && usedIds.has(id)) return `client_order_id ${id} used`;
  if (fields.subaccount !== undefined && fields.subaccount !== 0) return 'no such subaccount';
  return undefined;
}

/** Checks a create's success against the request and the order it stored. */
function checkCreated(
  fields: Fields,
  result: Record<string, unknown>,
  orders: ReadonlyMap<string, OrderState>,
  alone = true,
) {
  const count = countOf(fields.count) as number;
  const filled = parseFp(result.fill_count);
  const remaining = parseFp(result.remaining_count);
  const where = `${JSON.stringify(fields)} → ${JSON.stringify(result)}`;
  expect(filled + remaining, where).toBeLessThanOrEqual(count);
  if (fields.time_in_force !== 'good_till_canceled') expect(remaining, where).toBe(0);
  if (fields.post_only === true) expect(filled, where).toBe(0);
  expect('average_fill_price' in result, where).toBe(filled > 0);
  expect('average_fee_paid' in result, where).toBe(filled > 0);
  const order = orders.get(result.order_id as string);
  // A reduce-only order's place count is "capped by the member's current position" (spec CreateOrderV2Request).
  if (fields.reduce_only === true) expect(order?.initialCount, where).toBeLessThanOrEqual(count);
  else expect(order?.initialCount, where).toBe(count);
  expect(order?.price, where).toBe(priceOn(fields.ticker as string, fields.price));
  // A later item of a batch may cancel it (self-trade prevention `maker`): only a create alone is checked so.
  if (alone && fields.time_in_force === 'good_till_canceled' && remaining > 0)
    expect(order?.status, where).toBe('resting');
  return order;
}

// --- the run -------------------------------------------------------------------------------------------------------
it('V2 order operations: an allowed spec success or a 4xx in Kalshi’s shape changing nothing; the ledger holds', async () => {
  const other: { user?: MockUser; signer?: Signer } = {};
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 24 }), async (steps) => {
      const h = await harness({ empty: true, now: NOW, seed: 7, users: [{ balanceDollars: 40 }] });
      const { exchange } = h.mock;
      exchange.addMarket({ ticker: LINEAR });
      exchange.addMarket({ ticker: TAPERED, priceLevelStructure: 'tapered_deci_cent' });
      exchange.setBalance(TEST_USER_ID, 60_000_000); // $60: large orders meet insufficient_balance
      const user = h.mock.users[0] as MockUser;
      if (other.user?.keyId !== user.keyId) {
        other.user = user;
        other.signer = await createSigner({ keyId: user.keyId, privateKey: user.privateKeyPem });
      }
      const parties = [
        { userId: TEST_USER_ID, signer: h.signer },
        { userId: user.userId, signer: other.signer as Signer },
      ];
      const used = parties.map(() => new Set<string>());
      const start = cashOf(exchange);
      const send = (party: number, method: string, path: string, body?: unknown) =>
        call(h.mock, parties[party]!.signer, BASE, method, path, body);
      const resolve = (t: Target, party: number) => {
        if ('id' in t) return t.id;
        const mine = [...exchange.orders.values()].filter(
          (o) => o.userId === parties[party]?.userId && o.status === 'resting',
        );
        const ids = 'own' in t && mine.length ? mine.map((o) => o.orderId) : [...exchange.orders.keys()];
        return ids.length ? (ids[('own' in t ? t.own : t.index) % ids.length] as string) : UNKNOWN_ID;
      };
      const restingOf = (party: number, id: string) => {
        const order = exchange.orders.get(id);
        return order && order.userId === parties[party]!.userId && order.status === 'resting' ? order : undefined;
      };

      for (const s of steps) {
        if (s.kind === 'wait' || s.kind === 'status') {
          if (s.kind === 'wait') exchange.advanceTime(s.ms);
          else {
            try {
              exchange.setMarketStatus(s.ticker, s.status);
            } catch {
              // A move the lifecycle refuses (closed → active): nothing changed.
            }
          }
          // No order outlives its expiry (notes §5.5: resting → canceled on expiry) or its market's close (D-life).
          for (const o of exchange.orders.values())
            if (o.status === 'resting') {
              expect(o.expirationTime === undefined || o.expirationTime * 1000 > exchange.now(), o.orderId).toBe(true);
              expect(exchange.markets.get(o.ticker)?.status, o.orderId).not.toBe('closed');
            }
          assertInvariants(exchange, start);
          continue;
        }
        const me = parties[s.who]!;
        const users = parties.map((p) => p.userId);
        const before = digest(exchange, users);
        let response: Awaited<ReturnType<typeof send>>;
        let operationId: string;
        let forbidden: string | undefined;
        let after: () => void = () => {};
        if (s.kind === 'create') {
          const fields = materialize(s.fields, exchange);
          operationId = 'CreateOrderV2';
          forbidden = createForbidden(fields, used[s.who]!, exchange);
          // FOK all-or-nothing, where the caller has no resting order it could cross (§5.7: a self-crossing FOK keeps
          // its partial fills).
          const canSelfCross = [...exchange.orders.values()].some(
            (o) => o.userId === me.userId && o.status === 'resting' && o.ticker === fields.ticker,
          );
          // A peek: `exchange.position()` would open an empty position.
          const held = () =>
            [...exchange.accounts.values()]
              .find((a) => a.userId === me.userId && (a.subaccount ?? 0) === 0)
              ?.positions.get(String(fields.ticker))?.position ?? 0;
          const heldBefore = held();
          response = await send(s.who, 'POST', P, fields);
          after = () => {
            checkCreated(fields, response.body, exchange.orders);
            // Reduce-only: the position moves toward zero, never past it (spec: "capped by the member's current
            // position").
            if (fields.reduce_only === true) {
              expect(Math.abs(held()), JSON.stringify(response.body)).toBeLessThanOrEqual(Math.abs(heldBefore));
              expect(held() * heldBefore, JSON.stringify(response.body)).toBeGreaterThanOrEqual(0);
            }
            if (fields.time_in_force === 'fill_or_kill' && !canSelfCross)
              expect([0, countOf(fields.count)], JSON.stringify(response.body)).toContain(
                parseFp(response.body.fill_count),
              );
            if (typeof fields.client_order_id === 'string' && fields.client_order_id)
              used[s.who]!.add(fields.client_order_id);
          };
        } else if (s.kind === 'batch') {
          operationId = 'BatchCreateOrdersV2';
          const items = s.items.map((item) => materialize(item, exchange));
          // The batch as a whole is refused only for what its schema and validate tags refuse (`dive`): a required
          // field left out, a value outside an enum, a JSON number for a string, the ticker (`required,min=1`) empty;
          // the rest (an empty count or price among them: no validate tag) is refused per item.
          const wholeRefusal = items.some(
            (item) =>
              REQUIRED.some((name) => item[name] === undefined) ||
              item.ticker === '' ||
              !['bid', 'ask'].includes(item.side as string) ||
              !TIFS.includes(item.time_in_force as string) ||
              !STPS.includes(item.self_trade_prevention_type as string) ||
              typeof item.count !== 'string' ||
              typeof item.price !== 'string' ||
              (item.subaccount !== undefined && (item.subaccount as number) < 0),
          );
          forbidden = wholeRefusal ? 'an item its schema refuses' : undefined;
          response = await send(s.who, 'POST', `${P}/batched`, { orders: items });
          if (response.status >= 400 && response.status !== 429)
            expect(wholeRefusal, `${JSON.stringify(items)} → ${JSON.stringify(response.body)}`).toBe(true);
          after = () => {
            expect(response.body.orders).toHaveLength(items.length);
            for (const [i, item] of items.entries()) {
              const result = response.body.orders[i];
              const why = createForbidden(item, used[s.who]!, exchange);
              if (result.error) {
                expect(isKalshiErrorBody({ error: result.error }), JSON.stringify(result)).toBe(true);
                const killed = result.error.code === 'fill_or_kill_insufficient_resting_volume';
                if (killed && typeof item.client_order_id === 'string' && item.client_order_id)
                  used[s.who]!.add(item.client_order_id);
                continue;
              }
              expect(why, `item ${i} ${JSON.stringify(item)} → ${JSON.stringify(result)}`).toBeUndefined();
              const order = checkCreated(item, result, exchange.orders, false);
              expect(order?.userId).toBe(me.userId);
              if (typeof item.client_order_id === 'string' && item.client_order_id)
                used[s.who]!.add(item.client_order_id);
            }
          };
        } else if (s.kind === 'amend') {
          operationId = 'AmendOrderV2';
          const id = resolve(s.target, s.who);
          const order = exchange.orders.get(id);
          const resting = restingOf(s.who, id);
          const expiryBefore = order?.expirationTime;
          const relative = typeof s.change.count === 'string' && s.change.count.startsWith('+');
          const count = relative
            ? ((order?.fillCount ?? 0) + parseFp((s.change.count as string).slice(1))) / 100
            : undefined;
          const body: Fields = {
            ...materialize(s.change, exchange),
            ...(count !== undefined ? { count: count.toFixed(2) } : {}),
            ticker: s.keep.ticker ? (order?.ticker ?? LINEAR) : order?.ticker === LINEAR ? TAPERED : LINEAR,
            side: (s.keep.side ? order?.side : order?.side === 'bid' ? 'ask' : 'bid') ?? 'bid',
          };
          for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
          const newCount = countOf(body.count);
          const sentId = body.client_order_id;
          const updated = body.updated_client_order_id;
          forbidden = !resting
            ? 'not a resting order of the caller'
            : exchange.markets.get(resting.ticker)?.status !== 'active'
              ? 'the market is not active'
              : body.ticker !== resting.ticker
                ? 'ticker mismatch'
                : body.side !== resting.side
                  ? 'side mismatch'
                  : newCount === undefined || newCount <= resting.fillCount
                    ? `count ${JSON.stringify(body.count)} not above the filled ${resting.fillCount / 100}`
                    : priceOn(resting.ticker, body.price) === undefined
                      ? `price ${JSON.stringify(body.price)}`
                      : typeof sentId === 'string' && sentId !== '' && sentId !== resting.clientOrderId
                        ? 'client_order_id mismatch'
                        : typeof updated === 'string' &&
                            updated !== '' &&
                            updated !== resting.clientOrderId &&
                            used[s.who]!.has(updated)
                          ? 'updated_client_order_id used'
                          : typeof body.expiration_time === 'number' &&
                              body.expiration_time !== 0 &&
                              body.expiration_time <= nowS(exchange)
                            ? 'expiration in the past'
                            : undefined;
          response = await send(s.who, 'POST', `${P}/${id}/amend`, body);
          after = () => {
            const now = exchange.orders.get(id) as OrderState;
            const where = `${JSON.stringify(body)} → ${JSON.stringify(response.body)}: ${JSON.stringify(now)}`;
            expect(response.body.order_id, where).toBe(id);
            if (now.status !== 'canceled') {
              expect(now.price, where).toBe(priceOn(now.ticker, body.price));
              expect(now.fillCount + now.remainingCount, where).toBe(newCount);
            }
            if ('remaining_count' in response.body && response.body.remaining_count !== null)
              expect(parseFp(response.body.remaining_count), where).toBe(now.remainingCount);
            // "Omit to preserve the current expiry, or use 0 to remove it" (spec AmendOrderV2Request).
            if (now.status === 'resting')
              expect(now.expirationTime, where).toBe(
                body.expiration_time === undefined
                  ? expiryBefore
                  : body.expiration_time === 0
                    ? undefined
                    : body.expiration_time,
              );
            if (typeof updated === 'string' && updated) {
              expect(now.clientOrderId, where).toBe(updated);
              used[s.who]!.add(updated);
            }
          };
        } else if (s.kind === 'decrease') {
          operationId = 'DecreaseOrderV2';
          const id = resolve(s.target, s.who);
          const resting = restingOf(s.who, id);
          const remaining = resting?.remainingCount ?? 0;
          const { reduce_by: by, reduce_to: to } = s.body;
          forbidden = !resting
            ? 'not a resting order of the caller'
            : (by === undefined) === (to === undefined)
              ? 'not exactly one of reduce_by and reduce_to'
              : by !== undefined && countOf(by) === undefined
                ? `reduce_by ${JSON.stringify(by)}`
                : to !== undefined && (typeof to !== 'string' || !CENTS.test(to) || parseFp(to) > remaining)
                  ? `reduce_to ${JSON.stringify(to)} of ${remaining / 100}`
                  : undefined;
          response = await send(s.who, 'POST', `${P}/${id}/decrease`, s.body);
          after = () => {
            const expected = by !== undefined ? Math.max(0, remaining - parseFp(by)) : parseFp(to);
            const now = exchange.orders.get(id) as OrderState;
            expect(parseFp(response.body.remaining_count), JSON.stringify(response.body)).toBe(expected);
            expect(now.remainingCount).toBe(expected);
            expect(now.status).toBe(expected === 0 ? 'canceled' : 'resting');
          };
        } else if (s.kind === 'cancel') {
          operationId = 'CancelOrderV2';
          const id = resolve(s.target, s.who);
          const resting = restingOf(s.who, id);
          const remaining = resting?.remainingCount ?? 0;
          forbidden = resting ? undefined : 'not a resting order of the caller';
          response = await send(s.who, 'DELETE', `${P}/${id}`);
          after = () => {
            expect(parseFp(response.body.reduced_by)).toBe(remaining);
            expect(exchange.orders.get(id)?.status).toBe('canceled');
          };
        } else {
          operationId = 'BatchCancelOrdersV2';
          const ids = s.targets.map((t) => resolve(t, s.who));
          const remaining = new Map(ids.map((id) => [id, restingOf(s.who, id)?.remainingCount]));
          response = await send(s.who, 'DELETE', `${P}/batched`, { orders: ids.map((order_id) => ({ order_id })) });
          after = () => {
            const seen = new Set<string>();
            for (const [i, id] of ids.entries()) {
              const result = response.body.orders[i];
              const where = `${id} → ${JSON.stringify(result)}`;
              const cancelable = remaining.get(id) !== undefined && !seen.has(id);
              seen.add(id);
              expect(result.order_id, where).toBe(id);
              if (result.error) {
                expect(isKalshiErrorBody({ error: result.error }), where).toBe(true);
                expect(result.reduced_by, where).toBe('0.00');
                expect(cancelable, where).toBe(false);
              } else {
                expect(cancelable, where).toBe(true);
                expect(parseFp(result.reduced_by), where).toBe(remaining.get(id));
                expect(exchange.orders.get(id)?.status, where).toBe('canceled');
              }
            }
          };
        }

        const where = `${s.kind} ${JSON.stringify(s)} → ${response.status} ${JSON.stringify(response.body)}`;
        expect(response.status, where).toBeLessThan(500);
        if (response.status >= 400) {
          expect(isKalshiErrorBody(response.body), where).toBe(true);
          // But for a killed fill-or-kill, kept canceled with its client_order_id used (third-party reports, notes
          // §3.2 "3P"; errors.ts fillOrKillKilled): no money moves (the invariants).
          if (response.body.error?.code === 'fill_or_kill_insufficient_resting_volume') {
            const id = (s as { fields?: Fields }).fields?.client_order_id;
            if (typeof id === 'string' && id) used[s.who]!.add(id);
          } else expect(digest(exchange, users), `${where}: a refusal changed the state`).toBe(before);
        } else {
          expect(specMismatch(operationId, response.status, response.body), where).toBeUndefined();
          expect(forbidden, `${where}: a success the rules forbid`).toBeUndefined();
          after();
        }
        assertInvariants(exchange, start);
      }
      // What GET /portfolio/positions lists is what the fills make: YES bought (bid fills) less NO bought (ask fills)
      // per market (notes §7: position_fp signed, + YES, − NO), read through the API, not the ledger.
      for (const [who, party] of parties.entries()) {
        const net = new Map<string, number>();
        for (const fill of exchange.fills)
          if (fill.userId === party.userId)
            net.set(fill.ticker, (net.get(fill.ticker) ?? 0) + (fill.side === 'bid' ? fill.count : -fill.count));
        const listed = (await send(who, 'GET', '/portfolio/positions?limit=1000')).body.market_positions as {
          ticker: string;
          position_fp: string;
        }[];
        const positions = new Map(listed.map((p) => [p.ticker, parseFp(p.position_fp)]));
        for (const [ticker, count] of net) expect(positions.get(ticker) ?? 0, `${who} ${ticker}`).toBe(count);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
}, 120_000);
