// The stream on a WHATWG-style WebSocket (Node ≥ 22's undici global, Bun, Deno): a socket whose close() fires
// `error` and `close` synchronously must not re-enter the stream (Node 22 died of a stack overflow on a refused
// connect; checked for the `ws` shape too), and, since such a socket never shows pings, a quiet healthy stream must
// not be torn down by the watchdog.
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { KalshiError } from '../../src';
import { createKalshiStream, KalshiStreamError } from '../../src/ws';
import { openSocket } from '../../src/ws/socket';
import { testSigner } from '../helpers';
import { type FakeEmitterSocket, fakeSockets } from './fake-socket';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const url = 'ws://127.0.0.1:1/trade-api/ws/v2';

async function open(options: { heartbeatMs?: number } = {}, style: 'whatwg' | 'emitter' = 'whatwg') {
  const sockets = fakeSockets(style);
  const stream = await createKalshiStream({
    url,
    credentials: await testSigner(),
    WebSocket: sockets.WebSocket,
    reconnect: { initialDelayMs: 1_000, maxDelayMs: 1_000 },
    ...options,
  });
  return { stream, sockets };
}

/** Lets queued microtasks and promise continuations run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe.each(['whatwg', 'emitter'] as const)(
  'a %s socket whose close() fires error and close synchronously',
  (style) => {
    it('a refused first connect rejects once, closing the socket once, without re-entering the stream', async () => {
      const sockets = fakeSockets(style);
      sockets.refuseNext();
      await expect(
        createKalshiStream({ url, credentials: await testSigner(), WebSocket: sockets.WebSocket }),
      ).rejects.toThrow(KalshiError);
      await flush();
      expect(sockets.created).toHaveLength(1);
      expect(sockets.last().closeCalls).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a refused reconnect schedules the next attempt instead of recursing', async () => {
      const { stream, sockets } = await open({}, style);
      sockets.refuseNext();
      sockets.last().drop();
      expect(stream.state()).toBe('reconnecting');
      await vi.advanceTimersToNextTimerAsync(); // the backoff (full jitter)
      await flush();
      expect(sockets.created).toHaveLength(2);
      expect(sockets.last().closeCalls).toBe(1);
      expect(stream.state()).toBe('reconnecting');
      await stream.close();
      expect(vi.getTimerCount()).toBe(0);
    });
  },
);

describe('the watchdog without pings', () => {
  it('keeps a quiet, healthy connection: after half of heartbeatMs it asks list_subscriptions, and the reply counts', async () => {
    const { stream, sockets } = await open({ heartbeatMs: 30_000 });
    const socket = sockets.last();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(socket.sent.map((c) => c.cmd)).toEqual(['list_subscriptions']);
    // Five quiet minutes: one probe per 15 s, each answered; the connection stays.
    await vi.advanceTimersByTimeAsync(300_000);
    expect(socket.closeCalls).toBe(0);
    expect(sockets.created).toHaveLength(1);
    expect(stream.state()).toBe('open');
    expect(socket.sent.length).toBe(21);
    await stream.close();
  });

  it('any message rearms it: no probe while data flows', async () => {
    const { stream, sockets } = await open({ heartbeatMs: 30_000 });
    const socket = sockets.last();
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(14_000);
      socket.receive({ type: 'ticker', sid: 99, msg: {} });
    }
    expect(socket.sent).toEqual([]);
    await stream.close();
  });

  // closeHangs: a connection that went silent (a proxy or NAT dropped it) never answers close(); on a WHATWG socket the
  // `close` event would wait for a closing handshake that never comes, and the stream stayed 'open' and dead (found on
  // Node 22/24 and Deno through a TCP proxy that stops passing data).
  it.each([
    ['a connection that still closes', false],
    ['a silent connection whose close() never completes', true],
  ])('reconnects when the probe goes unanswered for the rest of heartbeatMs: %s', async (_, closeHangs) => {
    const { stream, sockets } = await open({ heartbeatMs: 30_000 });
    const socket = sockets.last();
    socket.answering = false;
    socket.closeHangs = closeHangs;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(socket.sent.map((c) => c.cmd)).toEqual(['list_subscriptions']);
    expect(socket.closeCalls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.closeCalls).toBe(1);
    expect(stream.state()).toBe('reconnecting');
    await vi.advanceTimersToNextTimerAsync();
    await flush();
    expect(sockets.created).toHaveLength(2);
    expect(stream.state()).toBe('open');
    await stream.close();
  });

  // kalshi-api-notes §9 (keep-alive): Kalshi pings every 10 s; the `ws` package shows them (socket.ts: `ping` is a
  // sign of life), so a quiet connection it pings needs no list_subscriptions probe (StreamOptions.heartbeatMs).
  it('a `ws` socket shows the server pings: a quiet connection pinged every 10 s is never probed', async () => {
    const { stream, sockets } = await open({ heartbeatMs: 30_000 }, 'emitter');
    const socket = sockets.last() as unknown as FakeEmitterSocket;
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(10_000);
      socket.emit('ping', Buffer.from('heartbeat'));
    }
    expect(socket.sent).toEqual([]);
    expect(stream.state()).toBe('open');
    await stream.close();
  });
});

describe('a connection the client cuts from inside a reply', () => {
  // socket.ts' Guard: nothing reaches the stream from inside our own close()/terminate() (undici fires `close`
  // synchronously there); that close comes on the next microtask. A subscribe reply without an integer msg.sid is
  // refused with KalshiStreamError and the connection is recycled (stream.ts subscribeChannels, AsyncAPI
  // subscribedResponsePayload): the cut must not overtake that error with the close's "WebSocket closed before the reply".
  it('a subscribe answered without a sid rejects with the KalshiStreamError naming the reply, then the stream reconnects', async () => {
    const { stream, sockets } = await open();
    const socket = sockets.last();
    const subscribing = stream.subscribe({ channels: ['ticker'] }).catch((error: unknown) => error);
    await flush();
    const [command] = socket.sent as { id: number; cmd: string }[];
    expect(command?.cmd).toBe('subscribe');
    socket.receive({ id: command?.id, type: 'ok' });
    const error = await subscribing;
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect((error as Error).message).toMatch(/subscribe: the server sent a reply to subscribe \(type ok\)/);
    expect(socket.closeCalls).toBe(1);
    expect(stream.state()).toBe('reconnecting');
    await stream.close();
  });
});

describe("Node's WebSocket (undici): a connection we cut releases its TCP socket", () => {
  // undici keeps its global dispatcher under this key; its WebSocket dispatches the handshake through the
  // `dispatcher` of its options, else through that one, and hands the upgraded socket to the handler's onUpgrade
  // (undici ≤ 7's fetch) or onRequestUpgrade (its newer handler API).
  const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
  const globals = globalThis as unknown as Record<symbol, unknown>;
  type Handler = Record<string, (...args: unknown[]) => void>;
  type Dispatcher = { dispatch(options: unknown, handler: Handler): boolean };

  function undiciLike() {
    const handlers: Handler[] = [];
    const saved = globals[GLOBAL_DISPATCHER];
    globals[GLOBAL_DISPATCHER] = { dispatch: (_options: unknown, handler: Handler) => handlers.push(handler) > 0 };
    onTestFinished(() => {
      globals[GLOBAL_DISPATCHER] = saved;
    });
    class UndiciWebSocket {
      readyState = 0;
      constructor(_url: string, options: { headers: Record<string, string>; dispatcher?: Dispatcher }) {
        const dispatcher = options.dispatcher ?? (globals[GLOBAL_DISPATCHER] as Dispatcher);
        dispatcher.dispatch({ upgrade: 'websocket' }, { onUpgrade() {}, onRequestUpgrade() {}, onError() {} });
      }
      addEventListener() {}
      send() {}
      close() {}
    }
    const tcp = () => ({
      destroyed: false,
      destroy() {
        this.destroyed = true;
      },
    });
    return { handlers, UndiciWebSocket, tcp };
  }
  const on = { open() {}, message() {}, binary() {}, alive() {}, close() {}, error() {} };

  it.each([
    ['onUpgrade', (socket: unknown) => [101, [], socket]],
    ['onRequestUpgrade', (socket: unknown) => [{}, 101, {}, socket]],
  ] as const)('the socket %s hands over is destroyed when the stream cuts the connection', (callback, args) => {
    const { handlers, UndiciWebSocket, tcp } = undiciLike();
    const connection = openSocket(UndiciWebSocket, url, { 'KALSHI-ACCESS-KEY': 'k' }, on);
    const socket = tcp();
    handlers[0]?.[callback]?.(...args(socket));
    expect(socket.destroyed).toBe(false);
    connection.terminate();
    expect(socket.destroyed).toBe(true);
  });

  it('a connection cut while its handshake was under way destroys the socket upgraded after it', () => {
    const { handlers, UndiciWebSocket, tcp } = undiciLike();
    const connection = openSocket(UndiciWebSocket, url, { 'KALSHI-ACCESS-KEY': 'k' }, on);
    connection.terminate();
    const late = tcp();
    handlers[0]?.onUpgrade?.(101, [], late);
    expect(late.destroyed).toBe(true);
  });

  it("the handshake still goes through the global dispatcher (a user's setGlobalDispatcher applies)", () => {
    const { handlers, UndiciWebSocket } = undiciLike();
    openSocket(UndiciWebSocket, url, { 'KALSHI-ACCESS-KEY': 'k' }, on);
    expect(handlers).toHaveLength(1);
  });
});
