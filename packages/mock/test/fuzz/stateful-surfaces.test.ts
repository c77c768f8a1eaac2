import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../src/exchange/catalog';
import { TEST_USER_ID } from '../../src/exchange/exchange';
import { communications } from '../../src/exchange/rfqs';
import { asUser, type Harness, harness } from '../helpers';
import { assertInvariants, cashOf, digest, isKalshiErrorBody } from './invariants';
import { specMismatch } from './responses';

// Stateful fuzzing of the less-travelled write surfaces (RFQs and quotes, block trades, subaccount transfers, order
// groups) by two accounts, with valid and broken bodies drawn per operation. Every answer: no 5xx, a 2xx is the body
// the spec (3.31.0) declares for its operation and status, an error is one of Kalshi's shapes (notes §3.1). After
// each sequence the reads agree with each other: an object read by id equals its entry in the list, an order group
// lists exactly the orders that name it, and cash only moves by the documented amounts.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const PEER_ID = '2c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f';

type Who = 'me' | 'peer';
/** `auto`: the party the operation is for (the RFQ's creator accepts a quote, the quoter confirms it). */
type Sender = Who | 'auto';
type Caller = (method: string, path: string, body?: unknown) => ReturnType<Harness['call']>;

/** One step: an operation, who sends it, and indexes into what the run has created so far. */
interface Step {
  readonly operationId: string;
  readonly who: Sender;
  readonly index: number;
  readonly body?: unknown;
  /** The path, unless it names an object the run created (resolveStep). */
  readonly path: string;
  readonly method: string;
}

interface Ids {
  readonly rfqs: string[];
  readonly quotes: string[];
  readonly proposals: string[];
  readonly groups: string[];
  readonly orders: string[];
  readonly tickers: string[];
}

const pick = (items: readonly string[], index: number) => items[index % Math.max(1, items.length)] ?? 'none';

const price = fc.constantFrom('0.0100', '0.2500', '0.4000', '0.5000', '0.5500', '0.9900', '0.00', '0.6');
const badFixed = fc.constantFrom('1e3', '0.00001', '-0', '-1.00', '', 'abc', ' 1', '1.', '.5', '0x10');
const count = fc.constantFrom('1', '1.00', '2.50', '10', '0.01');
const sub = fc.oneof(
  { weight: 12, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(1, 2, 63, 64, -1) },
);

/** A valid body now and then broken: a field of the wrong type, a bad fixed-point string, or left out. */
function broken<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 20, arbitrary: valid },
    {
      weight: 1,
      arbitrary: valid.chain((body) =>
        fc
          .tuple(
            fc.constantFrom(...Object.keys(body), 'x'),
            fc.oneof(badFixed, fc.constantFrom<unknown>(null, 1, 1.5, true, [], {}, 'x'.repeat(300))),
          )
          .map(([key, value]) => ({ ...body, [key]: value })),
      ),
    },
    {
      weight: 1,
      arbitrary: valid.chain((body) =>
        fc.constantFrom(...Object.keys(body), 'x').map((key) => {
          const { [key]: _, ...rest } = body;
          return rest;
        }),
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, [], 'x', 1, {}) },
  );
}

const who = fc.constantFrom<Sender>('auto', 'auto', 'me', 'peer');
const index = fc.nat(50);

/** Every step, creations weighted up so that later steps find objects to act on. */
const steps: (fc.Arbitrary<Step> | fc.WeightedArbitrary<Step>)[] = [
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('CreateRFQ'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/communications/rfqs'),
      body: broken(
        fc.record(
          {
            market_ticker: fc.nat(20).map(String),
            contracts_fp: count,
            target_cost_dollars: fc.constantFrom('1.00', '5.5000', '0.01'),
            rest_remainder: fc.boolean(),
            replace_existing: fc.boolean(),
            obscure_creator_id: fc.boolean(),
            subaccount: sub,
          },
          { requiredKeys: ['market_ticker', 'rest_remainder'] },
        ),
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('CreateQuote'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/communications/quotes'),
      body: broken(
        fc.record(
          {
            rfq_id: fc.nat(20).map(String),
            yes_bid: price,
            no_bid: price,
            rest_remainder: fc.boolean(),
            subaccount: sub,
          },
          { requiredKeys: ['rfq_id', 'yes_bid', 'no_bid', 'rest_remainder'] },
        ),
      ),
    }),
  },
  ...(['AcceptQuote', 'ConfirmQuote', 'DeleteQuote'] as const).map((operationId) =>
    fc.record({
      operationId: fc.constant(operationId),
      who,
      index,
      method: fc.constant(operationId === 'DeleteQuote' ? 'DELETE' : 'PUT'),
      path: fc.constant(''),
      body:
        operationId === 'AcceptQuote'
          ? broken(fc.record({ accepted_side: fc.constantFrom('yes', 'no') }))
          : fc.constant(operationId === 'ConfirmQuote' ? {} : undefined),
    }),
  ),
  fc.record({
    operationId: fc.constant('DeleteRFQ'),
    who,
    index,
    method: fc.constant('DELETE'),
    path: fc.constant(''),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('ProposeBlockTrade'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/communications/block-trade-proposals'),
      body: broken(
        fc.record({
          buyer_user_id: fc.constantFrom(TEST_USER_ID, PEER_ID),
          // Mostly the other party of the buyer ('other', resolved at send time); now and then the buyer again.
          seller_user_id: fc.constantFrom('other', 'other', 'other', TEST_USER_ID),
          market_ticker: fc.nat(20).map(String),
          price_centi_cents: fc.constantFrom(100, 4_000, 5_000, 9_900, 10_000, 0, 4_050),
          centicount: fc.constantFrom(1, 100, 250, 100_000),
          maker_side: fc.constantFrom('yes', 'no'),
          expiration_ts: fc.constantFrom('2026-12-01T01:00:00Z', '2027-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
        }),
      ),
    }),
  },
  fc.record({
    operationId: fc.constant('AcceptBlockTradeProposal'),
    who,
    index,
    method: fc.constant('POST'),
    path: fc.constant(''),
    body: broken(fc.record({ subaccount: sub }, { requiredKeys: [] })),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('CreateSubaccount'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/portfolio/subaccounts'),
      body: fc.constant({}),
    }),
  },
  fc.record({
    operationId: fc.constant('ApplySubaccountTransfer'),
    who,
    index,
    method: fc.constant('POST'),
    path: fc.constant('/portfolio/subaccounts/transfer'),
    body: broken(
      fc.record({
        client_transfer_id: fc.constantFrom(1, 2, 3, 4, 5, 6).map((n) => `f2b1a0e4-1111-4a4a-8b8b-00000000000${n}`),
        from_subaccount: fc.constantFrom(0, 0, 1, 2, 3),
        to_subaccount: fc.constantFrom(0, 1, 2, 3),
        amount_cents: fc.constantFrom(1, 100, 12_345, 0, -5, 10_000_000_000),
      }),
    ),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('CreateOrderGroup'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/portfolio/order_groups/create'),
      body: broken(fc.record({ contracts_limit_fp: count, subaccount: sub }, { requiredKeys: ['contracts_limit_fp'] })),
    }),
  },
  ...(['TriggerOrderGroup', 'ResetOrderGroup', 'DeleteOrderGroup', 'UpdateOrderGroupLimit'] as const).map(
    (operationId) =>
      fc.record({
        operationId: fc.constant(operationId),
        who,
        index,
        method: fc.constant(operationId === 'DeleteOrderGroup' ? 'DELETE' : 'PUT'),
        path: fc.constant(''),
        body:
          operationId === 'UpdateOrderGroupLimit'
            ? broken(fc.record({ contracts_limit_fp: count }))
            : fc.constant(operationId === 'DeleteOrderGroup' ? undefined : {}),
      }),
  ),
  {
    weight: 4,
    arbitrary: fc.record({
      operationId: fc.constant('CreateOrderV2'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant('/portfolio/events/orders'),
      body: broken(
        fc.record(
          {
            ticker: fc.nat(20).map(String),
            side: fc.constantFrom('bid', 'ask'),
            count,
            price,
            time_in_force: fc.constantFrom('good_till_canceled', 'immediate_or_cancel'),
            self_trade_prevention_type: fc.constant('taker_at_cross'),
            order_group_id: fc.nat(20).map(String),
            subaccount: sub,
          },
          { requiredKeys: ['ticker', 'side', 'count', 'price', 'time_in_force', 'self_trade_prevention_type'] },
        ),
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      operationId: fc.constant('CreateMarketInMultivariateEventCollection'),
      who,
      index,
      method: fc.constant('POST'),
      path: fc.constant(''),
      // Legs are drawn at send time from the collection's events: `index` picks the collection, these the legs.
      body: fc.record({
        legs: fc.array(fc.tuple(fc.nat(20), fc.constantFrom('yes', 'no')), { minLength: 1, maxLength: 4 }),
        with_market_payload: fc.boolean(),
      }),
    }),
  },
  // A user's cash is set low (control API), so that writes meet insufficient_balance.
  fc.record({
    operationId: fc.constant('SetBalance'),
    who: fc.constantFrom<Sender>('me', 'peer'),
    index: fc.constantFrom(0, 1_000_000, 50_000_000),
    method: fc.constant(''),
    path: fc.constant(''),
  }),
  // The clock moves (control API; Kalshi's clock moves too): quotes and proposals expire, groups' windows slide.
  fc.record({
    operationId: fc.constant('AdvanceTime'),
    who,
    index: fc.constantFrom(1_000, 16_000, 60_000, 3_600_000),
    method: fc.constant(''),
    path: fc.constant(''),
  }),
];

/** The path of a step whose target is an object the run created; body fields naming objects resolved likewise. */
function resolveStep(
  step: Step,
  ids: Ids,
  exchange: Harness['mock']['exchange'],
): { path: string; body: unknown; who: Who } {
  const rfq = pick(ids.rfqs, step.index);
  const quote = pick(ids.quotes, step.index);
  const desk = communications(exchange);
  const proposal = desk.proposals.get(pick(ids.proposals, step.index));
  const quoteState = desk.quotes.get(quote);
  const owner = (userId: string | undefined): Who => (userId === PEER_ID ? 'peer' : 'me');
  const other = (userId: string | undefined): Who => (userId === PEER_ID ? 'me' : 'peer');
  const auto: Record<string, Who> = {
    CreateQuote: 'peer',
    AcceptQuote: owner(quoteState && desk.rfqs.get(quoteState.rfqId)?.userId),
    ConfirmQuote: owner(quoteState?.userId),
    DeleteQuote: owner(quoteState?.userId),
    DeleteRFQ: owner(desk.rfqs.get(rfq)?.userId),
    AcceptBlockTradeProposal:
      proposal?.buyerAcceptedTime === undefined ? owner(proposal?.buyerUserId) : other(proposal?.buyerUserId),
  };
  const who = step.who === 'auto' ? (auto[step.operationId] ?? 'me') : step.who;
  const group = pick(ids.groups, step.index);
  const paths: Record<string, string> = {
    AcceptQuote: `/communications/quotes/${quote}/accept`,
    ConfirmQuote: `/communications/quotes/${quote}/confirm`,
    DeleteQuote: `/communications/quotes/${quote}`,
    DeleteRFQ: `/communications/rfqs/${rfq}`,
    AcceptBlockTradeProposal: `/communications/block-trade-proposals/${pick(ids.proposals, step.index)}/accept`,
    TriggerOrderGroup: `/portfolio/order_groups/${group}/trigger`,
    ResetOrderGroup: `/portfolio/order_groups/${group}/reset`,
    DeleteOrderGroup: `/portfolio/order_groups/${group}`,
    UpdateOrderGroupLimit: `/portfolio/order_groups/${group}/limit`,
  };
  let body = step.body;
  if (step.operationId === 'CreateMarketInMultivariateEventCollection') {
    const all = collections(exchange);
    const found = all[step.index % Math.max(1, all.length)];
    const { legs, with_market_payload } = step.body as { legs: [number, string][]; with_market_payload: boolean };
    const selected_markets = legs.map(([n, side], i) => {
      const event = found?.events[(n + i) % found.events.length];
      const markets = [...exchange.markets.values()].filter((m) => m.eventTicker === event?.eventTicker);
      return {
        event_ticker: event?.eventTicker,
        market_ticker: markets[n % Math.max(1, markets.length)]?.ticker,
        side,
      };
    });
    return {
      path: `/multivariate_event_collections/${found?.ticker ?? 'none'}`,
      body: { selected_markets, with_market_payload },
      who,
    };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = { ...(body as Record<string, unknown>) };
    for (const key of ['market_ticker', 'ticker'])
      if (typeof b[key] === 'string' && /^\d+$/.test(b[key] as string)) b[key] = pick(ids.tickers, Number(b[key]));
    if (b.seller_user_id === 'other') b.seller_user_id = b.buyer_user_id === TEST_USER_ID ? PEER_ID : TEST_USER_ID;
    if (typeof b.rfq_id === 'string' && /^\d+$/.test(b.rfq_id)) b.rfq_id = pick(ids.rfqs, Number(b.rfq_id));
    if (typeof b.order_group_id === 'string' && /^\d+$/.test(b.order_group_id)) {
      // Most orders stand alone; some join a group.
      const n = Number(b.order_group_id);
      if (n % 3 === 0 && ids.groups.length) b.order_group_id = pick(ids.groups, n);
      else delete b.order_group_id;
    }
    body = b;
  }
  return { path: paths[step.operationId] ?? step.path, body, who };
}

let h: Harness;
let callers: Record<Who, Caller>;

beforeAll(async () => {
  h = await harness({ seed: 7, now: Date.UTC(2026, 11, 1), rateLimit: 'prime' });
  callers = { me: h.call, peer: await asUser(h.mock, PEER_ID) };
});

async function checked(caller: Caller, operationId: string, method: string, path: string, body?: unknown) {
  const response = await caller(method, path, body);
  const where = `${operationId} ${method} ${path} ${JSON.stringify(body)?.slice(0, 300)} → ${response.status} ${JSON.stringify(response.body)?.slice(0, 400)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 400) expect(isKalshiErrorBody(response.body), where).toBe(true);
  else if (response.body !== undefined)
    expect(specMismatch(operationId, response.status, response.body), where).toBeUndefined();
  return response;
}

/** Reads by id agree with the lists, for one account. */
async function assertReadsAgree(caller: Caller): Promise<void> {
  const rfqs = (await checked(caller, 'GetRFQs', 'GET', '/communications/rfqs?limit=100')).body.rfqs;
  for (const rfq of rfqs) {
    const one = await checked(caller, 'GetRFQ', 'GET', `/communications/rfqs/${rfq.id}`);
    expect(one.body.rfq, `GetRFQ ${rfq.id} vs GetRFQs`).toEqual(rfq);
  }
  const quotes = (await checked(caller, 'GetQuotes', 'GET', '/communications/quotes?limit=500')).body.quotes;
  for (const quote of quotes) {
    const one = await checked(caller, 'GetQuote', 'GET', `/communications/quotes/${quote.id}`);
    expect(one.body.quote, `GetQuote ${quote.id} vs GetQuotes`).toEqual(quote);
    const nested = await checked(
      caller,
      'GetRFQQuote',
      'GET',
      `/communications/rfqs/${quote.rfq_id}/quotes/${quote.id}`,
    );
    expect(nested.body.quote, `GetRFQQuote ${quote.id} vs GetQuotes`).toEqual(quote);
  }
  const orders = (await checked(caller, 'GetOrders', 'GET', '/portfolio/orders?limit=1000')).body.orders;
  for (const order of orders) {
    const one = await checked(caller, 'GetOrder', 'GET', `/portfolio/orders/${order.order_id}`);
    expect(one.body.order, `GetOrder ${order.order_id} vs GetOrders`).toEqual(order);
  }
  const groups = (await checked(caller, 'GetOrderGroups', 'GET', '/portfolio/order_groups')).body.order_groups;
  for (const group of groups) {
    const one = await checked(caller, 'GetOrderGroup', 'GET', `/portfolio/order_groups/${group.id}`);
    expect(one.body.is_auto_cancel_enabled, group.id).toBe(group.is_auto_cancel_enabled);
    expect(one.body.contracts_limit_fp, group.id).toBe(group.contracts_limit_fp);
    // Membership (notes §5.14: the group's `orders` are its order ids) is the resting orders that name the group (a
    // canceled member is not listed: order-groups.test.ts).
    const members = orders
      .filter(
        (o: { order_group_id?: string; status: string }) => o.order_group_id === group.id && o.status === 'resting',
      )
      .map((o: { order_id: string }) => o.order_id);
    expect([...one.body.orders].sort(), `order group ${group.id} members`).toEqual(members.sort());
  }
  const proposals = (await checked(caller, 'GetBlockTradeProposals', 'GET', '/communications/block-trade-proposals'))
    .body.block_trade_proposals;
  expect(new Set(proposals.map((p: { id: string }) => p.id)).size).toBe(proposals.length);
  // Per subaccount: its balance read alone equals its row in the subaccount balances, and each market's position is
  // the signed sum of its fills (notes §7: one signed position_fp per market, + YES, − NO; book_side bid = YES).
  const balances = (await checked(caller, 'GetSubaccountBalances', 'GET', '/portfolio/subaccounts/balances')).body
    .subaccount_balances;
  for (const row of balances) {
    const n = row.subaccount_number;
    const balance = await checked(caller, 'GetBalance', 'GET', `/portfolio/balance?subaccount=${n}`);
    expect(balance.body.balance_dollars, `subaccount ${n} balance vs subaccount_balances`).toBe(row.balance);
    const fills = (await checked(caller, 'GetFills', 'GET', `/portfolio/fills?subaccount=${n}&limit=1000`)).body.fills;
    const net = new Map<string, number>();
    for (const fill of fills) {
      const units = Math.round(Number(fill.count_fp) * 100) * (fill.book_side === 'bid' ? 1 : -1);
      net.set(fill.ticker, (net.get(fill.ticker) ?? 0) + units);
    }
    const positions = (await checked(caller, 'GetPositions', 'GET', `/portfolio/positions?subaccount=${n}&limit=1000`))
      .body.market_positions;
    const held = new Map<string, number>(
      positions.map((p: { ticker: string; position_fp: string }) => [
        p.ticker,
        Math.round(Number(p.position_fp) * 100),
      ]),
    );
    for (const [ticker, units] of net)
      expect(held.get(ticker) ?? 0, `subaccount ${n} ${ticker}: position vs fills`).toBe(units);
    for (const [ticker, units] of held)
      expect(net.get(ticker) ?? 0, `subaccount ${n} ${ticker}: position vs fills`).toBe(units);
  }
}

describe('stateful fuzzing of RFQs, quotes, block trades, subaccount transfers and order groups', () => {
  it(`answers ${RUNS} seeded sequences per the spec and keeps the reads consistent`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...steps.map((s) => ('weight' in s ? s : { arbitrary: s, weight: 1 }))), {
          minLength: 5,
          maxLength: 40,
          size: 'max',
        }),
        async (sequence) => {
          h.mock.exchange.reset();
          const start = cashOf(h.mock.exchange);
          const ids: Ids = {
            rfqs: [],
            quotes: [],
            proposals: [],
            groups: [],
            orders: [],
            tickers: [...h.mock.exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker),
          };
          for (const step of sequence) {
            if (step.operationId === 'AdvanceTime') {
              h.mock.exchange.advanceTime(step.index);
              continue;
            }
            if (step.operationId === 'SetBalance') {
              // Above what the user's resting orders hold (setBalance refuses less); the start moves by the change.
              const userId = step.who === 'peer' ? PEER_ID : TEST_USER_ID;
              const account = h.mock.exchange.accounts.get(userId);
              if (!account) continue;
              const cash = Math.ceil((account.locked + step.index) / 10_000) * 10_000;
              start.set(userId, (start.get(userId) ?? 0) + cash - account.cash);
              h.mock.exchange.setBalance(userId, cash);
              continue;
            }
            const { path, body, who } = resolveStep(step, ids, h.mock.exchange);
            const before = digest(h.mock.exchange, [TEST_USER_ID, PEER_ID]);
            const response = await checked(callers[who], step.operationId, step.method, path, body);
            // A refused write changes nothing (brief; notes §3.2 list refusals, never a partial effect).
            if (response.status >= 400)
              expect(digest(h.mock.exchange, [TEST_USER_ID, PEER_ID]), `${step.operationId} ${response.status}`).toBe(
                before,
              );
            // The invariants' cash sums know fills, not settlements: checked until a market settles.
            if (h.mock.exchange.settlements.length === 0) assertInvariants(h.mock.exchange, start);
            if (response.status >= 300) continue;
            const created = response.body ?? {};
            if (step.operationId === 'CreateRFQ') ids.rfqs.push(created.id);
            if (step.operationId === 'CreateQuote') ids.quotes.push(created.id);
            if (step.operationId === 'ProposeBlockTrade') ids.proposals.push(created.block_trade_proposal_id);
            if (step.operationId === 'CreateOrderGroup') ids.groups.push(created.order_group_id);
            if (step.operationId === 'CreateOrderV2') ids.orders.push(created.order_id);
            if (step.operationId === 'CreateMarketInMultivariateEventCollection')
              ids.tickers.push(created.market_ticker);
          }
          for (const caller of Object.values(callers)) await assertReadsAgree(caller);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
