// What a stream's errors tell (attack report E: E-D1, E-D4, E-D5, E-D12, E-D17): the command the server refused and the
// market it names, a subscribe mistake caught before sending, and a refused handshake naming the key id, the URL and
// the likely fix as the REST client's errors do.
//
// AsyncAPI `errorResponsePayload.msg`: `code`, `msg`, `market_ticker` ("Optional market ticker associated with the
// error"), `market_tickers` ("Optional market tickers associated with the error"); the envelope's `id` echoes the
// command and `sid` is "present when the error is scoped to a subscription". kalshi-api-notes §9.3: "`error.msg` may
// include `market_ticker`/`market_id` for market-specific errors". §1: the WebSocket path is `/trade-api/ws/v2`, REST's
// `/trade-api/v2`. §2.5: "A bad handshake is rejected at the HTTP level (401 …). Exact body unconfirmed"; the bodies
// below are the REST 401s of §2.3 (the notes are silent on a handshake's 404 body: Kalshi's REST 404 shape stands in).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  KalshiAuthenticationError,
  KalshiMissingCredentialsError,
  KalshiNotFoundError,
  KalshiValidationError,
} from '../../src';
import {
  createKalshiStream,
  KalshiStreamError,
  type StreamSocketConstructor,
  type SubscribeParams,
} from '../../src/ws';
import { handshakeError } from '../../src/ws/connect-error';
import { key, testSigner } from '../helpers';
import { fakeSockets } from './fake-socket';
import { fake, open, useFakeStream } from './fake-stream';

useFakeStream();

/** Answers the next held command with Kalshi's error frame `msg`. */
async function refuseHeld(msg: Record<string, unknown>, sid?: number) {
  await fake.when(() => fake.held().length >= 1);
  const command = fake.held()[0] as { id: number };
  fake.hold = undefined;
  fake.broadcast({ id: command.id, ...(sid === undefined ? {} : { sid }), type: 'error', msg });
}

describe('a command error reply (E-D1)', () => {
  it('subscribe: the error keeps the market the server names and says which command failed', async () => {
    const stream = await open();
    fake.hold = (c) => c.cmd === 'subscribe';
    const subscribing = stream.subscribe({ channels: ['orderbook_delta'], market_tickers: ['KX-1', 'NOPE-XYZ'] });
    await refuseHeld({ code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE-XYZ' });
    const error = await subscribing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiStreamError);
    expect(error).toMatchObject({ code: 11, command: 'subscribe', market_ticker: 'NOPE-XYZ' });
    expect((error as Error).message).toBe('subscribe: 11 Invalid parameter (market_ticker NOPE-XYZ)');
  });

  it('keeps market_tickers and market_id too, and Kalshi’s own text when it says more than the code', async () => {
    const stream = await open();
    fake.hold = (c) => c.cmd === 'subscribe';
    const subscribing = stream.subscribe({ channels: ['ticker'], market_tickers: ['A-1', 'B-2', 'C-3'] });
    await refuseHeld({
      code: 26,
      msg: 'too many markets',
      market_tickers: ['B-2', 'C-3'],
      market_id: '3f0c2a4e-0000-4000-8000-000000000000',
    });
    const error = await subscribing.catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 26,
      command: 'subscribe',
      market_tickers: ['B-2', 'C-3'],
      market_id: '3f0c2a4e-0000-4000-8000-000000000000',
    });
    expect((error as Error).message).toBe(
      'subscribe: 26 Subscription market limit exceeded: too many markets (market_tickers B-2, C-3; market_id 3f0c2a4e-0000-4000-8000-000000000000)',
    );
  });

  it('update({ add }): names update_subscription, its action and the market', async () => {
    const stream = await open();
    const sub = await stream.subscribe({ channels: ['trade'], market_tickers: ['KX-1'] });
    fake.hold = (c) => c.cmd === 'update_subscription';
    const updating = sub.update({ add: ['NOPE-XYZ'] });
    await refuseHeld({ code: 11, msg: 'Invalid parameter', market_ticker: 'NOPE-XYZ' }, 1);
    const error = await updating.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11, command: 'update_subscription', sid: 1, market_ticker: 'NOPE-XYZ' });
    expect((error as Error).message).toBe(
      'update_subscription add_markets: 11 Invalid parameter (market_ticker NOPE-XYZ)',
    );
  });

  it('an error naming no market: the command alone, no empty fields', async () => {
    const stream = await open();
    const error = await stream.subscribe({ channels: ['nonsense' as 'ticker'] }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('subscribe: 8 Unknown channel name');
    expect(Object.keys(error as object).sort()).toEqual(['code', 'command', 'name']);
  });

  // KalshiStreamError's message names the markets, "at most 10 shown" (stream-error.ts marketsOf); the field keeps
  // them all. The notes are silent on how many tickers an error frame may carry: the bound is the SDK's.
  it('names at most 10 of market_tickers, then how many more; exactly 10 are all named', () => {
    const tickers = Array.from({ length: 12 }, (_, i) => `KX-${i + 1}`);
    const ten = new KalshiStreamError(26, '', { command: 'subscribe', market_tickers: tickers.slice(0, 10) });
    expect(ten.message).toBe(
      `subscribe: 26 Subscription market limit exceeded (market_tickers ${tickers.slice(0, 10).join(', ')})`,
    );
    const twelve = new KalshiStreamError(26, '', { command: 'subscribe', market_tickers: tickers });
    expect(twelve.message).toBe(
      `subscribe: 26 Subscription market limit exceeded (market_tickers ${tickers.slice(0, 10).join(', ')} and 2 more)`,
    );
    expect(twelve.market_tickers).toEqual(tickers);
  });
});

describe('subscribe params checked before sending, as update() checks them (E-D4)', () => {
  it.each([
    ['market_tickers', 'KX-1'],
    ['market_tickers', ['KX-1', '']],
    ['market_tickers', [5]],
    ['market_ticker', ['KX-1']],
    ['market_ticker', ''],
    // Round 13 verifier V-D2: market ids (ticker channel) were sent as given; "" is Go's absent value (every market).
    ['market_id', ''],
    ['market_id', 5],
    ['market_ids', '3f0c2a4e-0000-4000-8000-000000000000'],
    ['market_ids', ['']],
  ])('%s: %j is refused naming the field, nothing sent', async (field, value) => {
    const stream = await open();
    const error = await stream
      .subscribe({ channels: ['ticker'], [field]: value } as unknown as Parameters<typeof stream.subscribe>[0])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect(fake.commands).toEqual([]);
  });

  it('the same words as update({ add }) for the same mistake', async () => {
    const stream = await open();
    const refused = await stream
      .subscribe({ channels: ['ticker'], market_tickers: 'KX-1' as unknown as string[] })
      .catch((e: unknown) => e);
    const sub = await stream.subscribe({ channels: ['trade'], market_tickers: ['KX-1'] });
    const updated = await sub.update({ add: 'KX-1' as unknown as string[] }).catch((e: unknown) => e);
    expect((refused as Error).message.replace('market_tickers: ', '')).toBe(
      (updated as Error).message.replace('add: ', ''),
    );
  });
});

// Outside test round 13 (S-D2, S-D3, S-D7). AsyncAPI subscribeCommandPayload.params: `market_tickers` and
// `market_ids` have minItems 1; `market_ticker` is "mutually exclusive with market_tickers", `market_id` and
// `market_ids` each with the other and with market_ticker(s) (kalshi-api-notes §9.2: "`market_ticker` XOR
// `market_tickers`"). README: "A subscription opened without `market_tickers` receives every market", so an empty list
// sent as none would widen the caller's request to every market. A channel listed twice: the spec and the notes are
// silent; §9.3 answers each channel with its own `subscribed`, §9.2 merges a second subscribe to a channel into the
// first, and the README refuses a second subscription to a channel, so the duplicate is refused before sending.
describe('subscribe params the spec rules out, refused before sending (S-D2, S-D3, S-D7)', () => {
  it.each([
    ['market_tickers', 'fill'],
    ['market_ids', 'ticker'],
  ] as const)('an empty %s (%s) is refused: it would subscribe to every market', async (field, channel) => {
    const stream = await open();
    const error = await stream.subscribe({ channels: [channel], [field]: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain('give at least one market');
    expect((error as Error).message).toContain(`leave ${field} out to receive every market`);
    expect(fake.commands).toEqual([]);
  });

  it.each([
    ['market_ticker', 'market_tickers', { market_ticker: 'KX-A', market_tickers: ['KX-B'] }],
    ['market_ticker', 'market_id', { market_ticker: 'KX-A', market_id: '3f0c2a4e-0000-4000-8000-000000000000' }],
    [
      'market_tickers',
      'market_ids',
      { market_tickers: ['KX-A'], market_ids: ['3f0c2a4e-0000-4000-8000-000000000000'] },
    ],
    ['market_id', 'market_ids', { market_id: 'u', market_ids: ['v'] }],
  ])('%s with %s is refused naming both', async (first, second, markets) => {
    const stream = await open();
    const error = await stream.subscribe({ channels: ['ticker'], ...markets }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: first });
    expect((error as Error).message).toBe(
      `${first}: not with ${second} (the AsyncAPI spec makes them mutually exclusive): give the markets in one of them`,
    );
    expect(fake.commands).toEqual([]);
  });

  it('a channel listed twice is refused naming it', async () => {
    const stream = await open();
    const error = await stream
      .subscribe({ channels: ['trade', 'market_positions', 'market_positions'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'channels' });
    expect((error as Error).message).toBe('channels: "market_positions" is listed twice: list each channel once');
    expect(fake.commands).toEqual([]);
  });

  // Round 38, attack C. AsyncAPI subscribeCommandPayload.params: market_id / market_ids subscribe "by UUID (ticker
  // only; …)"; the orderbook_delta and market_positions channels say "`market_id`/`market_ids` are not supported for
  // this channel"; kalshi-api-notes §9.2 "market_id/market_ids (UUIDs, ticker channel only)". Sent, the server's bare
  // 11 "Invalid parameter" names no param (the mock's answer; Kalshi's is not recorded): refused before sending, as the
  // other params the spec rules out are, naming the param and the channel.
  it.each<[string, SubscribeParams]>([
    ['market_ids', { channels: ['orderbook_delta'], market_ids: ['3f0c2a4e-0000-4000-8000-000000000000'] }],
    ['market_id', { channels: ['ticker', 'trade'], market_id: '3f0c2a4e-0000-4000-8000-000000000000' }],
  ])('%s with a channel other than ticker (%j) is refused naming both', async (field, params) => {
    const { channels } = params;
    const stream = await open();
    const error = await stream.subscribe(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(new RegExp(`^${field}: .*ticker channel only.*${channels.at(-1)}`));
    expect(fake.commands).toEqual([]);
  });

  // The round-38 review: with market_tickers given too, "give market_tickers instead" is wrong advice; the one-of rule
  // (AsyncAPI: mutually exclusive) speaks first.
  it('market_tickers and market_ids on another channel: refused for the pair, not told to give market_tickers', async () => {
    const stream = await open();
    const params = {
      channels: ['orderbook_delta'],
      market_tickers: ['KXA-1'],
      market_ids: ['3f0c2a4e-0000-4000-8000-000000000000'],
    } as SubscribeParams;
    const error = await stream.subscribe(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect((error as Error).message).toMatch(/^market_tickers: not with market_ids/);
    expect(fake.commands).toEqual([]);
  });
});

describe('no credentials (E-D12)', () => {
  it('is the KalshiMissingCredentialsError REST gives, naming createKalshiStream and the variables', async () => {
    const saved = { ...process.env };
    for (const name of ['KALSHI_API_KEY_ID', 'KALSHI_PRIVATE_KEY', 'KALSHI_PRIVATE_KEY_PATH']) delete process.env[name];
    try {
      const error = await createKalshiStream({ url: fake.url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
      expect(error).toMatchObject({ operationId: 'WebSocket handshake' });
      expect((error as Error).message).toMatch(/createKalshiStream/);
      expect((error as Error).message).toMatch(/KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY or KALSHI_PRIVATE_KEY_PATH/);
      expect((error as Error).message).not.toMatch(/createKalshiClient|accessToken/);
      expect(fake.handshakes).toEqual([]);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});

/** A server answering every upgrade request with `status` and `body`. */
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});
async function refusingServer(status: number, body: string, type = 'application/json') {
  const server = createServer();
  servers.push(server);
  server.on('upgrade', (_request, socket) => {
    socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: ${type}\r\nconnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The error a stream on `url` is refused with. */
async function connect(url: string): Promise<Error> {
  const stream = await createKalshiStream({
    url,
    credentials: await testSigner(),
    WebSocket: WebSocket as unknown as StreamSocketConstructor,
  }).catch((e: unknown) => e as Error);
  if (!(stream instanceof Error)) throw new Error(`${url}: connected`);
  return stream;
}

describe('a handshake refused 401 names the key id and the likely fix, as REST does (E-D5)', () => {
  it('a private key that is not the key id’s', async () => {
    const body = { error: { code: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' } };
    const error = await connect(`${await refusingServer(401, JSON.stringify(body))}/trade-api/ws/v2`);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(error.message).toMatch(`[WebSocket handshake]: check the private key is key id ${key.keyId}'s`);
  });

  it('a 401 with no detail: the key id and the possible causes', async () => {
    const body = { error: { code: 'authentication_error', message: 'authentication error' } };
    const error = await connect(`${await refusingServer(401, JSON.stringify(body))}/trade-api/ws/v2`);
    expect(error).toBeInstanceOf(KalshiAuthenticationError);
    expect(error.message).toMatch(`key id ${key.keyId}: the handshake was refused: an unknown or revoked API key id`);
  });

  it('an unknown key id on demo: "use demo keys with the demo environment"', () => {
    const body = { error: { code: 'authentication_error', details: 'NOT_FOUND' } };
    const error = handshakeError(401, body, 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2', 'abc-123');
    expect(error.message).toMatch(
      /: key id abc-123 is not registered on demo: check you use demo keys with the demo environment$/,
    );
  });

  it('an unknown key id off Kalshi’s hosts (a restarted mock): the host, no demo/production hint', () => {
    const body = { error: { code: 'authentication_error', details: 'NOT_FOUND' } };
    const error = handshakeError(401, body, 'ws://127.0.0.1:4010/trade-api/ws/v2', 'abc-123');
    expect(error.message).toMatch(/: key id abc-123 is not registered on 127\.0\.0\.1:4010$/);
  });
});

describe('a handshake refused 404 names the URL and the WebSocket path (E-D17)', () => {
  it('the REST URL given as the stream url', async () => {
    const body = JSON.stringify({ error: { code: 'not_found', message: 'not found' } });
    const url = `${await refusingServer(404, body)}/trade-api/v2`;
    const error = await connect(url);
    expect(error).toBeInstanceOf(KalshiNotFoundError);
    expect(error.message).toMatch(`[WebSocket handshake]: no WebSocket API at ${url}`);
    expect(error.message).toMatch(/Kalshi's is at \/trade-api\/ws\/v2 \(\/trade-api\/v2 is the REST API's\)/);
  });

  it('a server that is not Kalshi’s (an HTML 404), the URL without its query', async () => {
    const base = await refusingServer(404, '<html>not here</html>', 'text/html');
    const error = await connect(`${base}/trade-api/ws/v1?token=secret`);
    expect(error).toBeInstanceOf(KalshiNotFoundError);
    expect(error.message).toMatch(`no WebSocket API at ${base}/trade-api/ws/v1: Kalshi's is at /trade-api/ws/v2`);
    expect(error.message).not.toMatch(/secret/);
  });

  // kalshi-api-notes §1: REST is under /trade-api/v2; the same URL written with a trailing slash is the same slip.
  it('the REST URL with a trailing slash gets the same hint', () => {
    const error = handshakeError(404, '', 'wss://demo-api.kalshi.co/trade-api/v2/');
    expect(error.message).toMatch(
      "no WebSocket API at wss://demo-api.kalshi.co/trade-api/v2/: Kalshi's is at /trade-api/ws/v2 (/trade-api/v2 is the REST API's)",
    );
  });

  // Round 24, tester A (A2): the handshake is signed (notes §2.5) over timestamp, method and path only (§2.1); over
  // ws:// to a host that is not loopback anyone on the way could reuse it for ±30 s (§2.2), REST orders included.
  it.each([
    ['ws://api.elections.kalshi.com/trade-api/ws/v2', 'api.elections.kalshi.com'],
    ['ws://203.0.113.7:8080/trade-api/ws/v2', '203.0.113.7'],
  ])('a ws:// url to %s, before signing or connecting', async (url, host) => {
    const error = await connect(url);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.message).toBe(
      `url: ws:// to ${host} would send the signature in cleartext, and it covers neither body nor query: whoever reads it can send another order with it for about 30 s. Use wss://; a kalshi-mock: on a loopback host (127.0.0.1), or elsewhere with its --credentials-out file whole as credentials`,
    );
  });

  it("a ws:// url anywhere with a mock's key (kalshi-mock serve's key file): a mock in a container", async () => {
    const { created, WebSocket } = fakeSockets();
    const url = 'ws://kalshi-mock:4010/trade-api/ws/v2';
    const credentials = { keyId: key.keyId, privateKey: key.privateKeyPem, mockServerUrl: 'http://kalshi-mock:4010' };
    const stream = await createKalshiStream({ url, credentials, WebSocket });
    expect(created.map((socket) => socket.url)).toEqual([url]);
    await stream.close();
  });

  // A path outside /trade-api/ is never Kalshi's, and no signature over it verifies (notes §2.1, §2.5): refused as the
  // url, before signing or connecting.
  it('a url whose path is outside /trade-api/, before connecting', async () => {
    const error = await connect('ws://127.0.0.1:1/ws?token=secret');
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error.message).toBe(
      'url: expected a path under /trade-api/ (Kalshi\'s WebSocket API is at /trade-api/ws/v2), got "/ws"',
    );
  });
});
