// Races between a subscription's recovery (reconnect restore, re-subscribe backoff, get_snapshot repair), its end
// (unsubscribe, close) and update(); and command replies answering no command. Round 28, G (ids kept in comments).
// The stream client against a scripted in-process server (every command recorded with the socket it went on, answered
// by hand). Timers are faked (setTimeout only), Math.random pinned, so backoffs fire when the test says. Each test
// states what kalshi-api-notes §9 (or the client's own contract) wants.
import type { Signer } from '@org/kalshi-auth';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createKalshiStream, KalshiStreamError, type StreamOptions } from '../../src/ws';
import { type FakeSocket, fakeSockets } from './fake-socket';

interface Sent {
  socket: FakeSocket;
  id: number;
  cmd: string;
  params: Record<string, unknown>;
}

const signer: Signer = {
  keyId: 'k',
  algorithm: 'RSA-PSS-SHA256' as Signer['algorithm'],
  sign: async () => ({
    'KALSHI-ACCESS-KEY': 'k',
    'KALSHI-ACCESS-TIMESTAMP': '1700000000000',
    'KALSHI-ACCESS-SIGNATURE': 's',
  }),
};

async function scripted(options: Partial<StreamOptions> = {}) {
  const sent: Sent[] = [];
  const warnings: { message?: string }[] = [];
  const sockets = fakeSockets('whatwg', (socket: FakeSocket) => {
    const send = socket.send.bind(socket);
    socket.send = (data: string) => {
      send(data);
      const command = JSON.parse(data) as Sent;
      sent.push({ ...command, params: command.params ?? {}, socket });
    };
    socket.open();
  });
  const stream = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: signer,
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
    heartbeatMs: 60_000,
    logger: { debug() {}, info() {}, warn: (fields: object) => warnings.push(fields), error() {} },
    ...options,
  });
  const last = (cmd: string) => [...sent].reverse().find((c) => c.cmd === cmd) as Sent;
  const on = (n: number) => sent.filter((c) => c.socket === sockets.created[n]);
  const reply = (command: Sent, message: Record<string, unknown>) =>
    command.socket.receive({ id: command.id, ...message });
  /** Subscribes and answers with `sid`. */
  const subscribed = async (channel: string, sid: number, extra: Record<string, unknown> = {}) => {
    const pending = stream.subscribe({ channels: [channel as 'trade'], ...extra });
    await settle();
    reply(last('subscribe'), { type: 'subscribed', msg: { channel, sid } });
    return pending;
  };
  /** Kalshi ends `sid` (terminal error 10); the re-subscribe sent at once is answered: unsubscribed, then `next`. */
  const resubscribed = async (channel: string, sid: number, next: number) => {
    sockets.last().receive({ type: 'error', sid, msg: { code: 10, msg: 'Channel error' } });
    await settle();
    reply(on(0).at(-1) as Sent, { type: 'unsubscribed', sid, seq: 1 });
    await settle();
    reply(on(0).at(-1) as Sent, { type: 'subscribed', msg: { channel, sid: next } });
    await settle();
  };
  return { stream, sent, sockets, warnings, last, on, reply, subscribed, resubscribed };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const snapshot = (sid: number, seq: number) => ({
  type: 'orderbook_snapshot',
  sid,
  seq,
  msg: { market_ticker: 'A', yes_dollars_fp: [['0.4000', '1.00']], no_dollars_fp: [] },
});
const delta = (sid: number, seq: number) => ({
  type: 'orderbook_delta',
  sid,
  seq,
  msg: { market_ticker: 'A', price_dollars: '0.4000', delta_fp: '1.00', side: 'yes' },
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5); // reconnect after 50 ms, second re-subscribe after 100 ms
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

// §9.2: a second subscribe to a channel is merged into the first (same sid); the restore after a reconnect is the one
// subscribe that brings the subscription back (§9.7 "after reconnect everything restarts"). G1.
it('a re-subscribe whose backoff ends while the restore waits on another subscription does not subscribe the channel twice', async () => {
  const { stream, sockets, on, reply, subscribed, resubscribed, warnings } = await scripted();
  await subscribed('ticker', 1);
  const trades = await subscribed('trade', 2);
  // Terminal error 10 twice in a row: re-subscribed at once, then a re-subscribe waiting out a 100 ms backoff.
  await resubscribed('trade', 2, 3);
  sockets.last().receive({ type: 'error', sid: 3, msg: { code: 10, msg: 'Channel error' } });
  await settle();
  sockets.last().drop(); // reconnects after 50 ms; the restore subscribes ticker first and waits for its reply
  await vi.advanceTimersByTimeAsync(100); // the trade re-subscribe's backoff ends meanwhile
  await settle();
  reply(on(1).find((c) => c.cmd === 'subscribe') as Sent, { type: 'subscribed', msg: { channel: 'ticker', sid: 1 } });
  await settle();
  const tradeSubscribes = on(1).filter((c) => c.cmd === 'subscribe' && String(c.params.channels) === 'trade');
  // Kalshi merges them: both answered with the same sid.
  for (const c of tradeSubscribes) reply(c, { type: 'subscribed', msg: { channel: 'trade', sid: 2 } });
  await settle();
  expect(tradeSubscribes).toHaveLength(1);
  expect(warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining('already in use'));
  expect(sockets.created).toHaveLength(2);
  expect(trades.sids).toEqual([2]);
  await stream.close();
});

// README/TSDoc: an update on a subscription that has ended rejects; unsubscribe() leaves nothing on the server
// (§9.2: a sid left live streams to nobody, and a later subscribe to its channel merges into it). G2.
it('an update waiting out a reconnect on a subscription unsubscribed meanwhile rejects and subscribes nothing', async () => {
  const { stream, sockets, on, last, reply, subscribed } = await scripted();
  const book = await subscribed('orderbook_delta', 1, { market_tickers: ['A'] });
  sockets.last().drop();
  const updating = book.update({ add: ['B'] }).then(
    () => 'resolved',
    (e: unknown) => e,
  );
  await settle(); // the update now waits for the reconnect
  await book.unsubscribe(); // e.g. `break` out of its for await loop
  await vi.advanceTimersByTimeAsync(100);
  await settle();
  const leaked = on(1).filter((c) => c.cmd === 'subscribe');
  for (const c of leaked) reply(c, { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
  // As an update on a subscription already ended when called (Subscription.update TSDoc): the client's error, code 0.
  const error = await updating;
  expect(error).toBeInstanceOf(KalshiStreamError);
  expect(error).toMatchObject({
    code: 0,
    message: 'update: the orderbook_delta subscription has ended; subscribe again',
  });
  expect(leaked.map((c) => c.params)).toEqual([]);
  // The channel is free again: a new book subscription is not refused as "sid already in use" (Kalshi merges, §9.2).
  const again = stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['C'] });
  await settle();
  reply(last('subscribe'), { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
  await expect(again).resolves.toBeDefined();
  await stream.close();
});

// The same without a reconnect racing: update()'s own subscribe of a channel left without a sid (every market removed,
// then a reconnect) is undone when the subscription ends while its reply is on the way, as a restore's is. G2b.
it('unsubscribed while update() subscribes its book channel again: the sid granted is unsubscribed', async () => {
  const { stream, sockets, on, last, reply, subscribed } = await scripted();
  const book = await subscribed('orderbook_delta', 1, { market_tickers: ['A'] });
  const removing = book.update({ remove: ['A'] });
  await settle();
  reply(last('update_subscription'), { type: 'ok', sid: 1, seq: 1, msg: { market_tickers: [] } });
  await removing;
  sockets.last().drop();
  await vi.advanceTimersByTimeAsync(100); // reconnected: nothing to restore for a book without markets
  await settle();
  const adding = book.update({ add: ['B'] }).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  await settle();
  const subscribe = last('subscribe');
  expect(subscribe.socket).toBe(sockets.created[1]);
  const unsubscribing = book.unsubscribe(); // while the subscribe's reply is on the way
  await settle();
  reply(subscribe, { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
  await settle();
  expect(
    on(1)
      .filter((c) => c.cmd === 'unsubscribe')
      .map((c) => c.params),
  ).toEqual([{ sids: [1] }]);
  reply(last('unsubscribe'), { type: 'unsubscribed', sid: 1, seq: 1 });
  // The change did not take (its subscription ended): update() says so, as it does on an ended subscription.
  const outcome = await adding;
  expect(outcome).toBeInstanceOf(KalshiStreamError);
  expect(outcome).toMatchObject({ code: 0, message: expect.stringMatching(/orderbook_delta subscription has ended/) });
  await stream.close();
  await unsubscribing;
});

// close() TSDoc: "resolves once the socket is gone, leaving no timer behind". An unsubscribed subscription's
// iterator only hands over what was queued: it sends nothing (the sid is gone, §9.4 code 7). G3.
it('reading what an unsubscribed book subscription had queued sends no command; close() then leaves no timer', async () => {
  const { stream, sockets, sent, last, reply, subscribed } = await scripted({ queueSize: 4 });
  const book = await subscribed('orderbook_delta', 1, { market_tickers: ['A'] });
  const s = sockets.last();
  // Three queued (more than half of queueSize), then a gap: its get_snapshot waits for the consumer to make room.
  for (const m of [snapshot(1, 1), delta(1, 2), delta(1, 3), delta(1, 5)]) s.receive(m);
  await settle();
  const unsubscribing = book.unsubscribe();
  await settle();
  reply(last('unsubscribe'), { type: 'unsubscribed', sid: 1, seq: 6 });
  await unsubscribing;
  const before = sent.length;
  await book[Symbol.asyncIterator]().next(); // the queued snapshot
  await settle();
  const after = sent.slice(before);
  // The server answers a command on that sid: 7 Unknown subscription ID.
  for (const c of after) reply(c, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
  await settle();
  await stream.close();
  expect(vi.getTimerCount()).toBe(0);
  expect(after.map((c) => `${c.cmd} ${JSON.stringify(c.params)}`)).toEqual([]);
});

// The same for a get_snapshot already on the way when the subscription ends: its late 7 re-subscribes nothing (the
// subscription is forgotten: a backoff timer armed for it would outlive close()). G3.
it('a get_snapshot refused after its subscription was unsubscribed re-subscribes nothing; close() then leaves no timer', async () => {
  const { stream, sockets, sent, last, reply, subscribed } = await scripted({ queueSize: 4 });
  const book = await subscribed('orderbook_delta', 1, { market_tickers: ['A'] });
  const s = sockets.last();
  for (const m of [snapshot(1, 1), delta(1, 3)]) s.receive(m); // a gap: get_snapshot sent at once (room enough)
  await settle();
  const repair = last('update_subscription');
  expect(repair.params).toMatchObject({ sid: 1, action: 'get_snapshot' });
  const unsubscribing = book.unsubscribe();
  await settle();
  reply(last('unsubscribe'), { type: 'unsubscribed', sid: 1, seq: 4 });
  await unsubscribing;
  const before = sent.length;
  reply(repair, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
  await settle();
  await vi.advanceTimersByTimeAsync(1_000); // any re-subscribe backoff
  expect(sent.slice(before).map((c) => c.cmd)).toEqual([]);
  await stream.close();
  expect(vi.getTimerCount()).toBe(0);
});

// §9.3: sids are per connection and change on reconnect; a command naming an old sid on the new connection names
// nothing (7) or another subscription's sid. G4.
it("a slow book consumer reading during a restore sends no get_snapshot naming the previous connection's sid", async () => {
  const { stream, sockets, on, subscribed } = await scripted({ queueSize: 4 });
  await subscribed('ticker', 1);
  const book = await subscribed('orderbook_delta', 2, { market_tickers: ['A'] });
  const s = sockets.last();
  for (const m of [snapshot(2, 1), delta(2, 2), delta(2, 3), delta(2, 5)]) s.receive(m); // gap, repair postponed
  await settle();
  s.drop();
  await vi.advanceTimersByTimeAsync(100); // reconnected; the restore waits for the ticker reply
  await settle();
  const reading = book[Symbol.asyncIterator]();
  for (let i = 0; i < 3; i++) await reading.next();
  await settle();
  expect(on(1).map((c) => `${c.cmd} ${JSON.stringify(c.params)}`)).toEqual(['subscribe {"channels":["ticker"]}']);
  await stream.close();
});

// Subscription<'ticker'> yields "the messages the AsyncAPI spec lists on those channels … and gap notices"
// (SubscriptionMessage TSDoc). AsyncAPI okResponsePayload requires only `type`: an `ok` without `seq` is valid. G5.
it('an ok answering no command (a repeated reply without seq) is not yielded by a ticker subscription', async () => {
  const { stream, sockets, last, reply, subscribed } = await scripted();
  const tickers = await subscribed('ticker', 1, { market_tickers: ['A'] });
  const updating = tickers.update({ add: ['B'] });
  await settle();
  const update = last('update_subscription');
  reply(update, { type: 'ok', sid: 1, msg: { market_tickers: ['A', 'B'] } });
  reply(update, { type: 'ok', sid: 1, msg: { market_tickers: ['A', 'B'] } }); // the same reply again
  await updating;
  sockets.last().receive({ type: 'ticker', sid: 1, msg: { market_ticker: 'A', price_dollars: '0.5100' } });
  const first = (await tickers[Symbol.asyncIterator]().next()).value;
  expect(first?.type).toBe('ticker');
  await stream.close();
});

// README: close() "in any state … settles everything … and no socket or timer is left". A logger is the caller's code
// run synchronously inside the stream (a policy "stop on the first re-subscribe" is one way to call close() from a
// message handler): a close() there, on the warning that a subscription is subscribed again, ended the stream, and
// the re-subscribe's backoff timer was armed after it (it fired later on a closed stream). S1.
it('close() from the logger on a "subscribing again" warning leaves no re-subscribe timer', async () => {
  let onWarn: (message: string) => void = () => {};
  const { stream, sockets, subscribed, resubscribed } = await scripted({
    logger: {
      debug() {},
      info() {},
      warn: (fields: { message?: string }) => onWarn(String(fields.message)),
      error() {},
    },
  });
  await subscribed('trade', 1);
  // Terminal error 10: re-subscribed at once (no timer), sid 1 → 2.
  await resubscribed('trade', 1, 2);
  // The second in a row waits out the backoff; the logger closes the stream on its warning.
  let closing: Promise<void> | undefined;
  onWarn = (message) => {
    if (message.includes('subscribing again')) closing ??= stream.close();
  };
  sockets.last().receive({ type: 'error', sid: 2, msg: { code: 10, msg: 'Channel error' } });
  expect(closing).toBeDefined();
  await closing;
  expect(stream.state()).toBe('closed');
  expect(vi.getTimerCount()).toBe(0);
});

// kalshi-api-notes §9.3: sids start at 1 on each connection, so after a reconnect the numbers name other channels;
// §9.2: `get_snapshot` is "orderbook only". Book messages the previous connection queued for a slow consumer, discarded
// by an overflow after the restore, were taken for messages of the new sid with the same number (here the ticker's),
// and get_snapshot was sent on the ticker sid (Kalshi refuses it: the subscription was re-subscribed for nothing). S3.
it("an overflow after a reconnect asks no snapshot on a sid of the new connection for the previous one's book messages", async () => {
  const { stream, sent, sockets, on, reply, subscribed } = await scripted({ queueSize: 4 });
  const trades = await subscribed('trade', 1);
  const pending = stream.subscribe({ channels: ['orderbook_delta', 'ticker'], market_tickers: ['A'] });
  await settle();
  const first = on(0).at(-1) as Sent;
  reply(first, { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 2 } });
  reply(first, { type: 'subscribed', msg: { channel: 'ticker', sid: 3 } });
  const book = await pending;
  const unsubscribing = trades.unsubscribe();
  await settle();
  reply(on(0).at(-1) as Sent, { type: 'unsubscribed', sid: 1, seq: 1 });
  await unsubscribing;
  // Three book messages on sid 2, unread (the consumer is slow).
  for (const m of [snapshot(2, 1), delta(2, 2), delta(2, 3)]) sockets.last().receive(m);
  await settle();
  sockets.last().drop();
  await vi.advanceTimersByTimeAsync(100); // the reconnect; the restore subscribes the book subscription again
  await settle();
  const restore = on(1).find((c) => c.cmd === 'subscribe') as Sent;
  reply(restore, { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } });
  reply(restore, { type: 'subscribed', msg: { channel: 'ticker', sid: 2 } });
  await settle();
  // A ticker message on the new ticker sid 2 overflows the queue: the previous connection's book messages go.
  sockets.last().receive({ type: 'ticker', sid: 2, msg: { market_ticker: 'A', price_dollars: '0.5100' } });
  const reading = book[Symbol.asyncIterator]();
  expect((await reading.next()).value).toMatchObject({ type: 'gap', reason: 'reconnect' }); // the consumer reads on
  await settle();
  const snapshotsAsked = sent.filter((c) => c.socket === sockets.last() && c.params.action === 'get_snapshot');
  expect(snapshotsAsked.map((c) => c.params.sid)).not.toContain(2);
  await stream.close();
});

/**
 * A book subscription (sids 2 and 3) beside a trade subscription (sid 1) on one connection, its update adding market
 * B sent on sid 2 and not yet answered (S4, S5).
 */
async function updatingBook() {
  const { stream, sockets, on, last, reply, subscribed } = await scripted();
  const trades = await subscribed('trade', 1); // another subscription on the same connection
  const pending = stream.subscribe({ channels: ['orderbook_delta', 'ticker'], market_tickers: ['A'] });
  await settle();
  reply(last('subscribe'), { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 2 } });
  reply(last('subscribe'), { type: 'subscribed', msg: { channel: 'ticker', sid: 3 } });
  const book = await pending;
  const adding = book.update({ add: ['B'] }).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  await settle();
  const first = last('update_subscription');
  expect(first.params).toMatchObject({ sid: 2, action: 'add_markets' });
  return { stream, sockets, on, last, reply, trades, book, adding, first };
}

// Subscription.update TSDoc: "On a subscription that has ended, nothing is sent"; kalshi-api-notes §9.4 code 7 "Unknown
// subscription ID": a command on an unsubscribed sid is refused. Unsubscribed (a `break`) while an update added a
// market sid by sid, the update went on to the next sid, already unsubscribed; its 7 made the client change the first
// sid back (7 again), and that refusal cut the connection, every other subscription reconnecting for nothing. S4.
it('unsubscribed while update() changes its sids one by one: nothing more is sent for it, the connection stays', async () => {
  const { stream, sockets, on, last, reply, trades, book, adding, first } = await updatingBook();
  const unsubscribing = book.unsubscribe(); // the consumer leaves its loop while the first reply is on the way
  await settle();
  const unsubscribe = last('unsubscribe');
  // The server answers in order: the add on sid 2, then the unsubscribe of both sids.
  reply(first, { type: 'ok', sid: 2, seq: 1, msg: { market_tickers: ['A', 'B'] } });
  reply(unsubscribe, { type: 'unsubscribed', sid: 2, seq: 2 });
  reply(unsubscribe, { type: 'unsubscribed', sid: 3 });
  await unsubscribing;
  await settle();
  // Whatever the client sends now names an unsubscribed sid: Kalshi answers 7.
  const after = () => on(0).slice(on(0).indexOf(unsubscribe) + 1);
  for (let answered = 0; answered < after().length; answered++) {
    reply(after()[answered] as Sent, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
    await settle();
  }
  const outcome = await adding;
  const sent = after().map((c) => `${c.cmd} ${JSON.stringify(c.params)}`);
  expect(sent).toEqual([]);
  expect(stream.state()).toBe('open'); // not cut: the trade subscription streams on
  expect(sockets.created).toHaveLength(1);
  expect(trades.sids).toEqual([1]);
  // The change did not take (its subscription ended), as an update on an ended subscription says.
  expect(outcome).toBeInstanceOf(KalshiStreamError);
  expect(outcome).toMatchObject({ code: 0, message: expect.stringMatching(/subscription has ended/) });
  await stream.close();
});

// AsyncAPI "Terminal Errors" (10, 25): the server ended the subscription and "the user must resubscribe"; the client
// re-subscribes it with the markets recorded (Subscription.update TSDoc: all or nothing). A terminal error on one sid
// while update() changed the sids one by one: the update went on to the sids the re-subscribe was unsubscribing, the
// server's 7 made it change the first back (7 again), and that refusal cut the connection for every subscription. S5.
it('a terminal error while update() changes its sids one by one: the update stops, the connection stays', async () => {
  const { stream, sockets, on, last, reply, trades, book, adding, first } = await updatingBook();
  // Kalshi ends the ticker sid (25) while the add on sid 2 is on the way: re-subscribed at once.
  sockets.last().receive({ type: 'error', sid: 3, msg: { code: 25, msg: 'Subscription buffer overflow' } });
  await settle();
  const unsubscribe = last('unsubscribe');
  expect(unsubscribe.params).toEqual({ sids: [2, 3] });
  // The server answers in order: the add on sid 2, then the unsubscribe (sid 3 is gone already: 7, see the mock).
  reply(first, { type: 'ok', sid: 2, seq: 1, msg: { market_tickers: ['A', 'B'] } });
  reply(unsubscribe, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
  await settle();
  // Each alone then: sid 2 unsubscribed, sid 3 unknown.
  const alone = () => on(0).filter((c) => c.cmd === 'unsubscribe' && c !== unsubscribe);
  for (let answered = 0; answered < alone().length; answered++) {
    const c = alone()[answered] as Sent;
    if ((c.params.sids as number[])[0] === 2) reply(c, { type: 'unsubscribed', sid: 2, seq: 2 });
    else reply(c, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
    await settle();
  }
  // A command on sid 2 or 3 now names an unsubscribed sid: Kalshi answers 7.
  const stale = () => on(0).filter((c) => c.cmd === 'update_subscription' && c !== first);
  for (let answered = 0; answered < stale().length; answered++) {
    reply(stale()[answered] as Sent, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
    await settle();
  }
  const resubscribe = on(0)
    .filter((c) => c.cmd === 'subscribe')
    .at(-1) as Sent;
  reply(resubscribe, { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 4 } });
  reply(resubscribe, { type: 'subscribed', msg: { channel: 'ticker', sid: 5 } });
  await settle();
  const outcome = await adding;
  expect(stale().map((c) => `${c.cmd} ${JSON.stringify(c.params)}`)).toEqual([]);
  expect(stream.state()).toBe('open'); // not cut: the trade subscription streams on
  expect(sockets.created).toHaveLength(1);
  expect(trades.sids).toEqual([1]);
  // Re-subscribed with the markets recorded before the call: the update did not take.
  expect(resubscribe.params).toMatchObject({ market_tickers: ['A'] });
  expect(book.sids).toEqual([4, 5]);
  expect(outcome).toBeInstanceOf(KalshiStreamError);
  await stream.close();
});

// README: "three in a row" (terminal errors, gaps, refused repairs) end a subscription; a re-subscribe replaces the
// sids and brings fresh snapshots. Snapshots an overflow left to ask for were asked for on the sid the re-subscribe
// (after Kalshi's 25) was unsubscribing, when the consumer read on: Kalshi's 7 counted as another failure, and the
// next single gap ended the subscription (two real breaks, not three). S6.
it('a re-subscribe under way asks no snapshot on the sid it replaces; its refusal counts no break', async () => {
  const { stream, sockets, sent, last, reply, subscribed } = await scripted({ queueSize: 4 });
  const book = await subscribed('orderbook_delta', 1, { market_tickers: ['A'] });
  const s = sockets.last();
  // The consumer is slow: the fifth book message overflows the queue; A's snapshot is to be asked for once it reads.
  for (const m of [snapshot(1, 1), delta(1, 2), delta(1, 3), delta(1, 4), delta(1, 5)]) s.receive(m);
  await settle();
  // Kalshi ends the sid (25): re-subscribed at once; its unsubscribe is on the way.
  s.receive({ type: 'error', sid: 1, msg: { code: 25, msg: 'Subscription buffer overflow' } });
  await settle();
  const unsubscribe = last('unsubscribe');
  const reading = book[Symbol.asyncIterator]();
  const next = reading.next(); // the consumer reads on
  await settle();
  const asked = sent.filter((c) => c.params.action === 'get_snapshot');
  for (const c of asked) reply(c, { type: 'error', msg: { code: 7, msg: 'Unknown subscription ID' } });
  reply(unsubscribe, { type: 'unsubscribed', sid: 1, seq: 6 });
  await settle();
  reply(last('subscribe'), { type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 2 } });
  s.receive(snapshot(2, 1));
  await settle();
  expect(asked.map((c) => c.params)).toEqual([]);
  expect((await next).value).toMatchObject({ type: 'gap', reason: 'resubscribe' });
  expect((await reading.next()).value).toMatchObject({ type: 'orderbook_snapshot', sid: 2 });
  // One more break (a gap before any delta): the second in a row, subscribed again, not the end.
  s.receive(delta(2, 3));
  await settle();
  const after = reading.next().catch((e: unknown) => e);
  await vi.advanceTimersByTimeAsync(100); // the second re-subscribe in a row waits out the backoff
  await settle();
  reply(last('unsubscribe'), { type: 'unsubscribed', sid: 2, seq: 4 });
  await settle();
  expect(last('subscribe').params).toMatchObject({ channels: ['orderbook_delta'] });
  expect(sent.filter((c) => c.cmd === 'subscribe')).toHaveLength(3);
  await stream.close();
  expect(await after).not.toBeInstanceOf(Error);
});
