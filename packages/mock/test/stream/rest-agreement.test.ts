// The private channels against the REST reads of the same moment (kalshi-api-notes §9.6, §5.4, §7): after every
// step of a seeded mix of writes, a subscriber's last `user_order` for each of its orders says what
// `GET /portfolio/orders/{id}` says (status, counts, costs, fees, last update), its last `market_position` per market
// what `GET /portfolio/positions` says, and every fill REST lists came on `fill` once, with the same ids and amounts.
// A write whose message is missing leaves a subscriber believing an order rests, or a position is held, that REST
// says is not.
import { describe, expect, it } from 'vitest';
import { Exchange, ExchangeError, TEST_USER_ID } from '../../src';
import { ledger } from '../../src/exchange/accounts';
import { createOrderGroup } from '../../src/exchange/order-groups';
import { createRng } from '../../src/exchange/rng';
import { orderAmounts, presentFill, presentMarket, presentPosition } from '../../src/shared/present';
import { expectConforming } from './conformance';
import { openSession } from './session';

const OTHER = '00000000-0000-4000-8000-0000000000c3';

describe('user_order, market_position and fill against REST', () => {
  it('agree after every create, cross, amend, decrease, cancel, group trigger, expiry, close and pause', async () => {
    const exchange = new Exchange({ seed: 5, now: Date.UTC(2026, 11, 1) });
    const tickers = [...exchange.markets.values()].filter((m) => m.status === 'active').map((m) => m.ticker);
    const markets = tickers.slice(0, 2);
    const h = openSession({ exchange });
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders', 'market_positions', 'fill'] } });
    h.send({ id: 2, cmd: 'subscribe', params: { channels: ['order_group_updates', 'ticker'] } });
    h.send({ id: 3, cmd: 'subscribe', params: { channels: ['orderbook_delta', 'trade'], market_tickers: markets } });
    exchange.setBalance(TEST_USER_ID, 1e12);
    exchange.setBalance(OTHER, 1e12);
    const random = createRng(7);
    const pick = (n: number) => Math.floor(random() * n);
    const groups: string[] = [];
    for (let step = 0; step < 400; step++) {
      const user = random() < 0.6 ? TEST_USER_ID : OTHER;
      const ticker = markets[pick(markets.length)] as string;
      const mine = [...exchange.orders.values()].filter((o) => o.status === 'resting' && o.userId === user);
      const target = mine[pick(mine.length)];
      const roll = random();
      let what = 'create';
      try {
        if (roll < 0.5 || !target) {
          const inGroup = user === TEST_USER_ID && groups.length > 0 && random() < 0.3;
          exchange.createOrder(user, {
            ticker,
            side: random() < 0.5 ? 'bid' : 'ask',
            price: (40 + pick(20)) * 10_000,
            count: 1 + pick(500),
            timeInForce: random() < 0.8 ? 'good_till_canceled' : 'immediate_or_cancel',
            selfTradePrevention: random() < 0.5 ? 'maker' : 'taker_at_cross',
            ...(random() < 0.2 ? { expirationTime: Math.floor(exchange.now() / 1000) + 1 + pick(60) } : {}),
            ...(inGroup ? { orderGroupId: groups[pick(groups.length)] } : {}),
            ...(random() < 0.3 ? { cancelOnPause: true } : {}),
          });
        } else if (roll < 0.62) {
          what = 'amend';
          exchange.amendOrder(user, target.orderId, {
            ticker: target.ticker,
            side: target.side,
            price: (40 + pick(20)) * 10_000,
            count: target.fillCount + 1 + pick(500),
          });
        } else if (roll < 0.72) {
          what = 'decrease';
          exchange.decreaseOrder(user, target.orderId, { reduceTo: pick(target.remainingCount) });
        } else if (roll < 0.8) {
          what = 'cancel';
          exchange.cancelOrder(user, target.orderId);
        } else if (roll < 0.85) {
          what = 'group';
          groups.push(createOrderGroup(exchange, TEST_USER_ID, { limit: 100 * (1 + pick(5)) }).id);
        } else if (roll < 0.92) {
          what = 'time';
          exchange.advanceTime(1000 * (1 + pick(30)));
        } else if (roll < 0.96) {
          what = 'pause';
          exchange.pause({ kind: 'trading' });
          exchange.resume();
        } else if (roll < 0.965 && step > 300) {
          // Late in the run: a close cancels the market's resting orders (kalshi-api-notes §5.16).
          what = 'close';
          exchange.setMarketStatus(ticker, 'closed');
        } else {
          what = 'cancel all';
          exchange.cancelAll(user);
        }
      } catch (error) {
        // Refusals (insufficient size, a triggered group, say) change nothing; anything else is a bug.
        if (!(error instanceof ExchangeError)) throw error;
      }
      const at = `step ${step} (${what})`;
      const last = new Map<string, Record<string, unknown>>();
      for (const f of h.frames) if (f.type === 'user_order') last.set(f.msg.order_id, f.msg);
      for (const order of exchange.orders.values()) {
        if (order.userId !== TEST_USER_ID) continue;
        const { status, last_updated_ts_ms, ...amounts } = last.get(order.orderId) ?? {};
        expect({ at, status, last_updated_ts_ms, ...pickKeys(amounts, orderAmounts(order)) }).toEqual({
          at,
          status: order.status,
          last_updated_ts_ms: order.lastUpdateTime,
          ...orderAmounts(order),
        });
      }
      const positions = new Map<string, Record<string, unknown>>();
      for (const f of h.frames) if (f.type === 'market_position') positions.set(f.msg.market_ticker, f.msg);
      for (const [ticker, position] of ledger(exchange, TEST_USER_ID).positions) {
        const rest = presentPosition(exchange, ticker, position);
        expect({ at, ...pickKeys(positions.get(ticker) ?? {}, { position_fp: 0, realized_pnl_dollars: 0 }) }).toEqual({
          at,
          position_fp: rest.position_fp,
          realized_pnl_dollars: rest.realized_pnl_dollars,
        });
        expect({ at, fees: positions.get(ticker)?.fees_paid_dollars }).toEqual({ at, fees: rest.fees_paid_dollars });
      }
      // The last ticker of each market against GET /markets/{ticker} (a ticker goes out whenever a field changes).
      const tickerMsgs = new Map<string, Record<string, unknown>>();
      for (const f of h.frames) if (f.type === 'ticker') tickerMsgs.set(f.msg.market_ticker, f.msg);
      for (const [market, msg] of tickerMsgs) {
        const rest = presentMarket(exchange, exchange.market(market));
        const fields = ['yes_bid_dollars', 'yes_ask_dollars', 'yes_bid_size_fp', 'yes_ask_size_fp', 'volume_fp'];
        expect({
          at,
          market,
          ...pickKeys(msg, rest, [...fields, 'open_interest_fp']),
          price: msg.price_dollars,
        }).toEqual({
          at,
          market,
          ...pickKeys(rest, rest, [...fields, 'open_interest_fp']),
          price: rest.last_price_dollars,
        });
      }
      const wsFills = h.frames.filter((f) => f.type === 'fill').map((f) => f.msg);
      const restFills = exchange.fills.filter((f) => f.userId === TEST_USER_ID).map((f) => presentFill(exchange, f));
      expect({ at, fills: wsFills.length }).toEqual({ at, fills: restFills.length });
      restFills.forEach((rest, i) => {
        const ws = wsFills[i] as Record<string, unknown>;
        expect({
          at,
          ...pickKeys(ws, rest, ['trade_id', 'order_id', 'count_fp', 'yes_price_dollars', 'fee_cost', 'ts']),
        }).toEqual({
          at,
          ...pickKeys(rest, rest, ['trade_id', 'order_id', 'count_fp', 'yes_price_dollars', 'fee_cost', 'ts']),
        });
      });
    }
    // Every frame also satisfies Kalshi's AsyncAPI schemas, and each sid's seq runs 1, 2, 3… without a gap (§9.7).
    await expectConforming(h.frames);
    const seqs = new Map<number, number[]>();
    for (const f of h.frames) if (f.seq !== undefined) seqs.set(f.sid, [...(seqs.get(f.sid) ?? []), f.seq]);
    expect(seqs.size).toBe(3); // order_group_updates, orderbook_delta, trade
    for (const [sid, list] of seqs) expect({ sid, list }).toEqual({ sid, list: list.map((_, i) => i + 1) });
  });
});

/** `from`'s values of the keys of `like` (or of `keys`). */
function pickKeys(from: Record<string, unknown>, like: Record<string, unknown>, keys = Object.keys(like)) {
  return Object.fromEntries(keys.map((key) => [key, from[key]]));
}
