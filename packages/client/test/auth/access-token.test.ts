import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type KalshiLogger, KalshiMissingCredentialsError, KalshiValidationError, operations, unwrap } from '../../src';
import { createKalshiStream } from '../../src/ws';
import { json, key, observedClient } from '../helpers';
import { fakeSockets } from '../ws/fake-socket';

// Kalshi's spec (3.31.0) accepts an OAuth bearer token (components.securitySchemes.kalshiOauthAccessToken, type http,
// scheme bearer) as the alternative to the key headers on three operations: "Accepted only on current and historical
// fills and current portfolio positions endpoints". kalshi-api-notes are silent on OAuth.
const TOKEN = 'partner-token.abc-123_XYZ~';
const TOKEN_PATHS = ['/portfolio/fills', '/portfolio/positions', '/historical/fills'] as const;
const page = () => json({ fills: [], market_positions: [], event_positions: [], cursor: '' });

const tokenClient = (options: Parameters<typeof observedClient>[1] = {}) =>
  observedClient(page, { credentials: { accessToken: TOKEN }, ...options });

describe('credentials: { accessToken }', () => {
  it('sends Authorization: Bearer and no key headers on the operations the spec opens to a token', async () => {
    expect(
      Object.values(operations)
        .filter((op) => op.bearer)
        .map((op) => op.path)
        .sort(),
    ).toEqual([...TOKEN_PATHS].sort());
    const { client, requests } = await tokenClient();
    for (const path of TOKEN_PATHS) unwrap(await client.GET(path));
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect([...request.headers.keys()].filter((name) => name.startsWith('kalshi-access'))).toEqual([]);
    }
    expect(client.signer).toBeUndefined();
  });

  it('fails any other authenticated operation before sending, saying where the token works', async () => {
    const { client, requests } = await tokenClient();
    const balance = await client.GET('/portfolio/balance').catch((e: unknown) => e);
    const order = await client
      .placeOrder({ ticker: 'T', action: 'buy', side: 'yes', count: 1, price: '0.40' })
      .catch((e: unknown) => e);
    for (const [error, operationId] of [
      [balance, 'GetBalance'],
      [order, 'CreateOrderV2'],
    ] as const) {
      expect(error).toBeInstanceOf(KalshiMissingCredentialsError);
      expect(error).toMatchObject({ operationId });
      const message = (error as Error).message;
      expect(message).toMatch(
        new RegExp(`^${operationId} needs API key credentials \\(an access token is accepted only on `),
      );
      for (const id of ['GetFills,', 'GetPositions', 'GetFillsHistorical']) expect(message).toContain(id);
      expect(inspect(error)).not.toContain(TOKEN);
    }
    expect(requests).toHaveLength(0);
  });

  it('sends public operations without the token', async () => {
    const { client, requests } = await observedClient(() => json({ markets: [], cursor: '' }), {
      credentials: { accessToken: TOKEN },
    });
    unwrap(await client.GET('/markets'));
    expect(requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('signs instead when a key is given with the token: every authenticated operation takes a signature', async () => {
    const credentials = { keyId: key.keyId, privateKey: key.privateKeyPem, accessToken: TOKEN };
    const { client, requests } = await observedClient(page, { credentials });
    unwrap(await client.GET('/portfolio/fills'));
    unwrap(await client.GET('/portfolio/balance'));
    for (const request of requests) {
      expect(request.headers.get('kalshi-access-key')).toBe(key.keyId);
      expect(request.headers.has('authorization')).toBe(false);
    }
  });

  it.each([
    ['', /an empty string/],
    [42, /a number/],
    [null, /null/],
    ['two words', /spaces or other characters \(not shown\)/],
    ['tok\nen', /spaces or other characters/],
    ['tökén', /spaces or other characters/],
  ])('refuses %j as a token at creation, naming accessToken and never the value', async (accessToken, reason) => {
    const error = await observedClient(page, { credentials: { accessToken } as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field: 'accessToken' });
    expect((error as Error).message).toMatch(reason);
    if (typeof accessToken === 'string' && accessToken) expect((error as Error).message).not.toContain(accessToken);
  });

  // Like a signature (round 24, A2) but worse: a bearer token works for whoever holds it until it expires, so plain
  // http may carry it only to this machine. The mock's own tokens (`kalshi-mock-oauth.` + user id, the mock's README)
  // hold no real account and may go to a mock anywhere (a container).
  it('refuses plain http off loopback with a token, at creation and per call, before sending', async () => {
    const baseUrl = 'http://203.0.113.7:8080/trade-api/v2';
    const refusal =
      'baseUrl: http:// to 203.0.113.7 would send the access token in cleartext, and whoever reads it can use it until it expires. Use https://; a kalshi-mock: on a loopback host (127.0.0.1), or elsewhere with its --credentials-out file whole as credentials';
    const created = await tokenClient({ baseUrl }).catch((e: unknown) => e);
    expect(created).toBeInstanceOf(KalshiValidationError);
    expect((created as Error).message).toBe(refusal);
    const { client, requests } = await tokenClient();
    const perCall = await client.GET('/portfolio/fills', { baseUrl }).catch((e: unknown) => e);
    expect((perCall as Error).message).toBe(refusal);
    expect(requests).toHaveLength(0);
    const loopback = await tokenClient({ baseUrl: 'http://127.0.0.1:4010/trade-api/v2' });
    await loopback.client.GET('/portfolio/fills');
    expect(loopback.requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    const mockToken = 'kalshi-mock-oauth.00000000-0000-4000-8000-000000000001';
    const container = await observedClient(page, { baseUrl, credentials: { accessToken: mockToken } });
    await container.client.GET('/portfolio/fills');
    expect(container.requests[0]?.headers.get('authorization')).toBe(`Bearer ${mockToken}`);
  });

  it('keeps the token out of util.inspect, log events and API errors', async () => {
    const lines: unknown[] = [];
    const record = (fields: object, message: string) => lines.push({ fields, message });
    const logger: KalshiLogger = { debug: record, info: record, warn: record, error: record };
    const { client } = await observedClient(
      (_request, n) =>
        n === 1
          ? json({ error: { code: 'service_unavailable', message: 'down' } }, 503)
          : json({ error: { code: 'authentication_error', message: 'authentication_error' } }, 401),
      { credentials: { accessToken: TOKEN }, logger, logLevel: 'debug' },
    );
    const result = await client.GET('/portfolio/positions');
    const error = (() => {
      try {
        return unwrap(result);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ status: 401 });
    expect(lines.length).toBeGreaterThan(1); // the attempts and the retry were logged
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    expect(inspect(error, { depth: 8, showHidden: true })).not.toContain(TOKEN);
    expect(inspect(client, { depth: 8, showHidden: true })).not.toContain(TOKEN);
  });
});

it('refuses a token for a stream before connecting: the AsyncAPI spec declares only the signed handshake', async () => {
  const sockets = fakeSockets();
  const error = await createKalshiStream({
    url: 'ws://127.0.0.1:1/trade-api/ws/v2',
    // @ts-expect-error a stream takes a key or a signer, not a token
    credentials: { accessToken: TOKEN },
    WebSocket: sockets.WebSocket,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiValidationError);
  expect((error as Error).message).toMatch(/^credentials: Kalshi's WebSocket does not accept an OAuth access token/);
  expect((error as Error).message).not.toContain(TOKEN);
  expect(sockets.created).toHaveLength(0);
});
