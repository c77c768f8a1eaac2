// WebSocket commands held against Kalshi's AsyncAPI spec (2.0.0) and kalshi-api-notes §9.2–9.4, on a session with
// a recording transport: every frame a test causes is also validated against the spec's message schemas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marketId } from '../../src/stream/messages';
import { expectConforming } from './conformance';
import { activeTickers, openSession, type SessionHarness } from './session';

let h: SessionHarness;
let active: string[];
beforeEach(() => {
  h = openSession();
  active = activeTickers(h.exchange);
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

describe('subscribe', () => {
  it('answers every channel of a multi-channel subscribe before sending any data', () => {
    // Recorded on Kalshi's demo: subscribed, subscribed, then the snapshot (issue 16, defect 7).
    const frames = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta', 'trade'], market_tickers: [active[0]] },
    });
    expect(frames.map((f) => f.type)).toEqual(['subscribed', 'subscribed', 'orderbook_snapshot']);
  });

  it('filters the ticker channel by market_id: the initial snapshot covers only that market', () => {
    const [a, b] = active as [string, string];
    const frames = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_id: marketId(a), send_initial_snapshot: true },
    });
    expect(frames.filter((f) => f.type === 'ticker').map((f) => f.msg.market_ticker)).toEqual([a]);
    // Trading in another market sends nothing; in the subscribed one, a ticker.
    const bid = { side: 'bid', price: 10_000, count: 100, timeInForce: 'good_till_canceled' } as const;
    h.exchange.createOrder('someone', { ticker: b, ...bid, price: 980_000, selfTradePrevention: 'maker' });
    expect(h.frames.filter((f) => f.type === 'ticker' && f.msg.market_ticker === b)).toEqual([]);
    h.exchange.createOrder('someone', { ticker: a, ...bid, price: 980_000, selfTradePrevention: 'maker' });
    expect(h.frames.filter((f) => f.type === 'ticker').at(-1)?.msg.market_ticker).toBe(a);
  });

  it('accepts market_ids on update_subscription for the ticker channel and acks both lists', () => {
    const [a, b] = active as [string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_ids: [marketId(a)] } });
    const [ok] = h.send({
      id: 2,
      cmd: 'update_subscription',
      params: { sid: 1, market_ids: [marketId(b)], action: 'add_markets' },
    });
    // okResponsePayload: "Full list of market tickers/IDs after update".
    expect(ok).toMatchObject({
      id: 2,
      type: 'ok',
      sid: 1,
      msg: { market_tickers: [a, b], market_ids: [marketId(a), marketId(b)] },
    });
  });

  it('rejects market ids on channels other than ticker, and an unknown market id, as invalid parameters', () => {
    const [a] = active as [string];
    const other = h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'], market_ids: [marketId(a)] } });
    expect(other[0]?.msg.code).toBe(11);
    const unknown = h.send({
      id: 2,
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown[0]?.msg.code).toBe(11);
  });

  it('honours skip_ticker_ack given on subscribe: later ok replies omit the market lists', () => {
    const [a, b] = active as [string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [a], skip_ticker_ack: true } });
    const [ok] = h.send({
      id: 2,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [b], action: 'add_markets' },
    });
    expect(ok).toEqual({ id: 2, sid: 1, seq: 1, type: 'ok' });
    // …and update_subscription does not define it: a subscription made without it keeps listing markets.
    h.send({ id: 3, cmd: 'subscribe', params: { channels: ['fill'], market_tickers: [a] } });
    const [listed] = h.send({
      id: 4,
      cmd: 'update_subscription',
      params: { sid: 2, market_tickers: [b], action: 'add_markets', skip_ticker_ack: true },
    });
    expect(listed?.msg).toEqual({ market_tickers: [a, b] });
  });
});

describe('communications sharding (codes 19–22)', () => {
  it.each([
    ['shard_factor 0', 19, { shard_factor: 0 }],
    ['shard_key without shard_factor', 20, { shard_key: 1 }],
    ['shard_key equal to shard_factor', 21, { shard_factor: 4, shard_key: 4 }],
    ['a negative shard_key', 21, { shard_factor: 4, shard_key: -1 }],
    ['shard_factor 101', 22, { shard_factor: 101 }],
  ])('rejects %s with %i', (_name, code, shard) => {
    const [error] = h.send({ id: 5, cmd: 'subscribe', params: { channels: ['communications'], ...shard } });
    expect(error).toMatchObject({ id: 5, type: 'error', msg: { code } });
  });

  it('accepts shard_factor 100 with shard_key 99', () => {
    const [reply] = h.send({
      id: 5,
      cmd: 'subscribe',
      params: { channels: ['communications'], shard_factor: 100, shard_key: 99 },
    });
    expect(reply).toMatchObject({ type: 'subscribed', msg: { channel: 'communications' } });
  });
});

// AsyncAPI subscribe params user_filter: enum ["", "self"]; error 11 "Invalid parameter" (notes §9.4). Outside round
// R-D7: any value was taken.
describe('communications user_filter', () => {
  it.each([1, 'bogus', 'SELF'])('rejects user_filter %j with 11', (userFilter) => {
    const [error] = h.send({
      id: 6,
      cmd: 'subscribe',
      params: { channels: ['communications'], user_filter: userFilter },
    });
    expect(error).toMatchObject({ id: 6, type: 'error', msg: { code: 11 } });
  });

  it.each(['', 'self'])('accepts user_filter %j', (userFilter) => {
    const [reply] = h.send({
      id: 6,
      cmd: 'subscribe',
      params: { channels: ['communications'], user_filter: userFilter },
    });
    expect(reply).toMatchObject({ id: 6, type: 'subscribed', msg: { channel: 'communications' } });
  });
});

describe('cfbenchmarks_value, cfbenchmarks_value_5hz and pyth_value update commands', () => {
  it.each([
    ['cfbenchmarks_value', 'index_ids', 'subscribe_indices', 'unsubscribe_indices', 'indexlist', 24],
    ['cfbenchmarks_value_5hz', 'index_ids', 'subscribe_indices', 'unsubscribe_indices', 'indexlist', 24],
    ['pyth_value', 'underlying_tickers', 'subscribe_underlyings', 'unsubscribe_underlyings', 'underlying_list', 28],
  ])('%s: adds, removes and lists its feeds, and needs the list', (channel, param, add, remove, list, code) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: [channel], [param]: ['A'] } });
    const [added] = h.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, action: add, [param]: ['B'] } });
    expect(added).toMatchObject({ id: 2, type: 'ok', sid: 1, msg: { [param]: ['A', 'B'] } });
    const [removed] = h.send({ id: 3, cmd: 'update_subscription', params: { sid: 1, action: remove, [param]: ['A'] } });
    expect(removed?.msg).toEqual({ [param]: ['B'] });
    const [listed] = h.send({ id: 4, cmd: 'update_subscription', params: { sid: 1, action: list } });
    // The list reply is its own message type, carrying the command id (AsyncAPI *IndexList/*UnderlyingList).
    expect(listed).toMatchObject({ id: 4, sid: 1, msg: { [param]: [] } });
    expect(listed?.type).toBe(channel === 'pyth_value' ? 'pyth_value_underlying_list' : `${channel}_indexlist`);
    for (const action of [add, remove]) {
      const [missing] = h.send({ id: 5, cmd: 'update_subscription', params: { sid: 1, action } });
      expect(missing).toMatchObject({ id: 5, type: 'error', msg: { code } });
      const [empty] = h.send({ id: 6, cmd: 'update_subscription', params: { sid: 1, action, [param]: [] } });
      expect(empty).toMatchObject({ id: 6, type: 'error', msg: { code } });
    }
    // seq counts every reply on the sid.
    expect([added, removed, listed].map((m) => m?.seq)).toEqual([1, 2, 3]);
    const [market] = h.send({ id: 7, cmd: 'update_subscription', params: { sid: 1, action: 'add_markets' } });
    expect(market?.msg.code).toBe(13);
  });
});
