// `seq` gaps as outside tester Y found them (attack 8, Y-D1, Y-D3, Y-D4, O1, O2), against the loopback fake server:
// - AsyncAPI: `seq` is required on every message of `orderbook_delta`, `trade`, `market_lifecycle_v2`,
//   `multivariate_market_lifecycle`, `communications` and `order_group_updates`; `sequenceNumber`: "Sequential number
//   that should be checked if you want to guarantee you received all the messages".
// - kalshi-api-notes §9.7: "`seq` is a per-sid counter …: first message after subscribing … has `seq` 1 and every
//   subsequent message on that sid increments by 1, across all markets of the subscription"; on a gap "discard the
//   book for that sid and resync … `get_snapshot` for the affected tickers". The notes say nothing of a gap on a
//   channel without snapshots: Kalshi does not replay, so what arrived intact is delivered after a gap notice.
import { describe, expect, it } from 'vitest';
import { KalshiError } from '../../src';
import { fake, open, readLabels, stream, useFakeStream, warnings } from './fake-stream';

useFakeStream();

/** Type, sid, seq and the market or event, or the gap notice's reason. */
function label(message: unknown): string {
  const m = message as { type: string; sid?: number; seq?: number; reason?: string; msg?: Record<string, unknown> };
  if (m.type === 'gap') return `gap:${m.reason}`;
  return `${m.type}:${m.sid}:${m.seq}:${m.msg?.market_ticker ?? m.msg?.event_type ?? ''}`;
}
const read = (sub: AsyncIterable<unknown>, n: number) => readLabels(sub, n, label);
const trade = (sid: number, seq: number) => ({ type: 'trade', sid, seq, msg: { trade_id: `t${seq}` } });
const cmds = () => fake.commands.map((c) => c.cmd);

describe('Y-D3: channels whose every message carries seq (AsyncAPI) count from 1', () => {
  const channels = [
    ['trade', 'trade'],
    ['market_lifecycle_v2', 'market_lifecycle_v2'],
    ['multivariate_market_lifecycle', 'multivariate_market_lifecycle'],
    ['communications', 'rfq_created'],
    ['order_group_updates', 'order_group_updates'],
  ] as const;
  for (const [channel, type] of channels) {
    it(`${channel}: a lost first message (seq 2 first) is a gap notice, and the message that arrived follows it`, async () => {
      const sub = await (await open()).subscribe({ channels: [channel] });
      fake.broadcast({ type, sid: 1, seq: 2, msg: {} });
      fake.broadcast({ type, sid: 1, seq: 3, msg: {} });
      expect(await read(sub, 3)).toEqual(['gap:sequence', `${type}:1:2:`, `${type}:1:3:`]);
      expect(cmds()).toEqual(['subscribe']); // nothing to re-subscribe for: no snapshot would bring it back
      expect(warnings).toEqual([expect.objectContaining({ sid: 1, channel, seq: 2 })]);
    });
  }

  it('trade: after a later gap the trade that arrived is delivered (one lost, not two), then the sequence goes on', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'], market_tickers: ['A'] });
    for (const seq of [1, 3, 4]) fake.broadcast(trade(1, seq));
    fake.broadcast(trade(1, 4)); // a duplicate is still dropped
    fake.broadcast(trade(1, 5));
    expect(await read(sub, 5)).toEqual(['trade:1:1:', 'gap:sequence', 'trade:1:3:', 'trade:1:4:', 'trade:1:5:']);
    expect(cmds()).toEqual(['subscribe']);
  });

  it('a channel without seq in the spec (fill) is not sequenced', async () => {
    const sub = await (await open()).subscribe({ channels: ['fill'] });
    fake.broadcast({ type: 'fill', sid: 1, msg: { trade_id: 'x' } });
    expect(await read(sub, 1)).toEqual(['fill:1:undefined:']);
  });
});

// Round 44 S2: `ok` replies carry the sid's seq (AsyncAPI okResponsePayload; kalshi-api-notes §9.3), also on channels
// whose messages carry none (AsyncAPI tickerPayload, fillPayload, marketPositionPayload, userOrderPayload: no `seq`).
// §9.7 calls seq "a per-sid counter … every subsequent message on that sid increments by 1"; whether messages sent
// without a seq advance it is not recorded (§12 asks whether fill/ticker ever carry one). If they do, the next `ok`'s
// seq jumps by the messages between, all of which arrived: a `sequence` gap notice there (README lists it for
// channels with seq only) tells the consumer to reconcile over REST for nothing.
describe('S2: a reply seq on a channel whose messages carry none', () => {
  const messages = { ticker: 'ticker', fill: 'fill', market_positions: 'market_position', user_orders: 'user_order' };
  for (const [channel, type] of Object.entries(messages) as [keyof typeof messages, string][]) {
    it(`${channel}: an ok whose seq counts the ${type} messages before it is no gap`, async () => {
      const sub = await (await open()).subscribe({ channels: [channel], market_tickers: ['A'] });
      fake.hold = (c) => c.cmd === 'update_subscription';
      const update = async (n: number, market: string, seq: number) => {
        const updated = sub.update({ add: [market] });
        await fake.when(() => fake.held().length === n);
        const { id } = fake.held()[n - 1] as { id: number };
        fake.broadcast({ id, sid: 1, seq, type: 'ok', msg: { market_tickers: ['A', 'B', 'C'].slice(0, n + 1) } });
        await updated;
      };
      await update(1, 'B', 1);
      fake.broadcast({ type, sid: 1, msg: { market_ticker: 'A' } });
      fake.broadcast({ type, sid: 1, msg: { market_ticker: 'B' } });
      await update(2, 'C', 4);
      fake.broadcast({ type, sid: 1, msg: { market_ticker: 'C' } });
      expect(await read(sub, 3)).toEqual([`${type}:1:undefined:A`, `${type}:1:undefined:B`, `${type}:1:undefined:C`]);
      expect(warnings).toEqual([]);
    });
  }
});

describe('Y-D4: order_group_updates, a gap keeps the intact event', () => {
  it('created seq 1, (lost seq 2), triggered seq 3: the notice, then triggered', async () => {
    const sub = await (await open()).subscribe({ channels: ['order_group_updates'] });
    fake.broadcast({ type: 'order_group_updates', sid: 1, seq: 1, msg: { event_type: 'created' } });
    fake.broadcast({ type: 'order_group_updates', sid: 1, seq: 3, msg: { event_type: 'triggered' } });
    expect(await read(sub, 3)).toEqual([
      'order_group_updates:1:1:created',
      'gap:sequence',
      'order_group_updates:1:3:triggered',
    ]);
    expect(cmds()).toEqual(['subscribe']);
  });

  it('on a book + trade subscription a trade gap leaves the book alone (no get_snapshot, no re-subscribe)', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A'] });
    fake.broadcast(trade(2, 2));
    expect(await read(sub, 3)).toEqual(['orderbook_snapshot:1:1:A', 'gap:sequence', 'trade:2:2:']);
    expect(cmds()).toEqual(['subscribe']);
  });
});

describe('Y-D1: a book gap while update({ add }) is under way re-snapshots every market the sid streams', () => {
  it('the added market is asked for too, and its delta after the gap is not delivered before its snapshot', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A'] });
    // The trade sid's add_markets is still unanswered while the book sid already streams B.
    fake.hold = (c) => c.cmd === 'update_subscription' && (c.params as { sid: number }).sid === 2;
    const updated = sub.update({ add: ['B'] });
    await fake.when(() => fake.held().length === 1);
    const delta = (seq: number, market: string) => ({
      type: 'orderbook_delta',
      sid: 1,
      seq,
      msg: { market_ticker: market, price_dollars: '0.3100', delta_fp: '2.00', side: 'yes' },
    });
    fake.broadcast({ type: 'orderbook_snapshot', sid: 1, seq: 2, msg: { market_ticker: 'B', yes_dollars_fp: [] } });
    fake.broadcast(delta(4, 'B')); // seq 3 (B's) was lost: B's book is stale until a fresh snapshot
    fake.broadcast(delta(5, 'B'));
    expect(await read(sub, 4)).toEqual([
      'orderbook_snapshot:1:1:A',
      'orderbook_snapshot:1:2:B',
      'orderbook_snapshot:1:6:A',
      'orderbook_snapshot:1:7:B',
    ]);
    expect(fake.commands.map((c) => c.params)).toContainEqual({
      sid: 1,
      market_tickers: ['A', 'B'],
      action: 'get_snapshot',
    });
    fake.hold = undefined;
    fake.release();
    await updated;
  });
});

describe('O1: update on a subscription opened without markets (every market)', () => {
  it('is refused instead of narrowing it to the added markets', async () => {
    const sub = await (await open()).subscribe({ channels: ['fill'] });
    const error = await sub.update({ add: ['A'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiError);
    expect((error as Error).message).toMatch(/opened without market_tickers and receives every market/);
    expect(cmds()).toEqual(['subscribe']);
  });

  it('one with only channels without a market filter is left as it was (nothing to change)', async () => {
    const sub = await (await open()).subscribe({ channels: ['order_group_updates'] });
    await sub.update({ add: ['A'] });
    expect(cmds()).toEqual(['subscribe']);
  });
});

describe('O2: update while the subscription re-subscribes', () => {
  it('waits for the new sids, updates those, and lists each sid once', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta', 'trade'], market_tickers: ['A'] });
    // The re-subscribe's subscribe (after a terminal error) stays unanswered while update() is called.
    fake.hold = (c) => c.cmd === 'subscribe' && fake.held().length === 0;
    fake.broadcast({ type: 'error', sid: 2, msg: { code: 10, msg: 'Channel error' } });
    await fake.when(() => fake.held().length === 1);
    const updated = sub.update({ add: ['B'] });
    await stream?.listSubscriptions(); // the update had its chance to send something
    fake.release();
    await updated;
    expect(sub.sids).toEqual([3, 4]);
    expect(cmds()).toEqual([
      'subscribe',
      'unsubscribe',
      'subscribe',
      'list_subscriptions',
      'update_subscription',
      'update_subscription',
    ]);
    expect(fake.commands.filter((c) => c.cmd === 'update_subscription').map((c) => c.params)).toEqual([
      { sid: 3, market_tickers: ['B'], action: 'add_markets' },
      { sid: 4, market_tickers: ['B'], action: 'add_markets' },
    ]);
  });
});

// Round 38, attack C. AsyncAPI errorResponsePayload: `sid` "Present when the error is scoped to a subscription", `seq`
// "Present on subscription-scoped errors on sequenced channels": such an error takes its place in the sid's count, as
// `ok` and `unsubscribed` do (kalshi-api-notes §9.3, §9.7: every message on the sid increments it). Before, an error
// answering a command (an update refused with 26 "Subscription market limit exceeded") was not counted: the next
// message looked like a gap, a trade subscription got a false `sequence` notice and a book a needless re-snapshot.
describe('a command refused with an error frame carrying the sid and its seq', () => {
  const refuseUpdate = async (sid: number, seq: number) => {
    await fake.when(() => fake.held().length === 1);
    const { id } = fake.held()[0] as { id: number };
    fake.hold = undefined;
    const msg = { code: 26, msg: 'Subscription market limit exceeded' };
    fake.broadcast({ id, type: 'error', sid, seq, msg });
  };

  it('trade: the seq after the error is no gap', async () => {
    const sub = await (await open()).subscribe({ channels: ['trade'], market_tickers: ['A'] });
    fake.broadcast(trade(1, 1));
    fake.hold = (c) => c.cmd === 'update_subscription';
    const updating = sub.update({ add: ['B'] });
    await refuseUpdate(1, 2);
    await expect(updating).rejects.toMatchObject({ code: 26, command: 'update_subscription' });
    fake.broadcast(trade(1, 3));
    fake.broadcast(trade(1, 4));
    expect(await read(sub, 3)).toEqual(['trade:1:1:', 'trade:1:3:', 'trade:1:4:']);
    expect(warnings).toEqual([]);
  });

  it('orderbook_delta: the delta after the error is applied, no get_snapshot is sent', async () => {
    const sub = await (await open()).subscribe({ channels: ['orderbook_delta'], market_tickers: ['A'] });
    const delta = (seq: number) => ({
      type: 'orderbook_delta',
      sid: 1,
      seq,
      msg: { market_ticker: 'A', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
    });
    fake.broadcast(delta(2));
    fake.hold = (c) => c.cmd === 'update_subscription';
    const updating = sub.update({ add: ['B'] });
    await refuseUpdate(1, 3);
    await expect(updating).rejects.toMatchObject({ code: 26 });
    fake.broadcast(delta(4));
    expect(await read(sub, 3)).toEqual(['orderbook_snapshot:1:1:A', 'orderbook_delta:1:2:A', 'orderbook_delta:1:4:A']);
    await stream?.listSubscriptions(); // everything sent before has been handled
    expect(cmds()).toEqual(['subscribe', 'update_subscription', 'list_subscriptions']);
  });
});
