import { getResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../src/generated/manifest';
import { BASE, type Harness, harness, order } from '../helpers';

// Spec 3.31.0: GetFills, GetPositions and GetFillsHistorical list `kalshiOauthAccessToken` (http bearer) as an
// alternative to the key headers, "Accepted only on current and historical fills and current portfolio positions
// endpoints". kalshi-api-notes are silent on OAuth: the 401 for a bad token is taken to be the shape of the other
// auth errors (notes §2.3), without details.
const TOKEN_PATHS = ['/historical/fills', '/portfolio/fills', '/portfolio/positions'];

let h: Harness;
beforeAll(async () => {
  h = await harness();
  // The test account buys into a market, so that its fills and positions are not empty.
  const market = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active');
  if (!market) throw new Error('no active market');
  const taker = order(market.ticker, { price: '0.9900', time_in_force: 'immediate_or_cancel' });
  expect((await h.call('POST', '/portfolio/events/orders', taker)).status).toBe(201);
});

async function withToken(authorization: string | undefined, path: string) {
  const headers = authorization === undefined ? undefined : { authorization };
  const response = await getResponse(h.mock.handlers, new Request(`${BASE}${path}`, { headers }));
  return { status: response?.status, body: await response?.json() };
}

describe('an OAuth bearer token', () => {
  it('is taken on exactly the operations the spec opens to it, acting as its account', async () => {
    const bearer = Object.values(operations).filter((op) => op.bearer);
    expect(bearer.map((op) => op.path).sort()).toEqual(TOKEN_PATHS);
    for (const path of TOKEN_PATHS) {
      const signed = await h.call('GET', path);
      expect(signed.status).toBe(200);
      expect(await withToken(`Bearer ${h.mock.accessToken}`, path)).toEqual({ status: 200, body: signed.body });
    }
    expect((await h.call('GET', '/portfolio/fills')).body.fills.length).toBeGreaterThan(0);
  });

  it("of another account answers that account's fills and positions", async () => {
    const user = h.mock.addUser();
    expect(user.accessToken).not.toBe(h.mock.accessToken);
    const fills = await withToken(`Bearer ${user.accessToken}`, '/portfolio/fills');
    expect(fills).toMatchObject({ status: 200, body: { fills: [] } });
    const positions = await withToken(`bearer ${user.accessToken}`, '/portfolio/positions');
    expect(positions).toMatchObject({ status: 200, body: { market_positions: [] } });
  });

  it.each([
    ['an unknown account', 'Bearer kalshi-mock-oauth.00000000-0000-4000-8000-000000000000'],
    ['the house account (no API key)', 'Bearer kalshi-mock-oauth.00000000-0000-4000-8000-00000000a001'],
    ['a foreign token', 'Bearer some-other-token'],
    ['an empty token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 authentication_error to %s', async (_, authorization) => {
    expect(await withToken(authorization, '/portfolio/fills')).toEqual({
      status: 401,
      body: { error: { code: 'authentication_error', message: 'authentication_error' } },
    });
  });

  // A token is the mock's own prefix plus the account's user id (oauth.ts): the same id behind another prefix is not it.
  it('answers 401 to a token of the right account behind another prefix', async () => {
    const forged = h.mock.accessToken.replace(/^kalshi-mock-oauth\./, 'kalshi-fake-oauth.');
    expect(forged).not.toBe(h.mock.accessToken);
    expect(await withToken(`Bearer ${forged}`, '/portfolio/fills')).toEqual({
      status: 401,
      body: { error: { code: 'authentication_error', message: 'authentication_error' } },
    });
  });

  // auth.ts: a token may stand in for signature headers, not override them; headers present are checked (notes §2.3).
  it('does not rescue a request whose signature headers are bad: the signature decides', async () => {
    const signedForAnotherPath = await h.signer.sign({ method: 'GET', url: `${BASE}/portfolio/positions` });
    const headers = { ...signedForAnotherPath, authorization: `Bearer ${h.mock.accessToken}` };
    const response = await getResponse(h.mock.handlers, new Request(`${BASE}/portfolio/fills`, { headers }));
    expect({ status: response?.status, body: await response?.json() }).toMatchObject({
      status: 401,
      body: { error: { details: 'INCORRECT_API_KEY_SIGNATURE' } },
    });
  });

  it('is not looked at elsewhere: an authenticated operation still answers the missing-key 401', async () => {
    for (const path of ['/portfolio/balance', '/portfolio/orders']) {
      expect(await withToken(`Bearer ${h.mock.accessToken}`, path)).toMatchObject({
        status: 401,
        body: { error: { code: 'access_key_is_missing_from_headers' } },
      });
    }
    expect(await withToken(undefined, '/portfolio/fills')).toMatchObject({
      status: 401,
      body: { error: { code: 'access_key_is_missing_from_headers' } },
    });
  });
});

it("meters a token's requests against its account's read bucket, the one its keys spend (the notes say nothing of tokens)", async () => {
  const limited = await harness({
    rateLimit: { read: { refillRate: 1, capacity: 30 }, write: { refillRate: 1, capacity: 20 } },
  });
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    const request = new Request(`${BASE}/portfolio/fills`, {
      headers: { authorization: `Bearer ${limited.mock.accessToken}` },
    });
    statuses.push((await getResponse(limited.mock.handlers, request))?.status);
  }
  expect(statuses).toEqual([200, 200, 200, 429]);
});
