// WebSocket commands held against Kalshi's AsyncAPI spec (2.0.0) and kalshi-api-notes §9.2–9.4, on a session with
// a recording transport: every frame a test causes is also validated against the spec's message schemas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
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

  // Round 38, attack C: a re-subscribe by market_ids merges into the ticker subscription opened by tickers (kalshi-api-
  // notes §9.2: same sid), and the subscription is then one made by id as an update by id makes it (the test above):
  // okResponsePayload gives "Full list of market IDs after update". Before, only update_subscription marked it, so the
  // acks after such a merge listed tickers alone. (The notes are silent on acks after a merge; the mock's own rule for
  // an update by id is what is held here.)
  it('a re-subscribe by market_ids merged into a ticker-opened subscription acks both lists from then on', () => {
    const [a, b, c] = active as [string, string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [a] } });
    const [merged] = h.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_ids: [marketId(b)] } });
    expect(merged).toEqual({ id: 2, type: 'subscribed', msg: { channel: 'ticker', sid: 1 } });
    const [ok] = h.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [c], action: 'add_markets' },
    });
    expect(ok?.msg).toEqual({ market_tickers: [a, b, c], market_ids: [marketId(a), marketId(b), marketId(c)] });
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

  // kalshi-api-notes §9.2: re-subscribing a channel merges into the one subscription; a subscribe that names no market
  // covers every market (§9.5 "optional tickers"), so the merged subscription does too. (Mutation gap SS06.)
  it('re-subscribing a channel without markets widens its subscription to every market, same sid', () => {
    const [a, b] = active as [string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [a] } });
    const [again] = h.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'] } });
    expect(again).toEqual({ id: 2, type: 'subscribed', msg: { channel: 'ticker', sid: 1 } });
    h.exchange.createOrder('someone', {
      ticker: b,
      side: 'bid',
      price: 980_000,
      count: 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'maker',
    });
    expect(h.frames.filter((f) => f.type === 'ticker').map((f) => [f.sid, f.msg.market_ticker])).toEqual([[1, b]]);
  });

  // kalshi-api-notes §9.3: an error's msg may name the market (`market_ticker` / `market_id`, AsyncAPI
  // errorResponsePayload): an unknown market is named as it was given. (Mutation gap SS21.)
  it('names the unknown market in its invalid-parameter error, by ticker or by id', () => {
    const [a] = active as [string];
    const byTicker = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['trade'], market_tickers: [a, 'NOPE-1'] },
    });
    expect(byTicker).toEqual([
      { id: 1, type: 'error', msg: { code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE-1' } },
    ]);
    const id = '00000000-0000-4000-8000-000000000000';
    const byId = h.send({ id: 2, cmd: 'subscribe', params: { channels: ['ticker'], market_ids: [id] } });
    expect(byId[0]?.msg).toEqual({ code: 11, msg: 'Invalid parameter', market_id: id });
  });
});

describe('unsubscribe and update_subscription', () => {
  // kalshi-api-notes §9.4: 4 "Subscription IDs required"; an empty list names none. (Mutation gap SS08.)
  it('rejects an empty sids list with 4', () => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    expect(h.send({ id: 2, cmd: 'unsubscribe', params: { sids: [] } })).toEqual([
      { id: 2, type: 'error', msg: { code: 4, msg: 'Subscription IDs required' } },
    ]);
    expect(h.send({ id: 3, cmd: 'list_subscriptions' })[0]?.msg).toEqual([{ channel: 'trade', sid: 1 }]);
  });

  // kalshi-api-notes §9.7: after unsubscribing nothing more comes on that sid; subscribing again makes a new sid whose
  // seq restarts at 1 (snapshot first). (Mutation gap SS10.)
  it('sends nothing more on an unsubscribed channel; subscribing again is a new sid with seq from 1', () => {
    const [a] = active as [string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a] } });
    expect(h.send({ id: 2, cmd: 'unsubscribe', params: { sids: [1] } })).toEqual([
      { id: 2, sid: 1, seq: 2, type: 'unsubscribed' },
    ]);
    const after = h.frames.length;
    const bid = { ticker: a, side: 'bid', count: 100, timeInForce: 'good_till_canceled' } as const;
    h.exchange.createOrder('someone', { ...bid, price: 10_000, selfTradePrevention: 'maker' });
    expect(h.frames.slice(after)).toEqual([]);
    const again = h.send({ id: 3, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a] } });
    expect(again.map((f) => [f.type, f.sid ?? f.msg.sid, f.seq])).toEqual([
      ['subscribed', 2, undefined],
      ['orderbook_snapshot', 2, 1],
    ]);
    h.exchange.createOrder('someone', { ...bid, price: 20_000, selfTradePrevention: 'maker' });
    expect(h.frames.at(-1)).toMatchObject({ type: 'orderbook_delta', sid: 2, seq: 2 });
  });

  // AsyncAPI: only orderbook_delta, ticker, trade, fill, market_positions and user_orders support add_markets /
  // delete_markets (MARKET_FILTERED_CHANNELS; kalshi-api-notes §9.5: the lifecycle and communications channels have no
  // market filter, order groups ignore it): elsewhere the action is 13 "Unsupported action". (Mutation gap SS13.)
  it.each(['market_lifecycle_v2', 'order_group_updates', 'communications'])(
    'answers add_markets and delete_markets on %s with 13',
    (channel) => {
      const [a] = active as [string];
      h.send({ id: 1, cmd: 'subscribe', params: { channels: [channel] } });
      for (const action of ['add_markets', 'delete_markets'])
        expect(h.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, action, market_tickers: [a] } })).toEqual([
          { id: 2, type: 'error', msg: { code: 13, msg: 'Unsupported action' } },
        ]);
    },
  );
});

// kalshi-api-notes §9.2: every command has an integer `id`, "`0` treated as 'no id'": the reply to a command with id 0
// carries no id, as the reply to one without an id does.
describe('command id 0', () => {
  it('is answered as a command without an id', () => {
    expect(h.send({ id: 0, cmd: 'list_subscriptions' })).toEqual([{ type: 'ok', msg: [] }]);
    expect(h.send({ id: 0, cmd: 'nope' })).toEqual([{ type: 'error', msg: { code: 5, msg: 'Unknown command' } }]);
  });
});

// kalshi-api-notes §9.5: `ticker_v2` was removed (12 Feb 2026) and `event_lifecycle` "is not a subscribable channel — it
// arrives on the lifecycle channels": subscribing to either is 8 "Unknown channel name" (§9.4).
describe('channels that cannot be subscribed', () => {
  it.each(['ticker_v2', 'event_lifecycle'])('answers a subscribe to %s with 8 and opens nothing', (channel) => {
    expect(h.send({ id: 3, cmd: 'subscribe', params: { channels: [channel] } })).toEqual([
      { id: 3, type: 'error', msg: { code: 8, msg: 'Unknown channel name' } },
    ]);
    expect(h.send({ id: 4, cmd: 'list_subscriptions' })).toEqual([{ id: 4, type: 'ok', msg: [] }]);
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

// Commands of the wrong shape and lists that name a thing twice (round 23, W6).
describe('commands of the wrong type', () => {
  // kalshi-api-notes §9.2: ids are integers (AsyncAPI commandId: minimum 0); §9.4: 1 "Unable to process message (bad
  // JSON / wrong types)". An id that is none cannot be echoed, so the error carries no id; the command does not run.
  it.each([
    ['a string', 'a'],
    ['a fraction', 1.5],
    ['a negative number', -1],
    ['a list', [1]],
  ])('answers a command whose id is %s with 1, without an id, and runs nothing', (_name, id) => {
    expect(h.send({ id, cmd: 'subscribe', params: { channels: ['ticker'] } })).toEqual([
      { type: 'error', msg: { code: 1, msg: 'Unable to process message' } },
    ]);
    expect(h.send({ id: 2, cmd: 'list_subscriptions' })).toEqual([{ id: 2, type: 'ok', msg: [] }]);
  });

  // §9.4: 3 "Channels required" is for a missing or empty list; a string where the list belongs is a wrong type, 1.
  // The notes do not record Kalshi's answer to the latter.
  it('answers channels given as a string with 1, and a missing or empty channels list with 3', () => {
    expect(h.send({ id: 3, cmd: 'subscribe', params: { channels: 'ticker' } })).toEqual([
      { id: 3, type: 'error', msg: { code: 1, msg: 'Unable to process message' } },
    ]);
    for (const params of [{}, { channels: [] }])
      expect(h.send({ id: 4, cmd: 'subscribe', params })).toEqual([
        { id: 4, type: 'error', msg: { code: 3, msg: 'Channels required' } },
      ]);
    expect(h.send({ id: 5, cmd: 'list_subscriptions' })).toEqual([{ id: 5, type: 'ok', msg: [] }]);
  });
});

describe('lists that name a sid or a market twice', () => {
  // §9.3: `unsubscribed` is per sid; a sid named twice is one subscription ended once.
  it('answers an unsubscribe naming a sid twice with one unsubscribed for it', () => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade', 'ticker'] } });
    expect(h.send({ id: 2, cmd: 'unsubscribe', params: { sids: [2, 2] } })).toEqual([
      { id: 2, sid: 2, seq: 1, type: 'unsubscribed' },
    ]);
    expect(h.send({ id: 3, cmd: 'list_subscriptions' })[0]?.msg).toEqual([{ channel: 'trade', sid: 1 }]);
  });

  // The notes are silent on a market named twice: the list is read as a set, one snapshot per market. §9.7: seq counts
  // every message on the sid, the ok reply included.
  it('sends one snapshot per market when subscribe, add_markets or get_snapshot names a market twice', () => {
    const [a, b] = active as [string, string];
    const subscribed = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [a, a] },
    });
    expect(subscribed.map((f) => [f.type, f.seq, f.msg.market_ticker])).toEqual([
      ['subscribed', undefined, undefined],
      ['orderbook_snapshot', 1, a],
    ]);
    const added = h.send({
      id: 2,
      cmd: 'update_subscription',
      params: { sid: 1, action: 'add_markets', market_tickers: [b, b] },
    });
    expect(added.map((f) => [f.type, f.seq])).toEqual([
      ['ok', 2],
      ['orderbook_snapshot', 3],
    ]);
    expect(added[0]?.msg).toEqual({ market_tickers: [a, b] });
    const snapshot = h.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sid: 1, action: 'get_snapshot', market_tickers: [a, a] },
    });
    expect(snapshot.map((f) => [f.id, f.type, f.seq, f.msg.market_ticker])).toEqual([[3, 'orderbook_snapshot', 4, a]]);
  });

  it('sends one initial ticker for a market named twice with send_initial_snapshot', () => {
    const [a] = active as [string];
    const frames = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['ticker'], market_tickers: [a, a], send_initial_snapshot: true },
    });
    expect(frames.map((f) => [f.type, f.msg.market_ticker])).toEqual([
      ['subscribed', undefined],
      ['ticker', a],
    ]);
  });
});

// AsyncAPI orderbook_delta: get_snapshot "returns an orderbook_snapshot for the requested market_tickers without
// modifying the subscription". The notes are silent on a market the subscription does not stream; a snapshot of it on
// the sid would never be followed by a delta (a stale book), so it is refused: 11 "Invalid parameter" naming the market
// (AsyncAPI errorResponsePayload.msg.market_ticker), and nothing is sent for the others named with it.
describe('get_snapshot for a market outside the subscription', () => {
  it('refuses it with 11 naming the market, sends no snapshot, and leaves the subscription as it was', () => {
    const [a, b, c] = active as [string, string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a, b] } });
    for (const markets of [[c], [a, c]])
      expect(
        h.send({
          id: 2,
          cmd: 'update_subscription',
          params: { sid: 1, action: 'get_snapshot', market_tickers: markets },
        }),
      ).toEqual([{ id: 2, type: 'error', msg: { code: 11, msg: 'Invalid parameter', market_ticker: c } }]);
    // Nothing took a seq: the next message on the sid is the third (two snapshots before).
    const [again] = h.send({
      id: 3,
      cmd: 'update_subscription',
      params: { sid: 1, action: 'get_snapshot', market_tickers: [b] },
    });
    expect(again).toMatchObject({ id: 3, type: 'orderbook_snapshot', sid: 1, seq: 3, msg: { market_ticker: b } });
    const [listed] = h.send({
      id: 4,
      cmd: 'update_subscription',
      params: { sid: 1, action: 'add_markets', market_tickers: [a] },
    });
    expect(listed?.msg).toEqual({ market_tickers: [a, b] });
  });
});

// kalshi-api-notes §9.5: `fill`, `user_orders`, `market_positions`, `ticker` and `trade` take optional tickers; without
// them a subscription covers every market. §9.2 describes add_markets/delete_markets only as changing a subscription's
// market list, and the notes are silent on Kalshi's answer when it has none. A careful user of money-handling code
// expects neither to cut what the subscription streams: answered by narrowing the subscription to the one market
// added, every other market's fills stopped with an `ok`; a delete_markets acked with an empty list kept streaming the
// market it named. Either is refused instead (11 "Invalid parameter"), and the subscription streams every market still.
describe('add_markets / delete_markets on a subscription opened without markets', () => {
  it.each(['add_markets', 'delete_markets'])('refuses %s with 11 and keeps streaming every market', (action) => {
    const [a, b] = active as [string, string];
    h.exchange.setBalance(TEST_USER_ID, 1e12);
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['fill'] } });
    expect(h.send({ id: 2, cmd: 'update_subscription', params: { sid: 1, action, market_tickers: [a] } })).toEqual([
      { id: 2, type: 'error', msg: { code: 11, msg: 'Invalid parameter' } },
    ]);
    // A fill in each market (a YES bid at 0.98 crosses the house's NO bids).
    for (const ticker of [a, b])
      h.exchange.createOrder(TEST_USER_ID, {
        ticker,
        side: 'bid',
        price: 980_000,
        count: 100,
        timeInForce: 'immediate_or_cancel',
        selfTradePrevention: 'maker',
      });
    expect(new Set(h.frames.filter((f) => f.type === 'fill').map((f) => f.msg.market_ticker))).toEqual(new Set([a, b]));
  });
});

// AsyncAPI updateSubscriptionCommandPayload: "Either sid or sids must be provided, not both"; kalshi-api-notes §9.2
// "exactly one sid via `sid` or `sids:[x]`", §9.4 12 "Exactly one subscription ID is required". Both given named two
// subscriptions (the mock acted on `sids` and ignored `sid`).
describe('update_subscription naming its subscription by both sid and sids', () => {
  it('refuses it with 12 and sends nothing on either sid', () => {
    const [a] = active as [string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [a] } });
    h.send({ id: 2, cmd: 'subscribe', params: { channels: ['trade'] } });
    for (const sids of [[1], [2]])
      expect(
        h.send({
          id: 3,
          cmd: 'update_subscription',
          params: { sid: 1, sids, action: 'get_snapshot', market_tickers: [a] },
        }),
      ).toEqual([{ id: 3, type: 'error', msg: { code: 12, msg: 'Exactly one subscription ID is required' } }]);
  });
});

// kalshi-api-notes §9.4: 1 "Unable to process message (bad JSON / wrong types)"; AsyncAPI: use_yes_price,
// send_initial_snapshot and skip_ticker_ack are booleans, sid and sids' items integers. A flag of another type was read
// as false: `use_yes_price: "true"` streamed NO levels on the NO scale to a client reading them on the YES scale
// (§9.6: 0.09 read as 0.09 YES instead of 0.91). A sid of another type was 7 "Unknown subscription ID", and `sids`
// that is no list 4 "Subscription IDs required" or 12 (as `channels` that is no list is 1, not 3).
describe('command parameters of the wrong type', () => {
  it.each([
    ['use_yes_price', { channels: ['orderbook_delta'], use_yes_price: 'true' }],
    ['send_initial_snapshot', { channels: ['ticker'], send_initial_snapshot: 1 }],
    ['skip_ticker_ack', { channels: ['trade'], skip_ticker_ack: 'yes' }],
  ])('answers a subscribe whose %s is no boolean with 1, and subscribes nothing', (_name, params) => {
    const [a] = active as [string];
    expect(h.send({ id: 1, cmd: 'subscribe', params: { ...params, market_tickers: [a] } })).toEqual([
      { id: 1, type: 'error', msg: { code: 1, msg: 'Unable to process message' } },
    ]);
    expect(h.send({ id: 2, cmd: 'list_subscriptions' })).toEqual([{ id: 2, type: 'ok', msg: [] }]);
  });

  it('answers update_subscription with send_initial_snapshot of another type with 1', () => {
    const [a, b] = active as [string, string];
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['ticker'], market_tickers: [a] } });
    expect(
      h.send({
        id: 2,
        cmd: 'update_subscription',
        params: { sid: 1, action: 'add_markets', market_tickers: [b], send_initial_snapshot: 'true' },
      }),
    ).toEqual([{ id: 2, type: 'error', msg: { code: 1, msg: 'Unable to process message' } }]);
  });

  it.each([
    ['unsubscribe', { sids: ['1'] }],
    ['update_subscription', { sid: '1', action: 'add_markets', market_tickers: ['X'] }],
    ['update_subscription', { sids: [1.5], action: 'add_markets', market_tickers: ['X'] }],
    ['unsubscribe', { sids: 1 }],
    ['update_subscription', { sids: 1, action: 'add_markets', market_tickers: ['X'] }],
  ])('answers %s whose sid or sids is of the wrong type (%j) with 1', (cmd, params) => {
    h.send({ id: 1, cmd: 'subscribe', params: { channels: ['trade'] } });
    expect(h.send({ id: 2, cmd, params })).toEqual([
      { id: 2, type: 'error', msg: { code: 1, msg: 'Unable to process message' } },
    ]);
  });
});

// kalshi-api-notes §9.2: a re-subscribe merges its tickers into the channel's one subscription; §9.6: `use_yes_price`
// decides the scale of NO-side levels. The notes are silent on a re-subscribe asking another scale (6 "Already
// subscribed" is retired in spec 2.0.0). The mock sent the new market's snapshot on the first subscribe's scale: a
// client that asked for NO prices read 0.91 where the book had 0.09. It is refused with 11 "Invalid parameter"
// rather than answered on a scale not asked for.
describe('re-subscribing orderbook_delta with another use_yes_price', () => {
  it('refuses it with 11 and sends no snapshot on the other scale', () => {
    const [a, b] = active as [string, string];
    h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [a], use_yes_price: true },
    });
    for (const flag of [{ use_yes_price: false }, {}])
      expect(
        h.send({ id: 2, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_tickers: [b], ...flag } }),
      ).toEqual([{ id: 2, type: 'error', msg: { code: 11, msg: 'Invalid parameter' } }]);
    // The same scale merges (§9.2).
    const merged = h.send({
      id: 3,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta'], market_tickers: [b], use_yes_price: true },
    });
    expect(merged.map((f) => [f.type, f.sid, f.seq])).toEqual([
      ['subscribed', undefined, undefined],
      ['orderbook_snapshot', 1, 2],
    ]);
  });
});

// The same holds for communications' filters (AsyncAPI subscribe params `user_filter`, `shard_factor`/`shard_key`): a
// re-subscribe on the same connection that asks for another filter was answered `subscribed` with the first one's sid
// and filter kept, so a client that now asked for every RFQ (no user_filter, no shard) silently got only its own or
// one shard's. The notes are silent on Kalshi's answer; as for use_yes_price, it is refused with 11.
describe('re-subscribing communications with another user_filter or sharding', () => {
  it.each([
    ['user_filter "self", then none', { user_filter: 'self' }, {}],
    ['no filter, then user_filter "self"', {}, { user_filter: 'self' }],
    ['shard 1 of 2, then unsharded', { shard_factor: 2, shard_key: 1 }, {}],
    ['shard 1 of 2, then shard 3 of 4', { shard_factor: 2, shard_key: 1 }, { shard_factor: 4, shard_key: 3 }],
  ])('refuses %s with 11, and the same filter merges', (_name, first, second) => {
    const subscribe = (id: number, params: object) =>
      h.send({ id, cmd: 'subscribe', params: { channels: ['communications'], ...params } });
    expect(subscribe(1, first)).toEqual([{ id: 1, type: 'subscribed', msg: { channel: 'communications', sid: 1 } }]);
    expect(subscribe(2, second)).toEqual([{ id: 2, type: 'error', msg: { code: 11, msg: 'Invalid parameter' } }]);
    // An empty user_filter is the default (AsyncAPI: 'Omitted or empty `user_filter` keeps the default').
    const same = 'user_filter' in first ? first : { ...first, user_filter: '' };
    expect(subscribe(3, same)).toEqual([{ id: 3, type: 'subscribed', msg: { channel: 'communications', sid: 1 } }]);
  });
});

// AsyncAPI skip_ticker_ack: "If true, OK responses omit the market_tickers/market_ids lists for this subscription".
// A re-subscribe merges into the channel's one subscription (kalshi-api-notes §9.2), which kept the first subscribe's
// flag: a client that re-subscribed asking for the lists (false) got `ok` replies without them, and one asking to skip
// them got them. The notes are silent on Kalshi's answer; as for use_yes_price and communications' filters, a
// re-subscribe asking for another ack is refused with 11 rather than merged into one that answers otherwise.
describe('re-subscribing a market channel with another skip_ticker_ack', () => {
  it.each([
    ['true, then false', { skip_ticker_ack: true }, { skip_ticker_ack: false }],
    ['true, then absent', { skip_ticker_ack: true }, {}],
    ['absent, then true', {}, { skip_ticker_ack: true }],
  ])('refuses %s with 11, and the same flag merges', (_name, first, second) => {
    const [a, b] = active as [string, string];
    const subscribe = (id: number, market: string, params: object) =>
      h.send({ id, cmd: 'subscribe', params: { channels: ['trade'], market_tickers: [market], ...params } });
    expect(subscribe(1, a, first)).toEqual([{ id: 1, type: 'subscribed', msg: { channel: 'trade', sid: 1 } }]);
    expect(subscribe(2, b, second)).toEqual([{ id: 2, type: 'error', msg: { code: 11, msg: 'Invalid parameter' } }]);
    expect(subscribe(3, b, first)).toEqual([{ id: 3, type: 'subscribed', msg: { channel: 'trade', sid: 1 } }]);
    const [ok] = h.send({
      id: 4,
      cmd: 'update_subscription',
      params: { sid: 1, market_tickers: [b], action: 'delete_markets' },
    });
    expect(ok).toEqual(
      'skip_ticker_ack' in first
        ? { id: 4, sid: 1, seq: 1, type: 'ok' }
        : { id: 4, sid: 1, seq: 1, type: 'ok', msg: { market_tickers: [a] } },
    );
  });

  it('merges a channel without market lists whatever the flag (its acks list no markets)', () => {
    const subscribe = (id: number, params: object) =>
      h.send({ id, cmd: 'subscribe', params: { channels: ['market_lifecycle_v2'], ...params } });
    expect(subscribe(1, {})).toEqual([{ id: 1, type: 'subscribed', msg: { channel: 'market_lifecycle_v2', sid: 1 } }]);
    expect(subscribe(2, { skip_ticker_ack: true })).toEqual([
      { id: 2, type: 'subscribed', msg: { channel: 'market_lifecycle_v2', sid: 1 } },
    ]);
  });
});

// kalshi-api-notes §9.3: "one `subscribed` per channel", each with its own sid. A channel listed twice in one subscribe
// was answered twice with one sid (and `send_initial_snapshot` sent each market's ticker twice): a client counting one
// reply per channel (as §9.3 allows) mistakes the second for the next channel's. The notes are silent on a repeated
// channel; the mock reads the list as a set, as it does a market named twice.
describe('a channel listed twice in one subscribe', () => {
  it('is answered once, and its initial tickers sent once', () => {
    const [a] = active as [string];
    const frames = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['ticker', 'trade', 'ticker'], market_tickers: [a], send_initial_snapshot: true },
    });
    expect(frames.map((f) => [f.type, f.msg.channel ?? f.msg.market_ticker, f.sid])).toEqual([
      ['subscribed', 'ticker', undefined],
      ['subscribed', 'trade', undefined],
      ['ticker', a, 1],
    ]);
  });

  it('sends an order-book snapshot once', () => {
    const [a] = active as [string];
    const frames = h.send({
      id: 1,
      cmd: 'subscribe',
      params: { channels: ['orderbook_delta', 'orderbook_delta'], market_tickers: [a] },
    });
    expect(frames.map((f) => [f.type, f.msg.channel ?? f.msg.market_ticker])).toEqual([
      ['subscribed', 'orderbook_delta'],
      ['orderbook_snapshot', a],
    ]);
  });
});
