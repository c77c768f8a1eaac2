// The stream's lifecycle (issue 11, item 7): close() at every state, and the caller's AbortSignal at every state,
// leave no socket or timer and settle every pending promise; no way out of a subscription leaves it subscribed on
// the server. Timers are faked (setTimeout
// only), so "no timer left" is vi.getTimerCount() === 0 and backoffs fire when the test says so.
import { getEventListeners, once } from 'node:events';
import type { Signer } from '@org/kalshi-auth';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { KalshiAbortError, KalshiConnectionError, KalshiStreamClosedError, KalshiValidationError } from '../../src';
import {
  createKalshiStream,
  type KalshiStream,
  KalshiStreamError,
  type StreamOptions,
  type StreamSocketConstructor,
} from '../../src/ws';
import { testSigner } from '../helpers';
import { fake, useFakeServerOnFakeTimers } from './fake-stream';
import { recordingWebSocket } from './recording-socket';

useFakeServerOnFakeTimers();

/** A signer whose next signature waits until released. */
function gatedSigner(signer: Signer) {
  let gate: { started: () => void; released: Promise<void> } | undefined;
  const gated: Signer = {
    ...signer,
    sign: async (input) => {
      if (gate) {
        const { started, released } = gate;
        gate = undefined;
        started();
        await released;
      }
      return signer.sign(input);
    },
  };
  const holdNext = () => {
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((resolve) => (gate = { started: resolve, released }));
    return { started, release };
  };
  return { signer: gated, holdNext };
}

/** Lets every pending promise continuation (and socket callback already due) run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

async function open(options: Partial<StreamOptions> = {}) {
  const sockets = recordingWebSocket();
  const gate = gatedSigner(await testSigner());
  const stream = await createKalshiStream({
    url: fake.url,
    credentials: gate.signer,
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    ...options,
  });
  return { stream, created: sockets.created, gate };
}

/** What every close() must leave: closed, nothing connected, no timer, and later calls refused with the typed error. */
async function expectFullyClosed(stream: KalshiStream, created: WebSocket[]) {
  await fake.idle();
  expect(stream.state()).toBe('closed');
  expect(stream.connected()).toBe(false);
  expect(created.map((s) => s.readyState)).toEqual(created.map(() => WebSocket.CLOSED));
  expect(vi.getTimerCount()).toBe(0);
  await expect(stream.subscribe({ channels: ['trade'] })).rejects.toBeInstanceOf(KalshiStreamClosedError);
  await expect(stream.listSubscriptions()).rejects.toBeInstanceOf(KalshiStreamClosedError);
  await stream.close(); // again: a no-op
}

/** Cuts the connection from the server side and waits until the stream has seen it. */
async function drop(created: WebSocket[]) {
  const closed = once(created.at(-1) as WebSocket, 'close');
  fake.dropAll();
  await closed;
}

describe('close() at every state', () => {
  it('open: a subscribe in flight rejects, a waiting reader ends, the socket closes', async () => {
    const { stream, created } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const waiting = sub[Symbol.asyncIterator]().next();
    const inFlight = stream.subscribe({ channels: ['trade'] }).catch((e: unknown) => e);
    expect(stream.connected()).toBe(true);
    await stream.close();
    expect(await inFlight).toBeInstanceOf(KalshiStreamClosedError);
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    await expectFullyClosed(stream, created);
  });

  // Outside test round 13, S-D4: README "close(), in any state, settles everything: commands awaiting a reply reject
  // with KalshiStreamClosedError" (close() TSDoc too); an update issued just before close() or after it rejected with
  // a plain KalshiError "the subscription has ended", where a subscribe or listSubscriptions gets the typed error.
  // Round 28: naming the subscription that has ended by its channels, as the unsubscribed case below does.
  it('open: an update issued just before close(), or after it, rejects with KalshiStreamClosedError', async () => {
    const { stream, created } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'], market_tickers: ['A'] });
    const before = sub.update({ add: ['B'] }).catch((e: unknown) => e);
    await stream.close();
    const after = await sub.update({ add: ['C'] }).catch((e: unknown) => e);
    for (const error of [await before, after]) {
      expect(error).toBeInstanceOf(KalshiStreamClosedError);
      expect((error as Error).message).toBe('update: the stream is closed; the ticker subscription has ended');
    }
    expect(fake.commands.map((c) => c.cmd)).toEqual(['subscribe']);
    await expectFullyClosed(stream, created);
  });

  // Round 28: it was a plain KalshiError, which a handler of the stream's errors (`instanceof KalshiStreamError`) did
  // not catch; now the stream's own, code 0 (the client's, as every error the server did not send), naming the
  // subscription by its channels. Nothing is sent for it.
  it('an update on a subscription unsubscribed before (the stream still open) rejects with KalshiStreamError', async () => {
    const { stream } = await open();
    const sub = await stream.subscribe({ channels: ['ticker', 'trade'], market_tickers: ['A'] });
    await sub.unsubscribe();
    const sent = fake.commands.length;
    const error = await sub.update({ add: ['B'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error).not.toBeInstanceOf(KalshiStreamClosedError);
    expect(error).toMatchObject({ code: 0 });
    expect((error as Error).message).toBe('update: the ticker, trade subscription has ended; subscribe again');
    expect(fake.commands.length).toBe(sent);
    await stream.close();
  });

  it('reconnecting, waiting out the backoff: the retry timer is cleared', async () => {
    const { stream, created } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const waiting = sub[Symbol.asyncIterator]().next();
    await drop(created);
    expect(stream.state()).toBe('reconnecting');
    expect(vi.getTimerCount()).toBe(1); // the backoff
    await stream.close();
    // The drop's gap notice, yielded at once; then the end.
    await expect(waiting).resolves.toEqual({ value: { type: 'gap', reason: 'reconnect', dropped: 0 }, done: false });
    await expect(sub[Symbol.asyncIterator]().next()).resolves.toEqual({ value: undefined, done: true });
    await expectFullyClosed(stream, created);
    vi.runAllTimers();
    await flush();
    expect(created).toHaveLength(1);
  });

  it('reconnecting, signing the handshake: no socket opens afterwards', async () => {
    const { stream, created, gate } = await open();
    await stream.subscribe({ channels: ['ticker'] });
    await drop(created);
    const signing = gate.holdNext();
    vi.runOnlyPendingTimers(); // the backoff ends: the reconnect starts signing
    await signing.started;
    await stream.close();
    signing.release();
    await flush();
    expect(created).toHaveLength(1);
    expect(fake.handshakes).toHaveLength(1);
    await expectFullyClosed(stream, created);
  });

  it('reconnecting, mid-handshake: the half-open socket is cut', async () => {
    const { stream, created } = await open();
    await stream.subscribe({ channels: ['ticker'] });
    await drop(created);
    const parked = fake.parkNextUpgrade();
    vi.runOnlyPendingTimers();
    await parked;
    expect(created).toHaveLength(2);
    expect(stream.state()).toBe('reconnecting');
    await stream.close();
    await expectFullyClosed(stream, created);
  });

  // close() TSDoc: "Closes the socket"; shutDown(): "Closes the socket (politely if open)". An open connection gets a
  // closing handshake (1000, normal closure), not a cut (1006): the server sees a client that left, not one that died.
  it('open: the socket is closed with a closing handshake (code 1000), not cut', async () => {
    const { stream, created } = await open();
    const closed = once(created[0] as WebSocket, 'close');
    await stream.close();
    const [code] = await closed;
    expect(code).toBe(1000);
    await expectFullyClosed(stream, created);
  });

  it('closed: close() again resolves and changes nothing', async () => {
    const { stream, created } = await open();
    await Promise.all([stream.close(), stream.close()]);
    await expectFullyClosed(stream, created);
  });
});

describe('the signal ends the stream as close() does, at every state', () => {
  const reason = new Error('shutting down');
  /** The caller's abort: KalshiAbortError (the REST client's), the signal's reason as its cause. */
  const expectAbort = (error: unknown) => {
    expect(error).toBeInstanceOf(KalshiAbortError);
    expect(error).toMatchObject({ cause: reason });
  };
  const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

  it('already aborted: fails before anything is signed or opened', async () => {
    const sockets = recordingWebSocket();
    const signer = await testSigner();
    const sign = vi.spyOn(signer, 'sign');
    const error = await createKalshiStream({
      url: fake.url,
      credentials: signer,
      WebSocket: sockets.WebSocket,
      signal: AbortSignal.abort(reason),
    }).catch((e: unknown) => e);
    expectAbort(error);
    expect(sign).not.toHaveBeenCalled();
    expect(sockets.created).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborted while the credentials load (before the stream listens to the signal): no socket', async () => {
    const controller = new AbortController();
    const sockets = recordingWebSocket();
    const pending = createKalshiStream({
      url: fake.url,
      credentials: await testSigner(),
      WebSocket: sockets.WebSocket,
      signal: controller.signal,
    });
    controller.abort(reason); // createKalshiStream is awaiting its credentials
    expectAbort(await pending.catch((e: unknown) => e));
    expect(sockets.created).toHaveLength(0);
    expect(listeners(controller.signal)).toBe(0);
  });

  it('signing the first handshake: rejects, and no socket opens afterwards', async () => {
    const controller = new AbortController();
    const sockets = recordingWebSocket();
    const gate = gatedSigner(await testSigner());
    const signing = gate.holdNext();
    const pending = createKalshiStream({
      url: fake.url,
      credentials: gate.signer,
      WebSocket: sockets.WebSocket,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await signing.started;
    controller.abort(reason);
    signing.release();
    expectAbort(await pending);
    await flush();
    expect(sockets.created).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(listeners(controller.signal)).toBe(0);
  });

  it('mid-handshake of the first connect: rejects, the half-open socket is cut, the connect timer cleared', async () => {
    const controller = new AbortController();
    const sockets = recordingWebSocket();
    const parked = fake.parkNextUpgrade();
    const pending = createKalshiStream({
      url: fake.url,
      credentials: await testSigner(),
      WebSocket: sockets.WebSocket,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await parked;
    expect(vi.getTimerCount()).toBe(1); // the connect timeout
    controller.abort(reason);
    expectAbort(await pending);
    await flush();
    expect(sockets.created.map((s) => s.readyState)).toEqual([WebSocket.CLOSED]);
    expect(vi.getTimerCount()).toBe(0);
    expect(listeners(controller.signal)).toBe(0);
  });

  it('open: a command in flight rejects with the abort, a waiting reader ends, close() then resolves', async () => {
    const controller = new AbortController();
    const { stream, created } = await open({ signal: controller.signal });
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const waiting = sub[Symbol.asyncIterator]().next();
    const inFlight = stream.subscribe({ channels: ['trade'] }).catch((e: unknown) => e);
    controller.abort(reason);
    expectAbort(await inFlight);
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    expect(listeners(controller.signal)).toBe(0);
    await stream.close(); // resolves once the socket the abort closed is gone
    await expectFullyClosed(stream, created);
  });

  it('reconnecting, waiting out the backoff: the retry timer is cleared, no reconnect', async () => {
    const controller = new AbortController();
    const { stream, created } = await open({ signal: controller.signal });
    await drop(created);
    expect(stream.state()).toBe('reconnecting');
    controller.abort(reason);
    await expectFullyClosed(stream, created);
    vi.runAllTimers();
    await flush();
    expect(created).toHaveLength(1);
  });

  it('reconnecting, mid-handshake: the half-open socket is cut', async () => {
    const controller = new AbortController();
    const { stream, created } = await open({ signal: controller.signal });
    await drop(created);
    const parked = fake.parkNextUpgrade();
    vi.runOnlyPendingTimers();
    await parked;
    controller.abort(reason);
    expect(stream.state()).toBe('closed');
    await stream.close();
    await expectFullyClosed(stream, created);
    expect(created).toHaveLength(2);
  });

  it('after close(): the signal holds no listener, and aborting it closes nothing twice', async () => {
    const controller = new AbortController();
    const { stream, created } = await open({ signal: controller.signal });
    expect(listeners(controller.signal)).toBe(1);
    await stream.close();
    expect(listeners(controller.signal)).toBe(0);
    const socket = created[0] as WebSocket;
    const close = vi.spyOn(socket, 'close');
    const terminate = vi.spyOn(socket, 'terminate');
    controller.abort(reason);
    expect(close).not.toHaveBeenCalled();
    expect(terminate).not.toHaveBeenCalled();
    await expectFullyClosed(stream, created);
  });

  it('one long-lived signal for many streams keeps no listener of a stream that ended', async () => {
    const controller = new AbortController();
    const streams = [];
    for (let i = 0; i < 3; i++) streams.push((await open({ signal: controller.signal })).stream);
    expect(listeners(controller.signal)).toBe(3);
    for (const stream of streams) await stream.close();
    // A first connect that fails ends its stream too.
    const refused = createKalshiStream({
      url: fake.url,
      credentials: await testSigner(() => Date.now() - 120_000), // a stale timestamp, and no Date to learn from
      signal: controller.signal,
    });
    await expect(refused).rejects.toMatchObject({ status: 401 });
    expect(listeners(controller.signal)).toBe(0);
  });
});

describe('a first connection that fails leaves nothing armed', () => {
  it('a URL that is not ws:// or wss:// is a validation error naming the field', async () => {
    for (const url of ['not a url', 'http://127.0.0.1/trade-api/ws/v2']) {
      const error = await createKalshiStream({ url, credentials: await testSigner() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiValidationError);
      expect(error).toMatchObject({ field: 'url', message: expect.stringContaining(url) });
    }
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a WebSocket constructor that throws: typed error, and no connect timer left to fire', async () => {
    class Refusing {
      constructor() {
        throw new TypeError('refused by this constructor');
      }
    }
    const error = await createKalshiStream({
      url: fake.url,
      credentials: await testSigner(),
      WebSocket: Refusing as unknown as StreamSocketConstructor,
    }).catch((e: unknown) => e);
    expect(vi.getTimerCount()).toBe(0);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect((error as Error).message).toContain('refused by this constructor');
    vi.advanceTimersByTime(60_000); // nothing fires (it used to: a ReferenceError, uncaught)
  });
});

describe('commands issued while reconnecting', () => {
  it('wait for the new connection and the restore of every subscription, then go', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const ticker = await stream.subscribe({ channels: ['ticker'], market_tickers: ['A'] });
    await drop(created);
    const listed = stream.listSubscriptions();
    const subscribed = stream.subscribe({ channels: ['trade'] });
    const updated = ticker.update({ add: ['B'] });
    vi.advanceTimersByTime(1); // the backoff
    await Promise.all([listed, subscribed, updated]);
    // Nothing was sent before the restore, and the update went to the restored sid.
    expect(fake.commands.map((c) => [c.cmd, c.params])).toEqual([
      ['subscribe', { channels: ['ticker'], market_tickers: ['A'] }],
      ['subscribe', { channels: ['ticker'], market_tickers: ['A'] }],
      ['list_subscriptions', {}],
      ['subscribe', { channels: ['trade'] }],
      ['update_subscription', { sid: 2, market_tickers: ['B'], action: 'add_markets' }],
    ]);
    await stream.close();
  });

  // Attack report W-D2: between the socket leaving OPEN (a drop under way) and its close event, the stream still read
  // as open and a command failed at once with "not connected" instead of waiting, against the README's promise.
  it('issued while the socket is closing but its close event has not come yet: waits too', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    await stream.subscribe({ channels: ['ticker'] });
    const socket = created[0] as WebSocket;
    const closed = once(socket, 'close');
    socket.close(); // CLOSING now; the close event is still to come
    const listed = stream.listSubscriptions();
    await closed;
    vi.advanceTimersByTime(1); // the backoff
    await expect(listed).resolves.toBeDefined();
    expect(fake.commands.map((c) => c.cmd)).toEqual(['subscribe', 'subscribe', 'list_subscriptions']);
    await stream.close();
  });

  // Outside test round 13, S-D1: a connection the client cuts itself (a command left without its reply for
  // commandTimeoutMs, as here; a sid already in use; the watchdog) gets its close event from `ws` on a later tick, and a
  // subscribe issued meanwhile was refused at once with "the WebSocket is not connected". README: a command issued
  // while the stream reconnects (`subscribe`, `update`, `listSubscriptions`) "waits for the new connection and the
  // restore of every subscription"; commandTimeoutMs TSDoc: on a timeout "the connection is cut and reconnected".
  it('a subscribe issued right after the client cut its own connection (a reply that never came): waits too', async () => {
    const { stream, created } = await open({
      commandTimeoutMs: 1_000,
      reconnect: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    fake.hold = (c) => c.cmd === 'subscribe';
    const first = stream.subscribe({ channels: ['ticker'] }).catch((e: unknown) => e);
    await fake.when(() => fake.held().length === 1);
    fake.hold = undefined;
    const closed = once(created[0] as WebSocket, 'close');
    vi.advanceTimersByTime(1_000); // no reply: the subscribe rejects and the connection is cut
    expect(await first).toBeInstanceOf(KalshiStreamError);
    const second = stream.subscribe({ channels: ['trade'] });
    await closed;
    vi.advanceTimersByTime(1); // the backoff
    const trades = await second;
    expect(trades.channels).toEqual(['trade']);
    expect(fake.handshakes).toHaveLength(2);
    expect(fake.commands.map((c) => [c.cmd, c.params])).toEqual([
      ['subscribe', { channels: ['ticker'] }],
      ['subscribe', { channels: ['trade'] }],
    ]);
    await stream.close();
  });

  // README: a command issued while the stream reconnects "waits for the new connection and the restore of every
  // subscription". A restore cut short by another drop (here while it undid a subscription unsubscribed meanwhile) is
  // no restore: the command waits for the next connection instead of failing with "not connected".
  it('a restore cut short by another drop keeps them waiting for the next connection', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const trades = await stream.subscribe({ channels: ['trade'] });
    await drop(created);
    fake.hold = (c) => c.cmd === 'subscribe' || c.cmd === 'unsubscribe';
    const listed = stream.listSubscriptions().catch((e: unknown) => e);
    vi.advanceTimersByTime(1); // the backoff
    await fake.when(() => fake.held().length === 1); // the restore's subscribe
    await trades.unsubscribe(); // while its restore is on the way
    fake.release(); // granted: the restore undoes it on the server
    await fake.when(() => fake.held().some((c) => c.cmd === 'unsubscribe'));
    fake.hold = undefined;
    await drop(created); // the unsubscribe is cut off: the restore ends with the stream reconnecting
    await flush();
    vi.advanceTimersByTime(1); // the backoff
    expect(await listed).toEqual([
      { channel: 'trade', sid: 1 },
      { channel: 'trade', sid: 2 },
    ]);
    expect(fake.handshakes).toHaveLength(3);
    expect(fake.commands.map((c) => c.cmd)).toEqual(['subscribe', 'subscribe', 'unsubscribe', 'list_subscriptions']);
    await stream.close();
  });

  // Subscription.sids' TSDoc: "none while reconnecting"; the restore brings new ones (kalshi-api-notes §9.3: sids are
  // per connection).
  it('a subscription has no sids while the stream reconnects, and new ones once restored', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const trades = await stream.subscribe({ channels: ['trade'] });
    expect(trades.sids).toEqual([1]);
    await drop(created);
    expect(stream.state()).toBe('reconnecting');
    expect(trades.sids).toEqual([]);
    vi.advanceTimersByTime(1); // the backoff
    await stream.listSubscriptions();
    expect(trades.sids).toEqual([2]);
    await stream.close();
  });

  // A consumer holding a book or positions learns at once that messages may be missing, not only once the backoff (up
  // to maxDelayMs, 30 s by default) and the restore are over: the notice marks the same point in its messages (nothing
  // of the old connection comes after it), and one drop yields one notice, the restored messages following it.
  it('the reconnect gap notice comes as the connection drops, during the backoff, and once per drop', async () => {
    const { stream, created } = await open(); // a 60 s backoff the test never lets end before it looks
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const iterator = sub[Symbol.asyncIterator]();
    const waiting = iterator.next();
    await drop(created);
    expect(stream.state()).toBe('reconnecting');
    const first = await Promise.race([waiting, flush().then(() => 'nothing yet')]);
    expect(first).toEqual({ value: { type: 'gap', reason: 'reconnect', dropped: 0 }, done: false });
    const next = iterator.next();
    vi.runOnlyPendingTimers(); // the backoff
    await fake.when(() => fake.commands.length === 2); // the restore's subscribe
    await stream.listSubscriptions();
    fake.broadcast({ type: 'ticker', sid: 2, msg: { market_ticker: 'KX-1' } });
    expect((await next).value).toMatchObject({ type: 'ticker', sid: 2 });
    expect(sub.queued).toBe(0);
    await stream.close();
  });

  // SubscriptionHost.forget: a subscription unsubscribed "is not restored after a reconnect", here one unsubscribed
  // while the restore is still working on another: nothing of it is sent on the new connection.
  it('a subscription unsubscribed while the restore works on another is not restored', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    await stream.subscribe({ channels: ['trade'] });
    const tickers = await stream.subscribe({ channels: ['ticker'] });
    await drop(created);
    fake.hold = (c) => c.cmd === 'subscribe';
    vi.advanceTimersByTime(1); // the backoff
    await fake.when(() => fake.held().length === 1); // the restore's subscribe to trade
    await tickers.unsubscribe();
    fake.hold = undefined;
    fake.release();
    await stream.listSubscriptions();
    expect(fake.commands.map((c) => [c.cmd, c.params])).toEqual([
      ['subscribe', { channels: ['trade'] }],
      ['subscribe', { channels: ['ticker'] }],
      ['subscribe', { channels: ['trade'] }],
      ['list_subscriptions', {}],
    ]);
    await stream.close();
  });

  it('give up after connectTimeoutMs with KalshiConnectionError, and reject with the closing error on close()', async () => {
    const { stream, created } = await open({ connectTimeoutMs: 5_000 });
    await drop(created);
    const listed = stream.listSubscriptions().catch((e: unknown) => e);
    const subscribed = stream.subscribe({ channels: ['trade'] }).catch((e: unknown) => e);
    vi.advanceTimersByTime(5_000); // the reconnect's backoff (60 s) is still running
    for (const error of [await listed, await subscribed]) {
      expect(error).toBeInstanceOf(KalshiConnectionError);
      expect((error as Error).message).toMatch(/did not reconnect within 5000 ms/);
    }
    const waiting = stream.listSubscriptions().catch((e: unknown) => e);
    await stream.close();
    expect(await waiting).toBeInstanceOf(KalshiStreamClosedError);
    await expectFullyClosed(stream, created);
  });
});

describe('subscriptions end cleanly', () => {
  it('`break` out of for await unsubscribes on the server; the channel can then be subscribed again', async () => {
    const { stream } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'] });
    fake.broadcast({ type: 'ticker', sid: 1, msg: { market_ticker: 'KX-1' } });
    for await (const message of sub) {
      expect(message).toMatchObject({ type: 'ticker', sid: 1 });
      break;
    }
    // Sent before `break` returns; the server reads it a moment later (its reply is not awaited: see below).
    await fake.when(() => fake.commands.length === 2);
    expect(fake.commands.at(-1)).toMatchObject({ cmd: 'unsubscribe', params: { sids: [1] } });
    const again = await stream.subscribe({ channels: ['ticker'] });
    expect(again.sids).toEqual([2]);
    await stream.close();
  });

  it('`break` returns once the unsubscribe is sent, not after its reply (a server that never answers it)', async () => {
    // A demanding user's expectation, the notes being silent: leaving a loop does not wait up to commandTimeoutMs
    // (10 s by default) for an answer that changes nothing for the caller (unsubscribe ends it whatever the server says).
    const { stream } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'] });
    fake.hold = (command) => command.cmd === 'unsubscribe';
    fake.broadcast({ type: 'ticker', sid: 1, msg: { market_ticker: 'KX-1' } });
    let returned = false;
    const loop = (async () => {
      for await (const _ of sub) break;
      returned = true;
    })();
    await fake.when(() => fake.held().length === 1);
    await flush();
    expect(fake.held()).toMatchObject([{ cmd: 'unsubscribe', params: { sids: [1] } }]);
    expect(returned).toBe(true);
    await loop;
    await stream.close();
    await fake.idle();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('two concurrent subscribe() calls to one channel: the second is refused before anything is sent', async () => {
    const { stream } = await open();
    const [first, second] = await Promise.allSettled([
      stream.subscribe({ channels: ['ticker'] }),
      stream.subscribe({ channels: ['ticker'], market_tickers: ['KX-2'] }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringContaining('channel "ticker" is already subscribed') },
    });
    expect(fake.commands.filter((c) => c.cmd === 'subscribe')).toHaveLength(1);
    await stream.close();
  });

  it('a subscription the server refuses to restore after a reconnect fails its iterator with the typed error', async () => {
    const { stream, created } = await open({ reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const iterator = sub[Symbol.asyncIterator]();
    const waiting = iterator.next();
    fake.refused.add('ticker');
    await drop(created);
    vi.runOnlyPendingTimers(); // the backoff
    expect((await waiting).value).toEqual({ type: 'gap', reason: 'reconnect', dropped: 0 });
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error).toMatchObject({ code: 11 });
    expect(stream.state()).toBe('open');
    // The failed subscription let go of its channel.
    fake.refused.clear();
    await expect(stream.subscribe({ channels: ['ticker'] })).resolves.toMatchObject({ channels: ['ticker'] });
    await stream.close();
  });

  it('two concurrent next() calls each get their own message, in order', async () => {
    const { stream } = await open();
    const sub = await stream.subscribe({ channels: ['ticker'] });
    const iterator = sub[Symbol.asyncIterator]();
    const [a, b] = [iterator.next(), iterator.next()];
    fake.broadcast({ type: 'ticker', sid: 1, msg: { market_ticker: 'KX-A' } });
    fake.broadcast({ type: 'ticker', sid: 1, msg: { market_ticker: 'KX-B' } });
    expect((await a).value).toMatchObject({ msg: { market_ticker: 'KX-A' } });
    expect((await b).value).toMatchObject({ msg: { market_ticker: 'KX-B' } });
    await stream.close();
  });
});
