// A machine whose clock is off: Kalshi refuses the handshake with 401 `header_timestamp_expired` (kalshi-api-notes
// §2.2 window, §2.3 body, §2.5 "a bad handshake is rejected at the HTTP level"). The stream learns the offset from the
// refusal's `Date` header and signs again once, as the REST transport does, or takes a REST client's offset at once.
// The notes do not record the WS refusal's headers; a `Date` is what every HTTP server with a clock sends (RFC 9110
// §6.6.1). Fake sockets and a fake `Date`: every time and offset below is exact.
import type { Signer } from '@org/kalshi-auth';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { KalshiAuthenticationError } from '../../src';
import { createKalshiStream, type StreamOptions } from '../../src/ws';
import { testSigner } from '../helpers';
import { type FakeEmitterSocket, fakeSockets } from './fake-socket';

/** This machine's time: on a whole second, so the exchange's `Date` header (whole seconds) is exact. */
const NOW = Date.UTC(2026, 5, 11, 12, 0, 0);
/** The exchange's clock is a minute ahead: outside the window both ways (§2.2). */
const AHEAD_MS = 60_000;
/** What the stream measures: the Date header's second, plus half a second (the middle of that second). */
const MEASURED_MS = AHEAD_MS + 500;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

const STALE = { error: { code: 'header_timestamp_expired', message: 'header timestamp expired' } };
const exchangeDate = () => ({ date: new Date(Date.now() + AHEAD_MS).toUTCString() });

/**
 * An exchange a minute ahead that checks each handshake's timestamp against its own clock with the mock's ±30 s
 * window (§2.2): it refuses a stale one with the recorded body and its Date header, and opens the others.
 */
function skewedExchange(socket: FakeEmitterSocket) {
  const signedAt = Number(socket.options.headers['KALSHI-ACCESS-TIMESTAMP']);
  if (Math.abs(signedAt - (Date.now() + AHEAD_MS)) > 30_000) socket.answer(401, STALE, exchangeDate());
  else socket.open();
}

async function connect(server: (socket: FakeEmitterSocket) => void, options: Partial<StreamOptions> = {}) {
  /** Each handshake's signed timestamp minus this machine's time when it was sent. */
  const offsets: number[] = [];
  const sockets = fakeSockets('emitter', (socket) => {
    offsets.push(Number(socket.options.headers['KALSHI-ACCESS-TIMESTAMP']) - Date.now());
    server(socket);
  });
  const warnings: object[] = [];
  const logger = { debug() {}, info() {}, warn: (fields: object) => warnings.push(fields), error() {} };
  const stream = createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: await testSigner(),
    WebSocket: sockets.WebSocket,
    logger,
    reconnect: { initialDelayMs: 1_000, maxDelayMs: 1_000 },
    ...options,
  });
  return { stream, sockets, warnings, offsets };
}

it("learns the offset from a stale-timestamp refusal's Date, signs again once with the exchange's time, logs it", async () => {
  const { stream, warnings, offsets } = await connect(skewedExchange);
  const open = await stream;
  expect(open.state()).toBe('open');
  expect(offsets).toEqual([0, MEASURED_MS]);
  expect(warnings).toEqual([
    { clockOffsetMs: MEASURED_MS, operationId: 'WebSocket handshake', message: expect.stringMatching(/clock skew/) },
  ]);
  await open.close();
});

it('keeps the learned offset: a reconnect signs with the exchange time at once', async () => {
  const { stream, sockets, warnings, offsets } = await connect(skewedExchange);
  const open = await stream;
  (sockets.last() as unknown as FakeEmitterSocket).drop();
  expect(open.state()).toBe('reconnecting');
  await vi.advanceTimersByTimeAsync(1_000); // the backoff (at most 1 s)
  expect(open.state()).toBe('open');
  expect(offsets).toEqual([0, MEASURED_MS, MEASURED_MS]);
  expect(warnings.filter((w) => 'clockOffsetMs' in w)).toHaveLength(1); // (and the reconnect's own warning)
  await open.close();
});

it('signs again only once: a second stale-timestamp refusal fails the connect with the typed 401', async () => {
  const { stream, sockets } = await connect((socket) => socket.answer(401, STALE, exchangeDate()));
  const error = await stream.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiAuthenticationError);
  expect(error).toMatchObject({ status: 401, code: 'header_timestamp_expired' });
  expect(sockets.created).toHaveLength(2);
  expect(vi.getTimerCount()).toBe(0);
});

it('another 401 is not a clock problem: one handshake, the typed error', async () => {
  const unknownKey = { error: { code: 'authentication_error', message: 'authentication_error', details: 'NOT_FOUND' } };
  const { stream, sockets, warnings } = await connect((socket) => socket.answer(401, unknownKey, exchangeDate()));
  await expect(stream).rejects.toMatchObject({ status: 401, code: 'authentication_error' });
  expect(sockets.created).toHaveLength(1);
  expect(warnings).toEqual([]);
});

it('a stale-timestamp refusal without a Date header leaves nothing to learn from: one handshake', async () => {
  const { stream, sockets } = await connect((socket) => socket.answer(401, STALE));
  await expect(stream).rejects.toMatchObject({ status: 401, code: 'header_timestamp_expired' });
  expect(sockets.created).toHaveLength(1);
});

it("clockFrom: signs with the REST client's offset from the first handshake, read again at every handshake", async () => {
  const rest = { clockOffsetMs: AHEAD_MS };
  const { stream, sockets, warnings, offsets } = await connect(skewedExchange, { clockFrom: rest });
  const open = await stream;
  expect(offsets).toEqual([AHEAD_MS]);
  rest.clockOffsetMs = AHEAD_MS + 2_000; // the REST client measured again
  (sockets.last() as unknown as FakeEmitterSocket).drop();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(offsets).toEqual([AHEAD_MS, AHEAD_MS + 2_000]);
  expect(warnings.filter((w) => 'clockOffsetMs' in w)).toEqual([]);
  await open.close();
});

// The same measure as REST (src/clock-skew.ts): a Date more than a day away is not the exchange's clock (§2.2 window
// ±30 s; a clock can be hours off, not decades), and a timestamp within ±10 s of it was not refused for the clock.
it.each([
  ['in 2099', () => 'Thu, 01 Jan 2099 00:00:00 GMT'],
  ['in 1900', () => 'Mon, 01 Jan 1900 00:00:00 GMT'],
  ['equal to the signed time', () => new Date().toUTCString()],
])('a stale-timestamp refusal with a Date %s is not a clock to adopt: one handshake, the 401', async (_, date) => {
  const { stream, sockets, warnings } = await connect((socket) => socket.answer(401, STALE, { date: date() }));
  await expect(stream).rejects.toMatchObject({ status: 401, code: 'header_timestamp_expired' });
  expect(sockets.created).toHaveLength(1);
  expect(warnings).toEqual([]);
});

// As REST (src/clock-skew.ts isNewOffset): the same offset measured again says nothing new. A signer that keeps its own
// clock is refused on each connect's first handshake, here by an exchange that then opens the one signed again.
it('warns once per new offset: a reconnect measuring the same offset again does not warn again', async () => {
  const inner = await testSigner();
  const ownClock: Signer = {
    keyId: inner.keyId,
    algorithm: inner.algorithm,
    sign: (input) => inner.sign({ ...input, timestamp: undefined }),
  };
  let handshakes = 0;
  const { stream, sockets, warnings } = await connect(
    (socket) => (++handshakes % 2 ? socket.answer(401, STALE, exchangeDate()) : socket.open()),
    { credentials: ownClock },
  );
  const open = await stream;
  (sockets.last() as unknown as FakeEmitterSocket).drop();
  await vi.advanceTimersByTimeAsync(1_000);
  expect(open.state()).toBe('open');
  expect(handshakes).toBe(4);
  expect(warnings.filter((w) => 'clockOffsetMs' in w)).toHaveLength(1);
  await open.close();
});

// README: close() "in any state … no socket or timer is left", "while a custom signer is still signing the handshake
// too". The logger runs the caller's code inside the stream: a close() on the clock-skew warning of a reconnect (the
// exchange's clock jumped) ended the stream, and the handshake was then signed again anyway, its signing bounded by a
// connectTimeoutMs timer armed after close() (a remote signer that hangs kept it, and the process, for 10 s). S2.
it('close() from the logger on the clock-skew warning of a reconnect: nothing is signed after it, no timer is left', async () => {
  const inner = await testSigner();
  let closed = false;
  let signedAfterClose = 0;
  const hangsAfterClose: Signer = {
    keyId: inner.keyId,
    algorithm: inner.algorithm,
    // A remote signer that no longer answers once the stream is closed (the stream must not wait for it).
    sign: (input) => {
      if (!closed) return inner.sign(input);
      signedAfterClose++;
      return new Promise(() => {});
    },
  };
  let skewed = false;
  let closing: Promise<void> | undefined;
  let onClockSkew = () => {};
  const { stream, sockets } = await connect(
    (socket) => (skewed ? socket.answer(401, STALE, exchangeDate()) : socket.open()),
    {
      credentials: hangsAfterClose,
      logger: {
        debug() {},
        info() {},
        warn: (fields: object) => ('clockOffsetMs' in fields ? onClockSkew() : undefined),
        error() {},
      },
    },
  );
  const open = await stream;
  onClockSkew = () => {
    closed = true;
    closing ??= open.close();
  };
  skewed = true; // the exchange's clock jumped a minute ahead
  (sockets.last() as unknown as FakeEmitterSocket).drop();
  await vi.advanceTimersByTimeAsync(1_000); // the backoff; the reconnect is refused for its timestamp
  expect(closing).toBeDefined();
  await closing;
  expect(open.state()).toBe('closed');
  expect(signedAfterClose).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
});
