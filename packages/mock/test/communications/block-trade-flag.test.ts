import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src/exchange/exchange';
import { asUser, type Harness, harness, order } from '../helpers';
import { openSession } from '../stream/session';

// Which trades are block trades, on every surface that reports it. Spec 3.31.0:
// - Trade.is_block_trade: "True if this trade was matched off-book as a block trade (e.g. via RFQ / negotiated block
//   proposal); false for trades that filled on the standard order book."
// - IsBlockTradeQuery (GET /markets/trades and /historical/trades): "Omit to return all trades. Set to `true` to
//   return only block trades. Set to `false` to return only non-block trades."
// - AsyncAPI trade message is_block_trade: "True if the trade was matched off book as a block trade".

const OTHER_ID = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const TICKER = 'KXFED-26DEC15-T4.00';

let h: Harness;
let other: (method: string, path: string, body?: unknown) => ReturnType<Harness['call']>;

beforeEach(async () => {
  h = await harness({ seed: 3, now: Date.UTC(2026, 10, 20, 12) });
  other = await asUser(h.mock, OTHER_ID);
});

/** One trade of each kind on TICKER: 1 on the book, 2 by RFQ, 4 by a negotiated block proposal. */
async function tradeEachWay() {
  expect(
    (await other('POST', '/portfolio/events/orders', order(TICKER, { side: 'ask', price: '0.6000' }))).status,
  ).toBe(201);
  expect((await h.call('POST', '/portfolio/events/orders', order(TICKER, { price: '0.6000' }))).status).toBe(201);

  const rfq = await h.call('POST', '/communications/rfqs', {
    market_ticker: TICKER,
    contracts_fp: '2.00',
    rest_remainder: false,
  });
  const quote = await other('POST', '/communications/quotes', {
    rfq_id: rfq.body.id,
    yes_bid: '0.4000',
    no_bid: '0.5500',
    rest_remainder: false,
  });
  expect((await h.call('PUT', `/communications/quotes/${quote.body.id}/accept`, { accepted_side: 'yes' })).status).toBe(
    204,
  );
  expect((await other('PUT', `/communications/quotes/${quote.body.id}/confirm`, {})).status).toBe(204);

  const proposal = await h.call('POST', '/communications/block-trade-proposals', {
    buyer_user_id: TEST_USER_ID,
    seller_user_id: OTHER_ID,
    market_ticker: TICKER,
    price_centi_cents: 5000,
    centicount: 400,
    maker_side: 'no',
    expiration_ts: new Date(Date.UTC(2026, 10, 20, 13)).toISOString(),
  });
  const accepted = await other(
    'POST',
    `/communications/block-trade-proposals/${proposal.body.block_trade_proposal_id}/accept`,
    {},
  );
  expect(accepted.status).toBe(204);
}

const tape = async (filter: string) =>
  ((await h.call('GET', `/markets/trades?ticker=${TICKER}${filter}`)).body.trades as Record<string, unknown>[]).map(
    (t) => [t.count_fp, t.is_block_trade],
  );

describe('block trades', () => {
  it('an RFQ execution and a block proposal are flagged block trades; a book match is not', async () => {
    await tradeEachWay();
    expect(await tape('')).toEqual([
      ['4.00', true],
      ['2.00', true],
      ['1.00', false],
    ]);
  });

  it('is_block_trade=true returns only block trades, =false only the others', async () => {
    await tradeEachWay();
    expect(await tape('&is_block_trade=true')).toEqual([
      ['4.00', true],
      ['2.00', true],
    ]);
    expect(await tape('&is_block_trade=false')).toEqual([['1.00', false]]);
  });

  it('/historical/trades filters by the same flag', async () => {
    await tradeEachWay();
    // Past the historical cutoff, every trade so far is historical.
    h.mock.exchange.advanceTime(200 * 86_400_000);
    const historical = async (filter: string) =>
      (
        (await h.call('GET', `/historical/trades?ticker=${TICKER}${filter}`)).body.trades as Record<string, unknown>[]
      ).map((t) => [t.count_fp, t.is_block_trade]);
    expect(await historical('&is_block_trade=true')).toEqual([
      ['4.00', true],
      ['2.00', true],
    ]);
    expect(await historical('&is_block_trade=false')).toEqual([['1.00', false]]);
  });

  // kalshi-api-notes §7: a Fill's `trade_id` (= `fill_id`), recorded for book fills; the notes do not set block trades
  // apart, so a fill of an RFQ execution or a block proposal names its trade the same way.
  it("each fill's fill_id is its trade_id, a trade on the tape, block trades too", async () => {
    await tradeEachWay();
    const tape = (await h.call('GET', `/markets/trades?ticker=${TICKER}`)).body.trades as Record<string, unknown>[];
    const trades = new Map(tape.map((t) => [t.trade_id, t.count_fp]));
    const fills = [];
    for (const as of [h.call, other])
      fills.push(...((await as('GET', `/portfolio/fills?ticker=${TICKER}`)).body.fills as Record<string, unknown>[]));
    // Both parties' fills of the RFQ execution and the block proposal, and at least one side of the book trade.
    expect(fills.length).toBeGreaterThanOrEqual(5);
    expect(fills.map((f) => [f.count_fp, f.fill_id, trades.get(f.trade_id)])).toEqual(
      fills.map((f) => [f.count_fp, f.trade_id, f.count_fp]),
    );
  });

  it('the WebSocket trade messages carry the same flag', async () => {
    const ws = openSession({ exchange: h.mock.exchange });
    ws.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [TICKER] } });
    await tradeEachWay();
    const trades = ws.frames.filter((f) => f.type === 'trade').map((f) => [f.msg.count_fp, f.msg.is_block_trade]);
    expect(trades).toEqual([
      ['1.00', false],
      ['2.00', true],
      ['4.00', true],
    ]);
    ws.session.dispose();
  });
});
