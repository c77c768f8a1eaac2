import { expect, it } from 'vitest';
import { KalshiValidationError } from '../../src';
import { createKalshiStream, STREAM_URLS, type StreamOptions } from '../../src/ws';
import { testSigner } from '../helpers';
import { fakeSockets } from './fake-socket';

// A heartbeat of 0 or 1 ms reconnected a healthy stream forever (outside round 5, verifier): its probe's reply cannot
// arrive in time. Timing and size options are checked before anything is signed or opened, each error naming its
// field. The notes are silent on limits: the floors are the SDK's (100 ms heartbeat, a queue of 2).
const bad: [
  keyof StreamOptions | 'reconnect.initialDelayMs' | 'initialDelay' | 'streamUrl' | 'baseUrl',
  Partial<StreamOptions>,
][] = [
  // Tester U, D1: a plain-JS `streamUrl` (the README's old word) or `baseUrl` was ignored: the stream went to production.
  ['streamUrl', { streamUrl: 'ws://127.0.0.1:2/trade-api/ws/v2' } as Partial<StreamOptions>],
  ['baseUrl', { baseUrl: 'http://127.0.0.1:2/trade-api/v2' } as Partial<StreamOptions>],
  ['heartbeatMs', { heartbeatMs: 0 }],
  ['heartbeatMs', { heartbeatMs: 1 }],
  ['heartbeatMs', { heartbeatMs: Number.NaN }],
  ['heartbeatMs', { heartbeatMs: Number.POSITIVE_INFINITY }],
  ['heartbeatMs', { heartbeatMs: '30000' as unknown as number }],
  ['connectTimeoutMs', { connectTimeoutMs: 0 }],
  ['connectTimeoutMs', { connectTimeoutMs: -5 }],
  ['queueSize', { queueSize: 1 }],
  ['queueSize', { queueSize: 2.5 }],
  ['reconnect.initialDelayMs', { reconnect: { initialDelayMs: Number.NaN } }],
  // Round 22 (tester A): a misspelt reconnect option was dropped and the default backoff used; `clockFrom: 5` was
  // taken and read at every handshake.
  ['initialDelay', { reconnect: { initialDelay: 10 } as never }],
  ['reconnect', { reconnect: false as never }],
  ['clockFrom', { clockFrom: 5 as never }],
  ['WebSocket', { WebSocket: 'ws' as never }],
  ['signal', { signal: {} as never }],
  ['clockFrom', { clockFrom: { clockOffset: 5 } as never }],
];

it.each(bad)('refuses a bad %s before signing or opening a socket', async (field, option) => {
  const sockets = fakeSockets();
  const signer = await testSigner();
  let signed = 0;
  const counting = {
    ...signer,
    sign: (input: Parameters<typeof signer.sign>[0]) => {
      signed++;
      return signer.sign(input);
    },
  };
  const error = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    credentials: counting,
    WebSocket: sockets.WebSocket,
    ...option,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field });
  expect(signed).toBe(0);
  expect(sockets.created).toHaveLength(0);
});

// StreamOptions.url's TSDoc: without `url`, "the environment's recommended host" (STREAM_URLS lists it first,
// kalshi-api-notes §1); the environment defaults to production, as the REST client's does (client README).
it.each([
  ['no environment: production', undefined, STREAM_URLS.production[0]],
  ["environment 'demo'", 'demo', STREAM_URLS.demo[0]],
] as const)('without url, connects to the recommended host: %s', async (_, environment, host) => {
  const sockets = fakeSockets();
  const stream = await createKalshiStream({
    environment,
    credentials: await testSigner(),
    WebSocket: sockets.WebSocket,
  });
  expect(sockets.created.map((socket) => socket.url)).toEqual([host]);
  await stream.close();
});

// Attack round 33 (C): the REST client refuses a baseUrl with an empty path segment (round 31 D); the stream's `url`
// with one (`…/ws//v2`, `…/v2//`, a copy-paste slip) was taken, and every handshake signed over a path Kalshi does not
// serve (kalshi-api-notes §2.1: the signature covers the path; the notes are silent on how an empty segment is read,
// and either answer fails). Refused before signing or opening, naming `url` and the URL meant, as baseUrl is.
it.each([
  ['wss://external-api.kalshi.com/trade-api/ws/v2//', 'wss://external-api.kalshi.com/trade-api/ws/v2'],
  ['ws://127.0.0.1:1/trade-api/ws//v2', 'ws://127.0.0.1:1/trade-api/ws/v2'],
  ['ws://127.0.0.1:1//trade-api/ws/v2', 'ws://127.0.0.1:1/trade-api/ws/v2'],
])('refuses a url with an empty path segment (//), %s, naming the URL meant', async (url, meant) => {
  const sockets = fakeSockets();
  const error = await createKalshiStream({ url, credentials: await testSigner(), WebSocket: sockets.WebSocket }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'url' });
  expect((error as Error).message).toContain(`give "${meant}"`);
  expect(sockets.created).toHaveLength(0);
});

// Attack round 33 (C): a `url` with a fragment (`…/ws/v2#x`) was signed for, then failed as a KalshiConnectionError
// ("cannot connect"), the WebSocket constructor's SyntaxError inside: WHATWG's WebSocket and the `ws` package refuse
// a URL with a fragment, so no connect could succeed, and the error named no option. Refused as `url`, as the
// REST client refuses a baseUrl with one, before anything is signed or opened.
it('refuses a url with a fragment (#) before signing or opening, naming url', async () => {
  const sockets = fakeSockets();
  const error = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2#x',
    credentials: await testSigner(),
    WebSocket: sockets.WebSocket,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'url' });
  expect((error as Error).message).toMatch(/fragment/);
  expect(sockets.created).toHaveLength(0);
});

// Attack round 33 (C): a stream `url` with a user name and password (`wss://user:secret@…`) was taken, and the
// password quoted in every error naming the url (a bad path, an http: scheme, an empty path segment) and in every
// "cannot connect to …" after. Errors never carry secrets (the REST client refuses such a baseUrl, giving it
// without them); Kalshi's WebSocket authenticates by the signed handshake (kalshi-api-notes §2.5), not by them.
it.each([
  'ws://user:s3cret@127.0.0.1:1/trade-api/ws/v2',
  'ws://user:s3cret@127.0.0.1:1/trade-api/ws//v2',
  'ws://user:s3cret@127.0.0.1:1/elsewhere',
  'http://user:s3cret@127.0.0.1:1/trade-api/ws/v2',
])('refuses a url with a user name or password, %s, without quoting them', async (url) => {
  const sockets = fakeSockets();
  const error = await createKalshiStream({ url, credentials: await testSigner(), WebSocket: sockets.WebSocket }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'url' });
  expect((error as Error).message).not.toMatch(/s3cret|user@/);
  expect(sockets.created).toHaveLength(0);
});

// A typo makes it no URL at all (`wss//`, a space in the host): it was quoted whole, password included.
it.each(['wss//user:s3cret@127.0.0.1:1/trade-api/ws/v2', 'wss://user:s3cret@127.0.0 .1:1/trade-api/ws/v2'])(
  'refuses %s (not a URL) without quoting the password',
  async (url) => {
    const sockets = fakeSockets();
    const error = await createKalshiStream({
      url,
      credentials: await testSigner(),
      WebSocket: sockets.WebSocket,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'url' });
    expect((error as Error).message).not.toMatch(/s3cret/);
    expect(sockets.created).toHaveLength(0);
  },
);

// Round 35 (S4): a query holds secrets as user info does (a proxy's `?token=`): quoted whole in the errors naming the
// url and in "cannot connect to …". The notes are silent (Kalshi's handshake takes no query); errors never carry
// secrets, so the url is quoted with `?…` for its query, as codegen's specUrlName quotes a spec URL.
it.each([
  'ws://127.0.0.1:1/trade-api/ws//v2?token=s3cret',
  'ws://127.0.0.1:1/trade-api/ws/v2?token=s3cret#x',
  'wss//127.0.0.1:1/trade-api/ws/v2?token=s3cret',
])('refuses %s without quoting its query', async (url) => {
  const sockets = fakeSockets();
  const error = await createKalshiStream({ url, credentials: await testSigner(), WebSocket: sockets.WebSocket }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect(error).toMatchObject({ field: 'url' });
  expect((error as Error).message).not.toMatch(/s3cret/);
  expect((error as Error).message).toMatch(/\?…/);
});

it('"cannot connect to …" quotes the url without its query', async () => {
  class Refusing {
    constructor() {
      throw new Error('refused');
    }
  }
  const error = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2?token=s3cret',
    credentials: await testSigner(),
    WebSocket: Refusing as never,
  }).catch((e: unknown) => e);
  expect((error as Error).message).toBe('WebSocket: cannot connect to ws://127.0.0.1:1/trade-api/ws/v2?…: refused');
});
